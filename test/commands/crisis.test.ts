// `integrate crisis`, `help crisis`, `config set region` and the lines shown
// after saving, run through main() with the fake context: the right lines
// for the country, where the country came from, one-line warnings for codes
// integrate has nothing for, and nothing written.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestCtx, type TestCtxOptions } from '../../src/context.js';
import { main } from '../../src/main.js';
import { offerSupport } from '../../src/safety.js';
import { collectHome, homeText } from '../../src/commands/home.js';
import { tempDirs } from '../helpers/world.js';

const temp = tempDirs('integrate-crisis-');

/** Runs integrate; `flat` is stdout with line wrapping undone, for matching sentences. */
async function run(args: string[], opts: TestCtxOptions = {}) {
  // Each run's config folder is one the test can look into.
  const ctx = createTestCtx({ configDir: temp(), ...opts });
  const code = await main(['node', 'integrate', ...args], ctx);
  const out = ctx.io.stdout();
  return { code, out, flat: out.replace(/\n(?! {2}•|\n)/g, ' ').replace(/ {2,}(?!•)/g, ' '), err: ctx.io.stderr(), ctx };
}

/** A config folder in a temp dir, for config set/get through the real file. */
function withConfigFile() {
  const configDir = temp();
  return { file: path.join(configDir, 'config.json'), configDir };
}

