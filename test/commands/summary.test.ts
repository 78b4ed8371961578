// `integrate summary` with a fake ctx: the Markdown for a fixed data set and
// clock (snapshot), which sections appear, escaping of user text, privacy
// (private and excluded entries give numbers but no words), the period flags
// and --since-last, --out (atomic, 0600, markdownlint-clean), the HTML page
// and its SVG chart, and the terminal rendering.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Marked } from 'marked';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSummary, type SummaryOptions } from '../../src/commands/summary.js';
import { createTestCtx, type TestCtxOptions } from '../../src/context.js';
import { UsageError } from '../../src/errors.js';
import { escapeInline, escapeQuote } from '../../src/render/markdown.js';
import { moodChartSvg } from '../../src/render/html.js';
import {
  DEFAULT_FROM, FAMILY_WORDS, NOW, PRIVATE_WORDS, SESSION_DAYS, TODAY, at, checkinAt, journalAt, seedSummaryData,
  summaryWorld, type SummaryData, type SummaryWorld,
} from '../fixtures/summary-data.js';
import { rejection, tempDirs } from '../helpers/world.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// ---------------------------------------------------------------- helpers

async function summarize(w: SummaryWorld, opts: SummaryOptions = {}, ctxOpts: TestCtxOptions = {}) {
  const ctx = w.ctx(ctxOpts);
  await runSummary(opts, ctx);
  return { out: ctx.io.stdout(), err: ctx.io.stderr(), ctx };
}


/** The Markdown as a CommonMark/GFM renderer sees it. */
function toHtml(markdown: string): string {
  return new Marked({ gfm: true, async: false }).parse(markdown) as string;
}

/** What a reader sees of an HTML fragment: tags dropped, entities decoded, whitespace folded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!)
    .replace(/\s+/g, ' ');
}

const headings = (md: string, level = 2) => md.split('\n').filter((l) => l.startsWith(`${'#'.repeat(level)} `)).map((l) => l.slice(level + 1));

/** The cells of the Markdown table row that starts with the given first cell. */
function tableRow(md: string, first: string): string[] {
  const line = md.split('\n').find((l) => l.startsWith(`| ${first} |`));
  if (!line) throw new Error(`no table row for ${first}`);
  return line.slice(2, -2).split(' | ');
}

const tmpDir = tempDirs('integrate-summary-');

