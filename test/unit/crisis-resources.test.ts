// The crisis resources data file: every line the issue requires, a source for
// each, a verification date that is at most 12 months older than the file
// itself (so the test reminds maintainers to re-check), region choice, and the
// `integrate crisis` command and help footer.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestCtx } from '../../src/context.js';
import { CRISIS_DATA, regionFrom, resourcesFor, type Resource } from '../../src/domain/crisis.js';
import { isValidDay, daysBetween } from '../../src/domain/time.js';
import { main } from '../../src/main.js';
import { crisisText } from '../../src/safety.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DATA_FILE = path.join('src', 'data', 'crisis-resources.json');
const raw = JSON.parse(fs.readFileSync(path.join(ROOT, DATA_FILE), 'utf8')) as typeof CRISIS_DATA;

const allEntries = (): [string, Resource][] => [
  ...Object.entries(raw.regions).flatMap(([region, list]) => list.map((r): [string, Resource] => [region, r])),
  ...raw.international.map((r): [string, Resource] => ['international', r]),
  ...raw.peerSupport.map((r): [string, Resource] => ['peerSupport', r]),
];
const line = (r: Resource) => `${r.name}: ${r.contact}`;
const lines = (list: Resource[]) => list.map(line).join('\n');

/** The file's own date: its last commit, or its modification time when git has no record of it. */
function fileDate(): string {
  try {
    const out = execFileSync('git', ['log', '-1', '--format=%cs', '--', DATA_FILE], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (/^\d{4}-\d{2}-\d{2}$/.test(out)) return out;
  } catch {
    // not a git checkout (e.g. an unpacked tarball)
  }
  return fs.statSync(path.join(ROOT, DATA_FILE)).mtime.toISOString().slice(0, 10);
}

describe('crisis-resources.json', () => {
  it('is what the code uses', () => {
    expect(CRISIS_DATA).toEqual(raw);
  });

  it('US: 988 call or text, chat at 988lifeline.org; Crisis Text Line HOME to 741741; 911', () => {
    const us = lines(raw.regions.US!);
    expect(us).toMatch(/988 Suicide & Crisis Lifeline: call or text 988.*chat at 988lifeline\.org/);
    expect(us).toMatch(/Crisis Text Line: text HOME to 741741/);
    expect(us).toMatch(/call 911/);
  });

  it('Canada: 911', () => {
    expect(lines(raw.regions.CA!)).toMatch(/call 911/);
  });

  it('UK and Ireland: Samaritans 116 123; UK 999 or 112', () => {
    expect(lines(raw.regions.GB!)).toMatch(/Samaritans.*116 123/);
    expect(lines(raw.regions.GB!)).toMatch(/999/);
    expect(lines(raw.regions.GB!)).toMatch(/112/);
    expect(lines(raw.regions.IE!)).toMatch(/Samaritans.*116 123/);
    expect(lines(raw.regions.IE!)).toMatch(/112/);
  });

  it('EU: 112', () => {
    expect(lines(raw.regions.EU!)).toMatch(/call 112/);
  });

  it('the international directory findahelpline.com', () => {
    expect(lines(raw.international)).toMatch(/findahelpline\.com/);
  });

  it('Fireside Project: call or text 62-FIRESIDE, (623) 473-7433, described as not an emergency service', () => {
    const fireside = raw.peerSupport.find((r) => r.name.startsWith('Fireside Project'));
    expect(fireside).toBeDefined();
    expect(fireside!.contact).toMatch(/call or text 62-FIRESIDE/);
    expect(fireside!.contact).toContain('(623) 473-7433');
    expect(line(fireside!)).toMatch(/psychedelic peer support/);
    expect(line(fireside!)).toMatch(/not an emergency service/);
  });

  it('every entry has a name, a contact and an https source URL', () => {
    expect(allEntries().length).toBeGreaterThanOrEqual(9);
    for (const [where, r] of allEntries()) {
      expect(Object.keys(r).sort(), where).toEqual(['contact', 'name', 'source']);
      expect(r.name.trim(), where).not.toBe('');
      expect(r.contact.trim(), where).not.toBe('');
      const url = new URL(r.source);
      expect(url.protocol, `${where}: ${r.source}`).toBe('https:');
      expect(url.hostname, where).toMatch(/\.[a-z]{2,}$/);
    }
  });

  it('lastVerified is a real date within the 12 months before the file was last changed', () => {
    expect(isValidDay(raw.lastVerified)).toBe(true);
    const fileDay = fileDate();
    const age = daysBetween(raw.lastVerified, fileDay);
    // Not after the file's own date, and not more than a year before it. When this
    // fails: re-check every line against its source, then update lastVerified.
    expect(age, `lastVerified ${raw.lastVerified}, file dated ${fileDay}`).toBeGreaterThanOrEqual(0);
    expect(age, `lastVerified ${raw.lastVerified} is more than 12 months older than the file (${fileDay}); re-check the lines`).toBeLessThanOrEqual(365);
  });
});

describe('region choice', () => {
  it('from --region (case-insensitive, UK means GB, EU countries map to EU)', () => {
    expect(regionFrom('GB', undefined)).toBe('GB');
    expect(regionFrom('uk', undefined)).toBe('GB');
    expect(regionFrom(' us ', undefined)).toBe('US');
    expect(regionFrom('de', undefined)).toBe('EU');
    expect(regionFrom('FR', undefined)).toBe('EU');
    expect(regionFrom('IE', undefined)).toBe('IE');
    expect(regionFrom('CA', undefined)).toBe('CA');
    expect(regionFrom('ZZ', undefined)).toBeUndefined();
  });

  it('an explicit region wins over the locale', () => {
    expect(regionFrom('US', 'en_GB.UTF-8')).toBe('US');
  });

  it('from the locale: en_GB.UTF-8 is GB, de_DE is EU, en_US is US', () => {
    expect(regionFrom(undefined, 'en_GB.UTF-8')).toBe('GB');
    expect(regionFrom(undefined, 'de_DE')).toBe('EU');
    expect(regionFrom(undefined, 'de_DE.UTF-8')).toBe('EU');
    expect(regionFrom(undefined, 'en_US')).toBe('US');
    expect(regionFrom(undefined, 'en-CA')).toBe('CA');
    expect(regionFrom(undefined, 'en_IE.UTF-8')).toBe('IE');
  });

  it('unknown locales give no region', () => {
    expect(regionFrom(undefined, 'C')).toBeUndefined();
    expect(regionFrom(undefined, 'C.UTF-8')).toBeUndefined();
    expect(regionFrom(undefined, 'POSIX')).toBeUndefined();
    expect(regionFrom(undefined, 'ja_JP.UTF-8')).toBeUndefined();
    expect(regionFrom(undefined, undefined)).toBeUndefined();
  });

  it('the international directory and peer support are always there, whatever the region', () => {
    for (const region of [undefined, 'US', 'GB', 'IE', 'CA', 'EU', 'ZZ']) {
      const r = resourcesFor(region);
      expect(lines(r.international)).toMatch(/findahelpline\.com/);
      expect(lines(r.peerSupport)).toMatch(/Fireside/);
    }
    expect(resourcesFor(undefined).regional).toEqual([]);
    expect(resourcesFor('ZZ').regional).toEqual([]);
  });

  it('crisisText: LC_ALL wins over LANG, INTEGRATE_REGION over both', () => {
    expect(crisisText(createTestCtx({ env: { LANG: 'en_US.UTF-8', LC_ALL: 'en_GB.UTF-8' } }))).toMatch(/116 123/);
    expect(crisisText(createTestCtx({ env: { LANG: 'en_US.UTF-8', INTEGRATE_REGION: 'GB' } }))).toMatch(/116 123/);
    expect(crisisText(createTestCtx({ env: { LANG: 'en_US.UTF-8', INTEGRATE_REGION: 'GB' } }), 'US')).toMatch(/988/);
  });

  it('crisisText for each locale: the right lines, and always the directory', () => {
    const gb = crisisText(createTestCtx({ env: { LANG: 'en_GB.UTF-8' } }));
    expect(gb).toMatch(/Samaritans.*116 123/);
    expect(gb).toMatch(/999 or 112/);
    expect(gb).not.toMatch(/988/);
    expect(gb).toMatch(/findahelpline\.com/);

    const de = crisisText(createTestCtx({ env: { LANG: 'de_DE.UTF-8' } }));
    expect(de).toMatch(/call 112/);
    expect(de).not.toMatch(/988|116 123/);
    expect(de).toMatch(/findahelpline\.com/);

    const us = crisisText(createTestCtx({ env: { LANG: 'en_US.UTF-8' } }));
    expect(us).toMatch(/call or text 988/);
    expect(us).toMatch(/HOME to 741741/);
    expect(us).toMatch(/911/);
    expect(us).toMatch(/findahelpline\.com/);
    expect(us).toMatch(/Fireside Project.*not an emergency service/);
  });

  it('with no known region: the emergency numbers in general, plus the directory', () => {
    const text = crisisText(createTestCtx({ env: { LANG: 'C.UTF-8' } }));
    expect(text).toMatch(/local emergency number/);
    expect(text).toMatch(/911.*999 or 112.*112/);
    expect(text).toMatch(/findahelpline\.com/);
  });
});

describe('integrate crisis', () => {
  async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
    const ctx = createTestCtx({ env });
    const code = await main(['node', 'integrate', ...args], ctx);
    return { code, out: ctx.io.stdout(), err: ctx.io.stderr(), ctx };
  }

  it('shows the resources for the locale on stdout, with the date they were checked', async () => {
    const { code, out, err } = await run(['crisis'], { LANG: 'en_US.UTF-8' });
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(/988 Suicide & Crisis Lifeline: call or text 988, or chat at 988lifeline\.org/);
    expect(out).toMatch(/Crisis Text Line: text HOME to 741741/);
    expect(out).toMatch(/findahelpline\.com/);
    expect(out).toMatch(/62-FIRESIDE, \(623\) 473-7433/);
    expect(out).toContain(`last checked on ${raw.lastVerified}`);
  });

  it('--region GB picks the UK lines whatever the locale', async () => {
    const { code, out } = await run(['crisis', '--region', 'GB'], { LANG: 'en_US.UTF-8' });
    expect(code).toBe(0);
    expect(out).toMatch(/Samaritans \(UK & Ireland\): call 116 123/);
    expect(out).toMatch(/call 999 or 112/);
    expect(out).not.toMatch(/988/);
    expect(out).toMatch(/findahelpline\.com/);
  });

  it('--region DE gives 112 and the directory', async () => {
    const { out } = await run(['crisis', '--region', 'DE']);
    expect(out).toMatch(/Emergency services: call 112/);
    expect(out).toMatch(/findahelpline\.com/);
  });

  it('saves nothing', async () => {
    const { ctx } = await run(['crisis']);
    expect(ctx.testStore.entries.list({ limit: 10 })).toEqual([]);
  });

  it('integrate --help mentions integrate crisis and that it is not a medical device', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('integrate crisis');
    expect(out).toContain('not a medical device');
    expect(out).toMatch(/not\s+a\s+substitute\s+for\s+care/);
    expect(out).toMatch(/Nobody monitors what you write/);
    expect(out).toMatch(/emergency number/);
    expect(out).toMatch(/crisis \[options\]\s+where to find help right now/);
  });
});