describe('integrate crisis', () => {
  it('Australia from the locale: 000 and Lifeline, where the country came from, how to change it', async () => {
    const { code, out, flat, err } = await run(['crisis'], { env: { LANG: 'en_AU.UTF-8' } });
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(/Emergency services \(Australia\): call 000/);
    expect(out).toMatch(/Lifeline: call 13 11 14 · 24\/7/);
    expect(out).toMatch(/findahelpline\.com/);
    // On its own (no warm line before it), the list is introduced with the reassurance.
    expect(flat).toMatch(/please reach out now — you do not have to carry this alone:/);
    expect(flat).toMatch(/Lines for Australia \(AU\), from your locale en_AU\.UTF-8\. To change it: integrate config set region XX/);
    expect(out).not.toMatch(/911|988|999|Fireside/);
    expect(out).toMatch(/checked against their sources/);
  });

  it('with no country known: no country\'s number at all, the directory, and how to set it', async () => {
    const { out } = await run(['crisis'], { env: { LANG: 'C.UTF-8' } });
    expect(out).toMatch(/Your local emergency number/);
    expect(out).toMatch(/findahelpline\.com/);
    expect(out).toMatch(/integrate config set region XX/);
    // No emergency or crisis number of any country: no run of 3+ digits.
    const beforeFooter = out.split('\n\n')[0]!;
    expect(beforeFooter).not.toMatch(/\d{3}/);
  });

  it('an LC_ALL naming a country integrate has no lines for is not overruled by LANG', async () => {
    const { flat } = await run(['crisis'], { env: { LC_ALL: 'es_AR.UTF-8', LANG: 'en_US.UTF-8' } });
    expect(flat).not.toMatch(/988/);
    expect(flat).toMatch(/no lines for Argentina/);
  });

  it('a locale integrate has no lines for says so and points to the directory', async () => {
    const { flat, err } = await run(['crisis'], { env: { LANG: 'es_AR.UTF-8' } });
    expect(err).toBe('');
    expect(flat).toMatch(/no lines for Argentina \(your locale es_AR\.UTF-8\) yet; findahelpline\.com lists them/);
  });

  it.each([
    [{ LANG: 'en_US.UTF-8' }, [], /from your locale en_US\.UTF-8/],
    [{ LANG: 'en_US.UTF-8', INTEGRATE_REGION: 'gb' }, [], /Lines for United Kingdom \(GB\), from INTEGRATE_REGION/],
    [{ LANG: 'en_US.UTF-8', INTEGRATE_REGION: 'gb' }, ['--region', 'nz'], /Lines for New Zealand \(NZ\), from --region/],
    [{ LC_ALL: 'de_DE.UTF-8', LANG: 'en_US.UTF-8' }, [], /Lines for Germany \(DE\), from your locale de_DE\.UTF-8/],
    [{ LC_ALL: 'C.UTF-8', LANG: 'en_IE.UTF-8' }, [], /Lines for Ireland \(IE\), from your locale en_IE\.UTF-8/],
  ])('says where the country came from (%j %j)', async (env, args, pattern) => {
    expect((await run(['crisis', ...args], { env })).flat).toMatch(pattern);
  });

  it('the region setting is "from your settings"', async () => {
    const { flat } = await run(['crisis'], { env: { LANG: 'en_US.UTF-8' }, config: { region: 'IE' } });
    expect(flat).toMatch(/Pieta: call 1800 247 247/);
    expect(flat).toMatch(/Lines for Ireland \(IE\), from your settings/);
  });

  it('an unknown --region: one warning line on stderr, and the locale is used', async () => {
    const { code, out, err } = await run(['crisis', '--region', 'ZZ'], { env: { LANG: 'en_GB.UTF-8' } });
    expect(code).toBe(0);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/^--region "ZZ": no crisis lines for ZZ in integrate; showing lines for United Kingdom \(from your locale en_GB\.UTF-8\)/);
    expect(out).toMatch(/Samaritans: call 116 123/);
  });

  it('an unknown INTEGRATE_REGION and setting are each warned about, then the locale wins', async () => {
    const { out, err } = await run(['crisis'], { env: { LANG: 'en_NZ.UTF-8', INTEGRATE_REGION: 'AR' }, config: { region: 'QQ' } });
    const warnings = err.trim().split('\n');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^INTEGRATE_REGION="AR": no crisis lines for Argentina \(AR\)/);
    expect(warnings[1]).toMatch(/^The region setting "QQ": no crisis lines for QQ/);
    expect(out).toMatch(/1737/);
  });

  it('escape sequences in the locale or a region never reach the terminal', async () => {
    const { out, err } = await run(['crisis', '--region', 'Z\u001b[31mZ'], { env: { LANG: 'xx_\u001b]0;pwned\u0007' } });
    expect(out + err).not.toMatch(/\u001b|\u0007/);
  });

  it('Fireside Project appears only for the US, labelled with its hours and "not an emergency service"', async () => {
    const us = (await run(['crisis', '--region', 'US'])).out;
    expect(us.replace(/\s+/g, ' ')).toMatch(/Fireside Project \(psychedelic peer support, not an emergency service\): call or text 62-FIRESIDE, \(623\) 473-7433 · every day 11 a\.m\. to 11 p\.m\. Pacific time/);
    for (const region of ['CA', 'GB', 'AU', 'DE', 'international']) {
      expect((await run(['crisis', '--region', region])).out, region).not.toMatch(/Fireside/);
    }
  });

  it('an EU country with 112 only says so', async () => {
    const { out } = await run(['crisis', '--region', 'cz']);
    expect(out).toMatch(/Emergency services \(Czechia\): call 112/);
    expect(out).toMatch(/only the EU emergency number 112 for Czechia/);
  });

  it('--region international shows the directory only', async () => {
    const { out } = await run(['crisis', '--region', 'international'], { env: { LANG: 'en_US.UTF-8' } });
    expect(out).toMatch(/Showing the international directory only \(from --region\)/);
    expect(out).not.toMatch(/988/);
  });

  it('no phone number is split across lines, even in a narrow terminal', async () => {
    const { out } = await run(['crisis', '--region', 'NZ'], { columns: 40 });
    expect(out).toMatch(/call 0800 543 354 or text 4357 · 24\/7/);
    expect(out).toMatch(/call 0508 828 865/);
  });

  it('--json: the lines as data, each with source and date, and where the region came from', async () => {
    const { code, out, err } = await run(['crisis', '--json'], { env: { LANG: 'en_CA.UTF-8' } });
    expect(code).toBe(0);
    expect(err).toBe('');
    const data = JSON.parse(out);
    expect(data.region).toEqual({ code: 'CA', name: 'Canada' });
    expect(data.from).toEqual({ origin: 'locale', value: 'en_CA.UTF-8', variable: 'LANG' });
    expect(data.emergency.contact).toBe('call 911');
    expect(data.lines.map((l: { contact: string }) => l.contact)).toEqual(['call or text 988 (English or French)', 'text CONNECT to 686868']);
    for (const l of [data.emergency, ...data.lines, ...data.international]) {
      expect(l.source).toMatch(/^https:\/\//);
      expect(l.lastVerified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('--json with no country: nulls, and the directory', async () => {
    const data = JSON.parse((await run(['crisis', '--json'], { env: { LANG: 'C' } })).out);
    expect(data).toMatchObject({ region: null, from: null, emergency: null, lines: [] });
    expect(data.international[0].contact).toBe('findahelpline.com');
  });

  it('--list: every covered country with its emergency number; --list --json as data', async () => {
    const { out } = await run(['crisis', '--list']);
    expect(out).toMatch(/^ {2}AU {2}Australia +emergency: call 000$/m);
    expect(out).toMatch(/^ {2}SG {2}Singapore +emergency: call 995 \(ambulance\)$/m);
    expect(out).toMatch(/GR Greece/);
    const data = JSON.parse((await run(['crisis', '--list', '--json'])).out);
    expect(data.regions).toHaveLength(26);
    expect(data.regions.find((r: { code: string }) => r.code === 'JP')).toMatchObject({ name: 'Japan', emergency: 'call 119 (ambulance)' });
    expect(data.emergencyOnly.map((r: { code: string }) => r.code)).toContain('HR');
  });

  it('saves nothing', async () => {
    const { ctx } = await run(['crisis']);
    expect(ctx.testStore.entries.list({ limit: 10 })).toEqual([]);
  });
});

describe('integrate help crisis', () => {
  it('shows the lines, where the country came from, and how the region is chosen and set', async () => {
    const { code, flat: out } = await run(['help', 'crisis'], { env: { LANG: 'pt_BR.UTF-8' } });
    expect(code).toBe(0);
    expect(out).toMatch(/CVV \(Centro de Valorização da Vida\): call 188/);
    expect(out).toMatch(/from your locale pt_BR\.UTF-8/);
    expect(out).toMatch(/integrate config set region AU/);
    expect(out).toMatch(/integrate crisis --list shows the 26 countries covered/);
    expect(out).toMatch(/never contacts anyone/);
  });

  it('warns about an unknown INTEGRATE_REGION on stderr', async () => {
    const { err } = await run(['help', 'crisis'], { env: { INTEGRATE_REGION: 'XQ' } });
    expect(err).toMatch(/^INTEGRATE_REGION="XQ": no crisis lines/);
  });
});

describe('integrate config set region', () => {
  it('refuses a country integrate has no lines for, with exit 2, naming the covered codes, writing nothing', async () => {
    const { file, configDir } = withConfigFile();
    const { code, err } = await run(['config', 'set', 'region', 'AR'], { configDir });
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/No crisis lines for Argentina \(AR\) in integrate yet\. Covered: AT, AU, BE, .*US, ZA \(integrate crisis --list\); or set region to "international"/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('accepts a covered country (UK meaning GB), an EU 112-only country with a note, and "international"', async () => {
    const { file, configDir } = withConfigFile();
    expect((await run(['config', 'set', 'region', 'uk'], { configDir })).err).toBe('Set region to GB.\n');
    expect((await run(['config', 'set', 'region', 'gr'], { configDir })).err).toMatch(/^Set region to GR\. integrate has only the EU emergency number 112 for Greece/);
    expect((await run(['config', 'set', 'region', 'International'], { configDir })).err).toMatch(/^Set region to international\./);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ region: 'international' });
  });

  it('a region written by an older version that has no lines does not break other commands', async () => {
    const { file, configDir } = withConfigFile();
    fs.writeFileSync(file, JSON.stringify({ region: 'AR' }));
    expect((await run(['config', 'get', 'region'], { configDir })).out).toBe('AR\n');
    expect((await run(['config', 'list'], { configDir })).code).toBe(0);
  });
});

describe('after saving (offerSupport)', () => {
  it('guessed from the locale: says so in one line, with how to change it', () => {
    const ctx = createTestCtx({ env: { LANG: 'en_IE.UTF-8' } });
    offerSupport(ctx, 'Thank you.');
    const err = ctx.io.stderr().replace(/\s+/g, ' ');
    expect(err).toMatch(/Samaritans: call 116 123/);
    expect(err).toMatch(/Lines for Ireland, from your locale en_IE\.UTF-8\. Not where you are\? integrate config set region XX/);
  });

  it('set explicitly: the lines, no region chatter', () => {
    const ctx = createTestCtx({ env: { INTEGRATE_REGION: 'JP' } });
    offerSupport(ctx, 'Thank you.');
    const err = ctx.io.stderr();
    expect(err).toMatch(/Yorisoi Hotline/);
    expect(err).toMatch(/call 119 \(ambulance\)/);
    expect(err).not.toMatch(/Lines for|config set region/);
  });

  it('no country: the local emergency number and the directory, no country\'s number', () => {
    const ctx = createTestCtx({ env: {} });
    offerSupport(ctx, 'Thank you.');
    const err = ctx.io.stderr();
    expect(err).toMatch(/Your local emergency number/);
    expect(err).not.toMatch(/\d{3}/);
    expect(err).toMatch(/integrate config set region XX/);
  });

  it('an unknown INTEGRATE_REGION is warned about in the same message', () => {
    const ctx = createTestCtx({ env: { INTEGRATE_REGION: 'ZZ', LANG: 'en_AU.UTF-8' } });
    offerSupport(ctx, 'Thank you.');
    expect(ctx.io.stderr().replace(/\s+/g, ' ')).toMatch(/INTEGRATE_REGION="ZZ": no crisis lines for ZZ in integrate; showing lines for Australia/);
  });
});

describe('first-run welcome', () => {
  it('names the country the crisis lines are for and how to set it', async () => {
    const ctx = createTestCtx({ env: { LANG: 'en_ZA.UTF-8' }, configDir: temp() });
    const facts = { ...(await collectHome(ctx)), firstRun: true };
    const out = homeText(facts, ctx);
    expect(out).toContain('Crisis lines: integrate crisis (South Africa, from your locale en_ZA.UTF-8).');
    expect(out).toContain('To set your country: integrate config set region XX');
  });
});
