// End-to-end: `integrate summary` from the built bin against a temp database
// seeded through the CLI. Piped: raw Markdown on stdout, the period on
// stderr. --out: a 0600 file, its path and period on stderr. (The HTML page
// in headless Chromium: summary-chromium.test.ts.)
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, makeSandbox, runBin } from '../helpers/run-bin.js';

const NOTE = 'A starred note: # not a heading <b>nor bold</b>';

let box: ReturnType<typeof makeSandbox>;
let db: string;
const run = (args: string[], opts: { input?: string; env?: Record<string, string | undefined> } = {}) =>
  runBin(args, box.dir, { input: opts.input, env: { INTEGRATE_DB: db, ...opts.env } });

async function ok(args: string[], input?: string) {
  const result = await run(args, { input });
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

beforeAll(async () => {
  ensureBuilt();
  box = makeSandbox('integrate-e2e-summary-');
  db = box.file('summary.db');
  await ok(['checkin', '--date', '3 days ago 21:00', '--mood', '4', '--anxiety', '6', '--tag', 'work']);
  await ok(['session', 'add', '--date', '2 days ago 10:00', '--route', 'im', '--dose-mg', '50', '--intention', 'Meet the fear', '--note', '-'],
    'Bright colours.\nThen a long calm.');
  await ok(['checkin', '--date', 'yesterday 21:00', '--mood', '7', '--practice', 'meditation']);
  await ok(['checkin', '--date', 'yesterday 22:00', '--mood', '3', '--note', '-', '--private'], 'wombat secrets');
  const starred = await ok(['checkin', '--mood', '6', '--note', '-', '--json'], NOTE);
  const id = (JSON.parse(starred.stdout) as { id: string }).id;
  await ok(['edit', id.slice(0, 8), '--star']);
});

afterAll(() => box.cleanup());

describe('integrate summary (built bin)', () => {
  it('piped: raw Markdown on stdout, the period on stderr, no colour, escaped text, no private words', async () => {
    const result = await ok(['summary']);
    expect(result.stderr).toMatch(/^Summary of \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d \(the last 30 days; no earlier summary written with --out\)\.\n$/);
    const md = result.stdout;
    expect(md).toMatch(/^# Integration summary: \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\n\nPeriod: .* \(30 days\)\. Generated /);
    expect(md).not.toContain('\u001b');
    expect(md).toContain('4 entries on 3 of 30 days; 1 dosing session in the period.');
    expect(md).toContain('## Needs attention\n\nNothing flagged in this period.');
    expect(md).toMatch(/### Session 1: \d{4}-\d\d-\d\d, IM injection, 50 mg\n\n- Intention: Meet the fear\n/);
    expect(md).toContain('  - Note: A starred note: # not a heading \\<b>nor bold\\</b>');
    // Daily means 4, 5 (7 and the private 3) and 6: the private check-in counts.
    expect(md).toMatch(/\| Mood \(0–10, 0 = worst, 10 = best\) \| `[^`]+` \| 5 \| 4 \| 6 \| 3 \|/);
    expect(md).not.toContain('wombat');
    expect(md.trimEnd()).toMatch(/not a clinical document.*\*$/);
  });

  it('--format html --out: a 0600 file, its path and period on stderr, nothing on stdout; the same day keeps the period', async () => {
    const file = box.file('summary.html');
    const result = await ok(['summary', '--format', 'html', '--out', 'summary.html']);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^Wrote ${fs.realpathSync(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the summary of \\d{4}-\\d\\d-\\d\\d to \\d{4}-\\d\\d-\\d\\d \\(the last 30 days`));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html.match(/<svg[\s>]/g)).toHaveLength(2); // mood and anxiety
    const mood = /<figure class="chart metric-mood">([\s\S]*?)<\/figure>/.exec(html)![1]!;
    expect(mood.match(/<circle class="point"/g)).toHaveLength(3); // three days with mood
    expect(mood.match(/<line class="session"/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('A starred note: # not a heading &lt;b&gt;nor bold&lt;/b&gt;');
    expect(html).not.toContain('wombat');

    // Written today: the next summary today still covers the same period, and --since-last waits for an earlier day.
    const again = await ok(['summary']);
    expect(again.stderr).toContain('(the last 30 days, like the summary written earlier today)');
    const sinceLast = await run(['summary', '--since-last']);
    expect(sinceLast.code).toBe(2);
    expect(sinceLast.stderr).toContain('No summary has been written with --out on an earlier day yet');
  });

  it('bad flags: exit 2 with one line on stderr', async () => {
    const result = await run(['summary', '--days', '7', '--since', 'yesterday']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("integrate: option '--days <n>' cannot be used with option '--since <when>'. See integrate summary --help.\n");
  });

  it('without a database: the "No entries yet" message, exit 0, and no file created', async () => {
    const missing = path.join(box.dir, 'none', 'missing.db');
    const result = await run(['summary'], { env: { INTEGRATE_DB: missing } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('No entries yet');
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });
});