/** Runs the project's markdownlint (markdownlint-cli2, the devDependency) with the committed config. */
function markdownlint(...files: string[]) {
  const bin = path.join(ROOT, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
  return spawnSync(process.execPath, [bin, '--config', path.join(ROOT, '.markdownlint-cli2.jsonc'), ...files], { cwd: ROOT, encoding: 'utf8' });
}

/** The full data set, seeded once per test that needs it (in-memory, about a second). */
async function fullWorld(): Promise<{ w: SummaryWorld; data: SummaryData }> {
  const w = summaryWorld();
  const data = await seedSummaryData(w);
  return { w, data };
}

// Strings that would change a document's structure if they were not escaped.
const HOSTILE = [
  '# I am a heading',
  '| a | table |',
  '<script>alert(1)</script>',
  '[link](javascript:x)',
  '![img](http://x)',
  '`code` and **bold** and _em_',
  '<b>bold</b> <img src=x onerror=alert(1)>',
  '---',
  '1. not a list',
  '> not a quote',
  '[ref]: http://example.com',
  'C:\\path\\ends\\with\\',
] as const;

// ---------------------------------------------------------------- Markdown

describe('summary Markdown for the fixed data set', () => {
  let md: string;
  let data: SummaryData;
  beforeAll(async () => {
    const full = await fullWorld();
    data = full.data;
    ({ out: md } = await summarize(full.w));
  });

  it('matches the committed snapshot', async () => {
    await expect(md).toMatchFileSnapshot('./__snapshots__/summary.md');
  });

  it('states the default period (the last 30 days) and the overview at the top', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe(`# Integration summary: ${DEFAULT_FROM} to ${TODAY}`);
    expect(md).toContain(`Period: ${DEFAULT_FROM} to ${TODAY} (30 days). Generated 2026-11-21 11:00.`);
    const moodDaysInPeriod = data.moodDays.filter((d) => d >= DEFAULT_FROM).length;
    expect(md).toMatch(new RegExp(`Overview: \\d+ entries on ${moodDaysInPeriod} of 30 days; 2 dosing sessions in the period\\.`));
  });

  it('has every section, in the documented order, each with its content', () => {
    expect(headings(md)).toEqual([
      'Dosing sessions', 'Mood and other metrics', 'Assessments', 'Insights', 'Intentions and actions', 'Practices', 'Themes', 'Worth discussing',
    ]);
    expect(headings(md, 3)).toEqual(['By week', 'Mood before and after sessions', 'Open', 'Done', 'Dropped']);
    // Sessions: number, date, route, dose when recorded, intention and notes.
    expect(md).toContain('- **Session 1**: 2026-10-28, IM injection, 50 mg\n  - Intention: Meet the grief about my father');
    expect(md).toContain('- **Session 2**: 2026-11-11, IV infusion\n');
    // Metrics: a sparkline in a code span, mean/min/max, days and the change vs the previous 30 days.
    const mood = tableRow(md, 'Mood \\(0–10\\)');
    expect(mood[1]).toMatch(/^`[▁▂▃▄▅▆▇█·]{30}`$/);
    expect(mood.slice(2)).toEqual(['5.7', '1', '8', '24', '+0.1 (from 5.6)']);
    expect(tableRow(md, 'Sleep \\(hours\\)').slice(2, 5)).toEqual(['7h', '6h', '8h']);
    // Before/after each session.
    expect(tableRow(md, '1')).toEqual(['1', '2026-10-28', '5.2 (n=5)', '5 (n=6)', '−0.2']);
    // Assessments: scores with band, change from the last result before the period.
    expect(tableRow(md, 'PHQ\\-9 (lower is better)')).toEqual(['PHQ\\-9 (lower is better)', '2026-11-17: 7 mild', '−5 since 2026\\-10\\-20 \\(better\\)']);
    // Insights: insight answers and starred entries, newest first, with "day N after session K".
    const insights = md.slice(md.indexOf('## Insights'), md.indexOf('## Intentions'));
    expect([...insights.matchAll(/^- (\d{4}-\d\d-\d\d) \(([^)]*)\)/gm)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      '2026-11-16 day 5 after session 2', '2026-11-15 day 4 after session 2', '2026-11-09 day 12 after session 1', '2026-10-29 day 1 after session 1',
    ]);
    expect(insights).toContain('> I do not have to earn rest\\.');
    expect(insights).toContain('> Saying no to the extra shift felt like self\\-respect\\.');
    // Intentions: open, done and dropped in the period.
    expect(md).toContain('### Open\n\n- Ten minutes outside after lunch (since 2026-10-29)\n- Book the dentist (since 2026-11-15)');
    expect(md).toContain('### Done\n\n- Call my sister on Sunday (done 2026-11-01)');
    expect(md).toContain('### Dropped\n\n- Stretch before bed (dropped 2026-11-13)');
    // Practices and themes.
    expect(tableRow(md, 'meditation')).toEqual(['meditation', '9']);
    expect(md).toContain('Most frequent tags: work (4), family (1), inheritance (1).');
    // Worth discussing: the big decision, the unreal experience, the discuss answer and the safety flag.
    const discuss = md.slice(md.indexOf('## Worth discussing'), md.indexOf('---\n'));
    expect(discuss).toContain('2026-11-15 (day 4 after session 2), big decision being considered');
    expect(discuss).toContain('> Whether to leave my job at the bakery this winter\\.');
    expect(discuss).toContain('2026-10-29 (day 1 after session 1), felt confusing or unreal');
    expect(discuss).toContain('2026-10-29 (day 1 after session 1), to discuss');
    expect(discuss).toContain('- 2026-11-04, safety check: mood of 0 or 1 in a check\\-in.');
    // Footer.
    expect(md.trimEnd().split('\n').at(-1)).toMatch(/^\*Generated locally by integrate.*not a clinical document.*\*$/);
  });

  it('keeps the line breaks of multi-line notes when rendered', () => {
    const html = toHtml(md);
    expect(html).toMatch(/Warm light, then my father&#39;s workshop\.<br>\s*I cried and it felt clean\./);
  });

  it('is the same document on a second run (stable for a fixed clock)', async () => {
    const again = await fullWorld();
    expect((await summarize(again.w)).out).toBe(md);
  });
});

// ---------------------------------------------------------------- sections

describe('sections appear only when they have content', () => {
  it('an empty period has just the title, the overview and the footer', async () => {
    const { w } = await fullWorld();
    const { out, err } = await summarize(w, { since: '2026-09-01', until: '2026-09-30' });
    expect(err).toBe('');
    expect(out).toBe([
      '# Integration summary: 2026-09-01 to 2026-09-30',
      '',
      'Period: 2026-09-01 to 2026-09-30 (30 days). Generated 2026-11-21 11:00.',
      '',
      'Overview: 0 entries on 0 of 30 days; 0 dosing sessions in the period.',
      '',
      '---',
      '',
      '*Generated locally by integrate, a self-reflection tool, from the writer’s own entries. It is not a clinical document and not a diagnosis, and nobody monitors these entries. Entries marked private contribute no words; their numbers still count in charts and averages.*',
      '',
    ].join('\n'));
  });

  it('leaves out intentions written after the period, even when they are still open', async () => {
    const { w } = await fullWorld();
    const { out } = await summarize(w, { since: '2026-10-18', until: '2026-10-29' });
    expect(out).toContain('- Ten minutes outside after lunch (since 2026-10-29)');
    expect(out).not.toContain('Book the dentist'); // written on 2026-11-15
    expect(out).not.toContain('### Done'); // done on 2026-11-01
    expect(out).not.toContain('### Dropped'); // dropped on 2026-11-13
  });

  it('check-ins alone give only the metrics section', async () => {
    const w = summaryWorld();
    await checkinAt(w, '2026-11-19', { mood: '6' });
    await checkinAt(w, '2026-11-20', { mood: '7', anxiety: '2' });
    const { out } = await summarize(w, { since: '2026-11-16' });
    expect(headings(out)).toEqual(['Mood and other metrics']);
    expect(headings(out, 3)).toEqual([]); // one week only: no weekly table; no sessions: no before/after
    expect(out).toContain('Overview: 2 entries on 2 of 6 days; 0 dosing sessions in the period.');
  });

  it('says "No entries yet" (stderr) and creates nothing when there is no database', async () => {
    const ctx = createTestCtx({ now: NOW });
    let created = false;
    const noDb = { ...ctx, existingStore: () => undefined, store: () => { created = true; throw new Error('store() must not be called'); } };
    await runSummary({}, noDb);
    expect(ctx.io.stdout()).toBe('');
    expect(ctx.io.stderr()).toBe('No entries yet, so there is nothing to summarise. Start with: integrate checkin --mood 6\n');
    expect(created).toBe(false);
    // --out does not write a file either.
    const file = path.join(tmpDir(), 'summary.md');
    await runSummary({ out: file }, noDb);
    expect(fs.existsSync(file)).toBe(false);
    expect(created).toBe(false);
  });
});

// ---------------------------------------------------------------- escaping

describe('user text cannot change the document structure', () => {
  /** Hostile text everywhere text can come from: starred notes, insight/discuss/unreal answers, sessions, intentions, tags, practices. */
  async function hostileWorld() {
    const w = summaryWorld();
    const { runEdit } = await import('../../src/commands/edit.js');
    const { runSessionAdd } = await import('../../src/commands/session.js');
    const { runIntentionsAdd } = await import('../../src/commands/intentions.js');
    for (const [i, text] of HOSTILE.entries()) {
      const id = await checkinAt(w, `2026-11-${String(10 + i).padStart(2, '0')}T20:00:00`, { note: text });
      await runEdit(id, { star: true }, w.ctx());
    }
    await runSessionAdd({ date: '2026-11-08 10:00', route: 'other', intention: HOSTILE[0], note: HOSTILE.join('\n') }, w.ctx({ now: at('2026-11-08T15:00:00') }));
    await journalAt(w, '2026-11-09T19:00:00', 'post-session', {
      mood: 6, insight: HOSTILE.join('\n'), confusing: true, 'confusing-detail': HOSTILE[2], discuss: HOSTILE[3], 'carry-forward': HOSTILE[4],
    });
    await runIntentionsAdd(HOSTILE[1], {}, w.ctx({ now: at('2026-11-09T20:00:00') }));
    await checkinAt(w, '2026-11-09T21:00:00', { tag: ['<script>x</script>', '[t](javascript:y)'], practice: ['**loud**'] });
    return w;
  }

  let md: string;
  let html: string;
  beforeAll(async () => {
    const w = await hostileWorld();
    md = (await summarize(w, { days: '14' })).out;
    html = (await summarize(w, { days: '14', format: 'html' })).out;
  });

  it('renders no heading, table, script, link, image or inline markup from user text', () => {
    const rendered = toHtml(md);
    expect(rendered.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(rendered).toContain('<h1>Integration summary: 2026-11-08 to 2026-11-21</h1>');
    expect(rendered.match(/<h2>[^<]*<\/h2>/g)).toEqual([
      '<h2>Dosing sessions</h2>', '<h2>Mood and other metrics</h2>', '<h2>Insights</h2>', '<h2>Intentions and actions</h2>',
      '<h2>Practices</h2>', '<h2>Themes</h2>', '<h2>Worth discussing</h2>',
    ]);
    expect(rendered.match(/<h[3-6]>[^<]*</g)).toEqual(['<h3>By week<', '<h3>Mood before and after sessions<', '<h3>Open<']);
    // Only our tables: metrics, weeks, before/after, practices (the practice name escaped in its cell).
    expect([...rendered.matchAll(/<table>\s*<thead>\s*<tr>\s*<th>([^<]*)<\/th>/g)].map((m) => m[1])).toEqual(['Metric', 'Week of', 'Session', 'Practice']);
    expect(rendered).toContain('<td>**loud**</td>');
    // Every element is one our Markdown makes; none carries a URL or a handler.
    const tags = new Set([...rendered.matchAll(/<([a-z][a-z0-9]*)\b/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(['blockquote', 'br', 'code', 'em', 'h1', 'h2', 'h3', 'hr', 'li', 'p', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul']);
    expect(rendered).not.toMatch(/<[^>]*\s(href|src|on[a-z]+)=/i);
    expect(rendered.match(/<code>/g)).toHaveLength(1); // the mood sparkline
    expect(rendered.match(/<strong>/g)).toHaveLength(1); // "Session 1" only
    expect(rendered.match(/<em>/g)).toHaveLength(1); // the footer only
    expect(rendered.match(/<hr>/g)).toHaveLength(1); // the footer rule only
  });

  it('shows every string literally', () => {
    const text = visibleText(toHtml(md));
    for (const s of HOSTILE) expect(text).toContain(s);
    expect(text).toContain('<script>x</script> (1)');
    expect(text).toContain('[t](javascript:y) (1)');
  });

  it('keeps the structure in the HTML page too, with the text escaped', () => {
    expect(html).not.toMatch(/<script|<img|<a[\s>]|<[^>]*\s(href|src|on[a-z]+)=/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;');
    const text = visibleText(html.slice(html.indexOf('<body>')));
    for (const s of HOSTILE) expect(text).toContain(s);
  });

  it('passes markdownlint', () => {
    const file = path.join(tmpDir(), 'hostile.md');
    fs.writeFileSync(file, md);
    const lint = markdownlint(file);
    expect(lint.stderr + lint.stdout).toContain('0 error(s)');
    expect(lint.status).toBe(0);
  });

  it('escapeInline and escapeQuote: backslash escapes, no indentation, no control sequences', () => {
    expect(escapeInline('# a | b')).toBe('\\# a \\| b');
    expect(escapeInline('  two\n lines\t')).toBe('two lines');
    expect(escapeInline('\u001b[31mred\u001b[0m\u0007')).toBe('red');
    expect(escapeQuote('    indented code?\n\n1. item\n# h')).toBe('> indented code\\?\n>\n> 1\\. item\\\n> \\# h');
    expect(escapeQuote('a\\', '  ')).toBe('  > a\\\\');
    // Lines stay lines (hard breaks), also after a line that ends in a backslash.
    expect(toHtml(escapeQuote('ends with \\\nnext\n\nnew paragraph'))).toBe('<blockquote>\n<p>ends with \\<br>next</p>\n<p>new paragraph</p>\n</blockquote>\n');
    expect(escapeQuote('\u001b]8;;http://x\u0007link\u001b]8;;\u0007')).toBe('> link');
  });
});

// ---------------------------------------------------------------- privacy

describe('private entries and excluded tags contribute numbers but no words', () => {
  let w: SummaryWorld;
  let base: string;
  beforeAll(async () => {
    ({ w } = await fullWorld());
    base = (await summarize(w)).out;
  });

  const lower = (s: string) => s.toLowerCase();

  it('leaves the words of private entries out of every section, themes and practices included', () => {
    for (const word of PRIVATE_WORDS) expect(lower(base)).not.toContain(word);
    expect(tableRow(base, 'nature')).toEqual(['nature', '1']); // the weekly review's; not the private check-in's
    // Its safety flag is listed by date and kind, without its words.
    expect(base).toContain('- 2026-11-04, safety check: mood of 0 or 1 in a check\\-in.');
    expect(base).toMatch(/Entries marked private contribute no words; their numbers still count in charts and averages\.\*\n$/);
  });

  it('still counts their numbers: the private check-in is the minimum, and another one moves the mean', async () => {
    const mood = tableRow(base, 'Mood \\(0–10\\)');
    expect(mood.slice(2, 6)).toEqual(['5.7', '1', '8', '24']); // the private mood of 1 on 2026-11-04 is the minimum
    const w2 = (await fullWorld()).w;
    await checkinAt(w2, '2026-11-19T20:00:00', { mood: '10', note: 'Zanzibar marzipan', tag: ['zanzibar'], private: true });
    const after = (await summarize(w2)).out;
    expect(tableRow(after, 'Mood \\(0–10\\)').slice(2, 6)).toEqual(['5.9', '1', '10', '25']);
    expect(lower(after)).not.toMatch(/zanzibar|marzipan/);
    // Only numbers changed.
    const words = (s: string) => s.replace(/\|[^\n]*\|/g, '').replace(/\d+/g, '#');
    expect(words(after)).toBe(words(base));
  });

  it('leaves out the words of a private reflection: insights, discuss, decisions, unreal experiences and its intentions', async () => {
    const w2 = (await fullWorld()).w;
    await journalAt(w2, '2026-11-12T19:00:00', 'post-session', {
      mood: 5, insight: 'Tangerine insight', confusing: true, 'confusing-detail': 'Tangerine unreal', discuss: 'Tangerine discuss',
      'carry-forward': 'Tangerine intention', safety: false,
    }, { private: true });
    await journalAt(w2, '2026-11-13T19:00:00', 'weekly', {
      mood: 5, changed: 'Tangerine change', 'big-decision': true, 'big-decision-detail': 'Tangerine decision', practices: ['yoga'],
    }, { private: true });
    const out = (await summarize(w2)).out;
    expect(lower(out)).not.toContain('tangerine');
    expect(out).not.toContain('yoga');
    const included = (await summarize(w2, { includePrivate: true })).out;
    expect(included.match(/Tangerine \w+/g)!.sort()).toEqual([
      'Tangerine change', 'Tangerine decision', 'Tangerine discuss', 'Tangerine insight', 'Tangerine intention', 'Tangerine unreal',
    ]);
    expect(tableRow(included, 'yoga')).toEqual(['yoga', '1']);
  });

  it('--exclude-tag leaves out the words and tags of those entries, keeps their numbers, and says so', async () => {
    expect(base).toContain('Argument with aunt Philomena about the inheritance');
    const { out } = await summarize(w, { excludeTag: ['Family'] });
    for (const word of FAMILY_WORDS) expect(lower(out)).not.toContain(lower(word));
    expect(out).toContain('Most frequent tags: work (4).');
    expect(out).toMatch(/Some entries were left out at the writer’s request and contribute no words either\.\*\n$/);
    expect(out).not.toMatch(/family/i);
    expect(tableRow(out, 'Mood \\(0–10\\)')).toEqual(tableRow(base, 'Mood \\(0–10\\)'));
    expect(tableRow(out, '2026-11-16')).toEqual(tableRow(base, '2026-11-16'));
  });

  it('--include-private brings the words back and the footer says so', async () => {
    const { out } = await summarize(w, { includePrivate: true });
    expect(out).toContain('> The quokka dream under the lighthouse again\\.');
    expect(out).toContain('lighthouse (1)');
    expect(tableRow(out, 'nature')).toEqual(['nature', '2']);
    expect(out).toContain('Entries marked private were included at the writer’s request.');
    expect(out).not.toContain('Entries marked private contribute no words');
    // Both at once: private words in, family words out.
    const both = (await summarize(w, { includePrivate: true, excludeTag: ['family'] })).out;
    expect(both).toContain('quokka');
    expect(both).not.toContain('Philomena');
  });
});

// ---------------------------------------------------------------- period

describe('the period: --days, --since, --until, --since-last', () => {
  let w: SummaryWorld;
  beforeAll(async () => {
    w = summaryWorld();
    await checkinAt(w, '2026-10-01', { mood: '5' });
    await checkinAt(w, '2026-11-20', { mood: '6' });
  });
  const title = (out: string) => out.split('\n')[0];

  it.each([
    [{}, '2026-10-23 to 2026-11-21'],
    [{ days: '7' }, '2026-11-15 to 2026-11-21'],
    [{ days: '1' }, '2026-11-21 to 2026-11-21'],
    [{ since: '2026-11-01' }, '2026-11-01 to 2026-11-21'],
    [{ since: '2026-11-01', until: '2026-11-10' }, '2026-11-01 to 2026-11-10'],
    [{ days: '3', until: '2026-11-10' }, '2026-11-08 to 2026-11-10'],
  ] as [SummaryOptions, string][])('%o → %s', async (opts, expected) => {
    expect(title((await summarize(w, opts)).out)).toBe(`# Integration summary: ${expected}`);
  });

  it.each([
    [{ days: '7', since: '2026-11-01' }, /Choose one of --days, --since and --since-last/],
    [{ days: '7', sinceLast: true }, /Choose one of/],
    [{ since: '2026-11-01', sinceLast: true }, /Choose one of/],
    [{ days: '0' }, /--days/],
    [{ format: 'pdf' }, /--format must be md or html/],
  ] as [SummaryOptions, RegExp][])('%o is a usage error', async (opts, message) => {
    const err = await rejection(summarize(w, opts));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(message);
  });

  it('--since-last without an earlier summary is a usage error that names the alternatives', async () => {
    const err = await rejection(summarize(w, { sinceLast: true }));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe('No summary has been written with --out yet; use --days N or --since WHEN.');
  });

  it('after --out, the next summary starts on the day of the last one written', async () => {
    const w2 = summaryWorld();
    await checkinAt(w2, '2026-10-01', { mood: '5' });
    // Printing a summary does not move the start; writing one does.
    await summarize(w2, { days: '7' });
    expect(title((await summarize(w2, {})).out)).toContain('2026-10-23 to');
    const file = path.join(tmpDir(), 'first.md');
    await summarize(w2, { days: '14', out: file });
    const later = { now: new Date('2026-11-28T09:00:00Z') };
    expect(title((await summarize(w2, {}, later)).out)).toBe('# Integration summary: 2026-11-21 to 2026-11-28');
    expect(title((await summarize(w2, { sinceLast: true }, later)).out)).toBe('# Integration summary: 2026-11-21 to 2026-11-28');
    // An explicit period still wins.
    expect(title((await summarize(w2, { days: '2' }, later)).out)).toBe('# Integration summary: 2026-11-27 to 2026-11-28');
    // The next summary written moves it on.
    await summarize(w2, { out: path.join(tmpDir(), 'second.md') }, later);
    expect(title((await summarize(w2, {}, { now: new Date('2026-12-05T09:00:00Z') })).out)).toBe('# Integration summary: 2026-11-28 to 2026-12-05');
  });
});

// ---------------------------------------------------------------- --out

describe('--out FILE', () => {
  let w: SummaryWorld;
  let piped: string;
  beforeAll(async () => {
    ({ w } = await fullWorld());
    piped = (await summarize(w)).out;
  });

  it('writes the Markdown atomically with mode 0600, prints the path on stderr and nothing on stdout', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'summary.md');
    const { out, err } = await summarize(w, { out: file, days: '30' });
    expect(out).toBe('');
    expect(err).toBe(`Wrote ${file}\n`);
    expect(fs.readFileSync(file, 'utf8')).toBe(piped);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['summary.md']); // no temp file left behind
  });

  it('replaces an existing file, which ends up 0600 too', async () => {
    const file = path.join(tmpDir(), 'summary.md');
    fs.writeFileSync(file, 'old', { mode: 0o644 });
    await summarize(w, { out: file, days: '30' });
    expect(fs.readFileSync(file, 'utf8')).toBe(piped);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('fails cleanly when the folder does not exist: nothing written, --since-last not moved', async () => {
    const w2 = summaryWorld();
    await checkinAt(w2, '2026-11-20', { mood: '6' });
    const file = path.join(tmpDir(), 'missing', 'summary.md');
    const err = await rejection(summarize(w2, { out: file }));
    expect(err).toBeInstanceOf(UsageError); // a path the user can fix: exit 2
    expect(err.message).toBe(`Cannot write ${file}: the folder does not exist. Nothing was written.`);
    expect(fs.existsSync(path.dirname(file))).toBe(false);
    expect(await rejection(summarize(w2, { sinceLast: true }))).toBeInstanceOf(UsageError);
  });

  it('chooses HTML for a .html file unless --format says otherwise', async () => {
    const dir = tmpDir();
    await summarize(w, { out: path.join(dir, 'a.html'), days: '30' });
    await summarize(w, { out: path.join(dir, 'b.html'), format: 'md', days: '30' });
    expect(fs.readFileSync(path.join(dir, 'a.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(fs.readFileSync(path.join(dir, 'b.html'), 'utf8')).toBe(piped);
  });

  it('the Markdown of the full data set passes markdownlint, with the default options and with everything included', async () => {
    const dir = tmpDir();
    const files = [path.join(dir, 'default.md'), path.join(dir, 'all.md'), path.join(dir, 'empty.md'), path.join(dir, 'long.md')];
    await summarize(w, { out: files[0] });
    await summarize(w, { out: files[1], includePrivate: true, since: '2026-10-01' });
    await summarize(w, { out: files[2], since: '2026-09-01', until: '2026-09-30' });
    await summarize(w, { out: files[3], days: '120' }); // weekly sparklines
    const lint = markdownlint(...files);
    expect(lint.stderr + lint.stdout).toContain('Linting: 4 file(s)');
    expect(lint.stderr + lint.stdout).toContain('0 error(s)');
    expect(lint.status).toBe(0);
  });
});

// ---------------------------------------------------------------- HTML

describe('--format html', () => {
  let html: string;
  let data: SummaryData;
  beforeAll(async () => {
    const full = await fullWorld();
    data = full.data;
    html = (await summarize(full.w, { format: 'html' })).out;
  });
  const inPeriod = () => data.moodDays.filter((d) => d >= DEFAULT_FROM && d <= TODAY);

  it('is one self-contained page: a CSP, inline CSS, no script, no external URL but the SVG namespace', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">');
    expect(html).toContain('<style>');
    expect(html).toContain(`<title>Integration summary ${DEFAULT_FROM} to ${TODAY}</title>`);
    expect(html).not.toMatch(/<script|<link|<iframe|<img|javascript:|@import|url\(/i);
    expect(html.match(/https?:\/\/[^\s"'<>)]*/g)).toEqual(['http://www.w3.org/2000/svg']);
    expect(html).toContain('@media print');
  });

  it('has one SVG with one point per day with mood data, lines broken at gaps, and a dashed line per session', () => {
    expect(html.match(/<svg[\s>]/g)).toHaveLength(1);
    const days = inPeriod();
    expect(html.match(/<circle class="point"/g)).toHaveLength(days.length);
    expect(days.length).toBe(24);
    // Each point is titled with its day; exactly the days with data.
    expect([...html.matchAll(/<circle class="point"[^>]*><title>(\d{4}-\d\d-\d\d):/g)].map((m) => m[1])).toEqual(days);
    // One polyline per run of two or more consecutive days with data.
    let runs = 0;
    let length = 0;
    const dayMs = 86_400_000;
    for (let t = Date.parse(`${DEFAULT_FROM}T00:00:00Z`); t <= Date.parse(`${TODAY}T00:00:00Z`); t += dayMs) {
      if (days.includes(new Date(t).toISOString().slice(0, 10))) length++;
      else {
        if (length > 1) runs++;
        length = 0;
      }
    }
    if (length > 1) runs++;
    expect(html.match(/<polyline /g)).toHaveLength(runs);
    const sessionLines = html.match(/<line class="session"[^>]*>/g) ?? [];
    expect(sessionLines.length).toBeGreaterThanOrEqual(SESSION_DAYS.length);
    for (const line of sessionLines) expect(line).toContain('stroke-dasharray');
    expect(html).toContain('▲ 1</text>');
    expect(html).toContain('▲ 2</text>');
    // Axis labels: the first and last day, and the mood scale.
    expect(html).toContain(`>${DEFAULT_FROM}</text>`);
    expect(html).toContain(`text-anchor="end">${TODAY}</text>`);
    expect(html).toContain('>mood (0–10)</text>');
  });

  it('puts the chart under the metrics heading and carries the same content as the Markdown', async () => {
    expect(html.indexOf('<svg')).toBeGreaterThan(html.indexOf('<h2>Mood and other metrics</h2>'));
    expect(html.indexOf('<svg')).toBeLessThan(html.indexOf('<table>'));
    const text = visibleText(html);
    for (const s of ['Session 1', 'I do not have to earn rest.', 'Whether to leave my job at the bakery this winter.', 'Book the dentist', 'not a clinical document']) {
      expect(text).toContain(s);
    }
    for (const word of PRIVATE_WORDS) expect(html.toLowerCase()).not.toContain(word);
  });

  it('has no chart when there is no mood in the period', async () => {
    const w = summaryWorld();
    await checkinAt(w, '2026-11-20', { anxiety: '3', note: 'no mood today' });
    const out = (await summarize(w, { days: '7', format: 'html' })).out;
    expect(out).not.toContain('<svg');
    expect(out).toContain('<h2>Mood and other metrics</h2>');
  });

  it('moodChartSvg: points only where there is data, gaps break the line, sessions outside the series are skipped', () => {
    const series = [5, null, 6, 7, null, null, 4, 8, 9].map((value, i) => ({ date: `2026-11-${String(i + 1).padStart(2, '0')}`, value }));
    const svg = moodChartSvg({ moodSeries: series, sessionDays: [{ number: 3, date: '2026-11-03' }, { number: 1, date: '2026-10-01' }] });
    expect(svg.match(/<circle class="point"/g)).toHaveLength(6);
    expect(svg.match(/<polyline /g)).toHaveLength(2); // 3–4 and 7–9; day 1 stands alone
    expect(svg.match(/<line class="session"/g)).toHaveLength(1);
    expect(svg).toContain('▲ 3</text>');
    expect(moodChartSvg({ moodSeries: series.map((p) => ({ ...p, value: null })), sessionDays: [] })).toBe('');
  });
});

// ---------------------------------------------------------------- terminal

describe('on a terminal', () => {
  let out: string;
  beforeAll(async () => {
    const { w } = await fullWorld();
    out = (await summarize(w, {}, { tty: true, columns: 100 })).out;
  });

  it('renders the Markdown: no backslash escapes or ** markers, the same content', () => {
    expect(out).not.toMatch(/\\[!-/:-@[-`{-~]/);
    expect(out).not.toContain('**');
    const folded = out.replace(/\s+/g, ' ');
    for (const s of ['Integration summary: 2026-10-23 to 2026-11-21', 'Session 1: 2026-10-28, IM injection, 50 mg',
      'What has changed since you started this work, even a little?', 'Saying no to the extra shift felt like self-respect.',
      'Whether to leave my job at the bakery this winter.', 'not a clinical document']) {
      expect(folded).toContain(s);
    }
    // Lines of a note stay lines.
    expect(out).toMatch(/Warm light, then my father's workshop\.\n\s*I cried and it felt clean\./);
  });

  it('uses no colour when colour is off, tables included, and no words of private entries', () => {
    expect(out).not.toContain('\u001b');
    expect(out).toContain('│ Mood (0–10)');
    for (const word of PRIVATE_WORDS) expect(out.toLowerCase()).not.toContain(word);
  });

  it('keeps :shortcodes: in user text as written', async () => {
    const w = summaryWorld();
    const id = await checkinAt(w, '2026-11-20', { note: 'Felt :smile: and :heart: today' });
    const { runEdit } = await import('../../src/commands/edit.js');
    await runEdit(id, { star: true }, w.ctx());
    const tty = (await summarize(w, { days: '7' }, { tty: true })).out;
    expect(tty).toContain('Felt :smile: and :heart: today');
  });

  it('prints raw Markdown when stdout is not a terminal, and HTML is never rendered for the terminal', async () => {
    const w = summaryWorld();
    await checkinAt(w, '2026-11-20', { mood: '6' });
    expect((await summarize(w, { days: '7' })).out).toMatch(/^# Integration summary/);
    expect((await summarize(w, { days: '7', format: 'html' }, { tty: true })).out).toMatch(/^<!DOCTYPE html>/);
  });
});
