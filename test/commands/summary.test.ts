// `integrate summary` with a fake ctx. A realistic month (three sessions,
// check-ins, every pack, the three questionnaires, one safety flag, one
// private reflection) rendered to Markdown, HTML and the terminal: the order a
// clinician reads, the n beside every comparison, labels and scales, and no
// private words anywhere. Then the older fixed data set for privacy filters,
// hostile text, the period rules and --out.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Marked } from 'marked';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSummary, type SummaryOptions } from '../../src/commands/summary.js';
import { createTestCtx, type TestCtxOptions } from '../../src/context.js';
import { UsageError } from '../../src/errors.js';
import { metricChart } from '../../src/render/html.js';
import { stringWidth } from '../../src/render/text.js';
import {
  FAMILY_WORDS, NOW, PRIVATE_WORDS, at, checkinAt, journalAt, seedSummaryData, summaryWorld, type SummaryWorld,
} from '../fixtures/summary-data.js';
import { LOW_DAY, MONTH_PRIVATE_WORDS, MONTH_SESSIONS, monthWorld, seedMonth, type MonthWorld } from '../fixtures/summary-month.js';
import { rejection, tempDirs } from '../helpers/world.js';
import { main } from '../../src/main.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmpDir = tempDirs('integrate-summary-');

async function summarize(w: { ctx: (o?: TestCtxOptions) => ReturnType<typeof createTestCtx> }, opts: SummaryOptions = {}, ctxOpts: TestCtxOptions = {}) {
  const ctx = w.ctx(ctxOpts);
  await runSummary(opts, ctx);
  return { out: ctx.io.stdout(), err: ctx.io.stderr() };
}

const toHtml = (markdown: string) => new Marked({ gfm: true, async: false }).parse(markdown) as string;
/** What a reader sees of an HTML fragment: tags dropped, entities decoded, whitespace folded. */
const visibleText = (html: string) => html
  .replace(/<[^>]*>/g, ' ')
  .replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!)
  .replace(/\s+/g, ' ');
const headings = (md: string, level = 2) => md.split('\n').filter((l) => l.startsWith(`${'#'.repeat(level)} `)).map((l) => l.slice(level + 1));
/** The cells of the Markdown table row whose first cell starts with `first`. */
function tableRow(md: string, first: string): string[] {
  const line = md.split('\n').find((l) => l.startsWith(`| ${first}`));
  if (!line) throw new Error(`no table row for ${first}`);
  return line.slice(2, -2).split(' | ');
}
/** The lines of one "## title" section. */
const sectionOf = (md: string, title: string) => {
  const start = md.indexOf(`## ${title}\n`);
  if (start < 0) throw new Error(`no section ${title}`);
  const end = md.indexOf('\n## ', start + 3);
  return md.slice(start, end < 0 ? md.indexOf('\n---\n', start) : end);
};

function markdownlint(...files: string[]) {
  const bin = path.join(ROOT, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
  return spawnSync(process.execPath, [bin, '--config', path.join(ROOT, '.markdownlint-cli2.jsonc'), ...files], { cwd: ROOT, encoding: 'utf8' });
}

// ---------------------------------------------------------------- the month

describe('a realistic month, as a clinician reads it (Markdown)', () => {
  let w: MonthWorld;
  let md: string;
  let err: string;
  beforeAll(async () => {
    w = monthWorld();
    await seedMonth(w);
    ({ out: md, err } = await summarize(w));
  }, 60_000);

  it('leads with the title, the period and the counts, and says on stderr which period it covered', () => {
    expect(md.split('\n').slice(0, 5)).toEqual([
      '# Integration summary: 2026-11-01 to 2026-11-30', '',
      'Period: 2026-11-01 to 2026-11-30 (30 days). Generated 2026-11-30 20:00.', '',
      '38 entries on 24 of 30 days; 3 dosing sessions in the period.',
    ]);
    expect(err).toBe('Summary of 2026-11-01 to 2026-11-30 (the last 30 days; no earlier summary written with --out).\n');
  });

  it('has its sections in the order a clinician reads: needs attention first, themes and practices last', () => {
    expect(headings(md)).toEqual(['Needs attention', 'Sessions and reflections', 'Measures', 'Check-in metrics', 'Intentions', 'Worth discussing', 'Themes and practices']);
    expect(headings(md, 3)).toEqual(['Session 1: 2026-11-04, IM injection, 50 mg', 'Session 2: 2026-11-11, IV infusion, 35 mg', 'Session 3: 2026-11-25, intranasal (spray), 56 mg', 'Open', 'Done', 'Set aside']);
  });

  it('needs attention: the safety flag by date and kind, then the big decision and what felt unreal, with their words', () => {
    expect(sectionOf(md, 'Needs attention').split('\n').filter((l) => l.startsWith('- '))).toEqual([
      `- ${LOW_DAY}: mood of 0 or 1 in a check-in. Crisis resources were shown; please ask about it.`,
      '- 2026-11-22 (day 11 after session 2), big decision being considered: Whether to leave my job at the bakery this winter.',
      '- 2026-11-12 (day 1 after session 2), unsure what was real: For a while the room seemed to breathe with me.',
    ]);
  });

  it('tells each session with short excerpts of what was written before and after it', () => {
    const sessions = sectionOf(md, 'Sessions and reflections');
    expect(sessions).toContain('- After a session, 2026-11-05 (day 1 after session 1):\n  - What stood out: The smell of sawdust in my father\'s workshop, 1987.\n  - Emotions: Grief, then relief.\n  - Body: Heavy arms, then lightness in the chest.');
    // The pre-session reflection the evening before belongs to session 2, not to "day 6 after session 1".
    const s2 = sessions.slice(sessions.indexOf('### Session 2'), sessions.indexOf('### Session 3'));
    expect(s2).toContain('- Before a session, 2026-11-10 (the day before session 2):\n  - Bringing in: A week of early mornings and a tight jaw.');
    expect(s2).not.toContain('Intention: Stay with the body\n  '); // its intention is the session's, said once
    // "What has not changed" and "relationships" are worth discussing (weekly pack v2): listed there, not twice.
    expect(sessions).not.toContain('Mornings are still the hardest part of the day.');
    expect(sectionOf(md, 'Worth discussing')).toContain('what has not changed: Mornings are still the hardest part of the day.');
    expect(sectionOf(md, 'Worth discussing')).toContain('relationships: Withdrew from friends this week.');
    // Before/after mood windows stop at the next session and show their n; too few days are left out with the reason.
    expect(s2).toContain('- Check-in mood, days before → after (up to 7 each, stopping at the next session): left out: too few days with data on the days before (n=4 before, n=6 after; 5 needed)');
    expect(sessions).not.toMatch(/n=[0-4] before, n=\d+ after\), [+−]/);
  });

  it('measures: baseline → latest with band, the reliable-change label and n', () => {
    expect(tableRow(md, 'PHQ-9')).toEqual(['PHQ-9 (lower is better)', '14 moderate (2026-11-02)', '8 mild (2026-11-29)', '−6: reliable improvement', '2']);
    expect(tableRow(md, 'GAD-7')).toEqual(['GAD-7 (lower is better)', '9 mild (2026-11-02)', '7 mild (2026-11-29)', '−2: about the same (within usual variation)', '2']);
    expect(tableRow(md, 'WHO-5')[3]).toBe('+24%: reliable improvement');
    expect(md).toContain('- PHQ-9 item 9 on 2026-11-29: Not at all (0)');
    expect(md).toContain('reliable-change threshold (GAD-7 4, PHQ-9 5, WHO-5 10 points)');
  });

  it('check-in metrics: label and scale, the check-in series only (the low point shows), and no comparison on 0 days', () => {
    const mood = tableRow(md, 'Mood');
    expect(mood[0]).toBe('Mood (0–10, 0 = worst, 10 = best)');
    // The weekly review rated that week 3 on the day of the check-in of 1: the minimum is the check-in's 1.
    expect(mood.slice(2, 6)).toEqual(['5.8', '1', '8', '24']);
    expect(mood[6]).toBe('left out: too few days with data on the days before (n=0 before, n=24 after; 5 needed)');
    expect(tableRow(md, 'Sleep')[0]).toBe('Sleep (hours)');
    expect(md).toContain('- Weekly review, "Overall, how was your mood this week?" (0–10, 0 = the worst it gets, 10 = the best it gets): 6 (2026-11-08), 3 (2026-11-22)');
  });

  it('intentions: duplicates merged, set-aside ones not presented as failures', () => {
    const intentions = sectionOf(md, 'Intentions');
    expect(intentions).toContain('- Ten minutes outside after lunch (since 2026-11-05; set 3 times)');
    expect(intentions.match(/Ten minutes outside/g)).toHaveLength(1);
    expect(intentions).toContain('Letting an intention go is part of the work, not a failure.\n\n- Stretch before bed (set aside 2026-11-28)');
    expect(intentions).not.toMatch(/dropped|failed/i);
  });

  it('worth discussing: each with the question\'s short label, not its help text', () => {
    expect(sectionOf(md, 'Worth discussing').split('\n').filter((l) => l.startsWith('- '))).toEqual([
      '- 2026-11-05 (day 1 after session 1), to talk through: Why the anger came before the sadness.',
      '- 2026-11-08 (day 4 after session 1), what has not changed: Mornings are still the hardest part of the day.',
      '- 2026-11-08 (day 4 after session 1), relationships: My partner is unsure what to make of the change.',
      '- 2026-11-10 (the day before session 2), for the guide: Can we go slower at the start?',
      '- 2026-11-22 (day 11 after session 2), what has not changed: Still not sleeping through.',
      '- 2026-11-22 (day 11 after session 2), relationships: Withdrew from friends this week.',
    ]);
  });

  it('leaves out every word of the private reflection and its intention, in Markdown, HTML and on the terminal', async () => {
    const html = (await summarize(w, { format: 'html' })).out;
    const term = (await summarize(w, {}, { tty: true, columns: 80, color: true })).out;
    for (const doc of [md, html, term]) {
      for (const word of MONTH_PRIVATE_WORDS) expect(doc).not.toContain(word);
      expect(doc).not.toContain('Write to Ottoline');
    }
    expect(md).toContain('a safety flag on one is listed by date and kind only, without its words.');
  });

  it('plain prose stays plain in the file: no backslashes in ordinary sentences, dates or hyphens', () => {
    expect(md).toContain("The smell of sawdust in my father's workshop, 1987.");
    expect(md).toContain('GAD-7');
    expect(md).not.toMatch(/\\[-'.,]/);
  });

  it('passes markdownlint', () => {
    const file = path.join(tmpDir(), 'month.md');
    fs.writeFileSync(file, md);
    const lint = markdownlint(file);
    expect(lint.stderr + lint.stdout).toContain('0 error(s)');
  });
});

describe('safety flags of every severity', () => {
  it('risk flags by date and kind (private ones too, without words); mentions under the softer label, never from a private entry', async () => {
    const w = summaryWorld();
    const open = await checkinAt(w, '2026-11-10', { mood: '6', note: 'Thinking about my grandmother today.' });
    const hidden = await checkinAt(w, '2026-11-11', { mood: '5', note: 'Lavender words about the past', private: true });
    const privateRisk = await checkinAt(w, '2026-11-12', { mood: '5', note: 'Lavender secret', private: true });
    w.store.safety.addTo('entry', open, ['mention'], at('2026-11-10').toISOString(), '2026-11-10');
    w.store.safety.addTo('entry', hidden, ['mention'], at('2026-11-11').toISOString(), '2026-11-11');
    w.store.safety.addTo('entry', privateRisk, ['phrase'], at('2026-11-12').toISOString(), '2026-11-12');
    const { out } = await summarize(w, { days: '14' });
    const lines = sectionOf(out, 'Needs attention').split('\n').filter((l) => l.startsWith('- '));
    expect(lines).toEqual([
      '- 2026-11-12: words about self-harm or suicide in an entry. Crisis resources were shown; please ask about it.',
      '- 2026-11-10: self-harm or suicide mentioned in a reflection (past, negated or about someone else).',
    ]);
    expect(out).not.toContain('Lavender');
    expect(out).not.toContain('grandmother'); // flags never carry words
  });

  it('says "Nothing flagged in this period." when there is nothing', async () => {
    const w = summaryWorld();
    await checkinAt(w, '2026-11-20', { mood: '6' });
    const { out } = await summarize(w, { days: '7' });
    expect(sectionOf(out, 'Needs attention')).toBe('## Needs attention\n\nNothing flagged in this period.\n');
  });
});

describe('a long period stays a short read', () => {
  it('tells at most six reflections per session and counts the rest', async () => {
    const w = summaryWorld();
    const { runSessionAdd } = await import('../../src/commands/session.js');
    await runSessionAdd({ date: '2026-09-01 10:00', route: 'iv' }, w.ctx({ now: at('2026-09-01T15:00:00') }));
    for (let i = 0; i < 9; i++) {
      await journalAt(w, `2026-09-${String(2 + i * 3).padStart(2, '0')}T19:00:00`, 'weekly', { mood: 5, changed: `Change number ${i + 1}` });
    }
    const { out } = await summarize(w, { since: '2026-09-01', until: '2026-09-30' });
    expect(out.match(/Change number \d/g)).toEqual(['Change number 1', 'Change number 2', 'Change number 3', 'Change number 4', 'Change number 5', 'Change number 6']);
    expect(out).toContain('- …and 3 more reflections in the journal.');
  });
});

// ---------------------------------------------------------------- HTML

describe('the month as an HTML page', () => {
  let html: string;
  beforeAll(async () => {
    const w = monthWorld();
    await seedMonth(w);
    html = (await summarize(w, { format: 'html' })).out;
  }, 60_000);

  it('is one self-contained page: a CSP, inline CSS for print, no script, no external URL but the SVG namespace', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">');
    expect(html).not.toMatch(/<script|<link|<iframe|<img|javascript:|@import|url\(/i);
    expect(html.match(/https?:\/\/[^\s"'<>)]*/g)!.every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true);
    expect(html).toContain('@media print');
    expect(html).toContain('@page');
  });

  it('has one chart per check-in metric and per questionnaire, under their headings, and no block-character trends', () => {
    const figures = [...html.matchAll(/<figure class="chart (metric|measure)-([a-z0-9-]+)">/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(figures).toEqual(['measure-gad7', 'measure-phq9', 'measure-who5', 'metric-mood', 'metric-anxiety', 'metric-energy', 'metric-sleep'].map((f) => f.replace('-', ':')));
    expect(html.match(/<svg /g)).toHaveLength(7);
    expect(html.indexOf('figure class="chart measure-')).toBeGreaterThan(html.indexOf('<h2>Measures</h2>'));
    expect(html.indexOf('figure class="chart metric-')).toBeGreaterThan(html.indexOf('<h2>Check-in metrics</h2>'));
    expect(html).not.toMatch(/[▁▂▃▄▅▆▇█]/);
    // Session markers: three per check-in chart (the questionnaires' charts span the month too).
    const mood = /<figure class="chart metric-mood">([\s\S]*?)<\/figure>/.exec(html)![1]!;
    expect(mood.match(/<line class="session"/g)).toHaveLength(MONTH_SESSIONS.length);
    expect(mood.match(/<circle class="point"/g)).toHaveLength(24);
    // Bands shaded: PHQ-9 has five.
    const phq9 = /<figure class="chart measure-phq9">([\s\S]*?)<\/figure>/.exec(html)![1]!;
    expect(phq9.match(/<rect class="band"/g)).toHaveLength(5);
    expect(phq9.match(/<circle class="point"/g)).toHaveLength(2);
  });

  it('metricChart: gaps break the line, sessions outside the series are skipped, no chart without data', () => {
    const series = [5, null, 6, 7, null, null, 4, 8, 9].map((value, i) => ({ date: `2026-11-${String(i + 1).padStart(2, '0')}`, value }));
    const metric = { name: 'mood', label: 'Mood', scale: '0–10', min: 0, max: 10, series, stats: { min: 4, max: 9, mean: 6, n: 6 }, comparison: undefined as never };
    const svg = metricChart(metric, [{ number: 3, date: '2026-11-03' }, { number: 1, date: '2026-10-01' }]);
    expect(svg.match(/<circle class="point"/g)).toHaveLength(6);
    expect(svg.match(/<polyline /g)).toHaveLength(2); // 3–4 and 7–9; day 1 stands alone
    expect(svg.match(/<line class="session"/g)).toHaveLength(1);
    expect(metricChart({ ...metric, series: series.map((p) => ({ ...p, value: null })) }, [])).toBe('');
  });
});

// ---------------------------------------------------------------- terminal

/** Every ESC starts a complete SGR sequence; nothing like "[1m" is left without its ESC. */
function escapesWellFormed(text: string): boolean {
  const stripped = text.replace(/\u001b\[[0-9;]*m/g, '');
  return !stripped.includes('\u001b') && !/\[[0-9;]*m/.test(stripped);
}

describe('the month on a terminal', () => {
  let w: MonthWorld;
  let md: string;
  beforeAll(async () => {
    w = monthWorld();
    await seedMonth(w);
    md = (await summarize(w)).out;
  }, 60_000);

  for (const columns of [60, 80, 100, 140]) {
    it(`fits ${columns} columns with words never split, and colour only when on`, async () => {
      const plain = (await summarize(w, {}, { tty: true, columns, color: false })).out;
      const coloured = (await summarize(w, {}, { tty: true, columns, color: true })).out;
      expect(plain).not.toContain('\u001b');
      expect(coloured).toContain('\u001b[');
      expect(escapesWellFormed(coloured)).toBe(true);
      expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
      for (const line of plain.split('\n')) expect(stringWidth(line), line).toBeLessThan(columns);
      // Every word on screen is a word of the document: none was cut in two.
      const words = new Set(md.split(/[\s|]+/).map((x) => x.replace(/^[-*#>`\\(]+|[`*:\\,;.)]+$/g, '')));
      for (const word of plain.split(/\s+/)) {
        const bare = word.replace(/^[•│┌┐└┘├┤┬┴┼─(]+|[│┌┐└┘├┤┬┴┼─:,;.)]+$/g, '');
        if (bare && !/^[─]+$/.test(bare) && !/^-+$/.test(bare)) expect(words.has(bare) || md.includes(bare), `"${bare}"`).toBe(true);
      }
      const joined = plain.split('\n').map((l) => l.replace(/^\s*(•\s)?/, '')).join(' ');
      expect(joined).toContain('Whether to leave my job at the bakery this winter.');
      expect(plain).not.toMatch(/\\[-#.'|*_]/); // no Markdown escapes on screen
      expect(plain).not.toMatch(/\n\n\n/);
      expect(plain).not.toMatch(/• [^\n]*\n\n  /); // no blank line inside a bullet
    });
  }

  it('a table that does not fit becomes a list of "Header: value" lines', async () => {
    const narrow = (await summarize(w, {}, { tty: true, columns: 60 })).out;
    expect(narrow).toContain('• Questionnaire: PHQ-9 (lower is better)');
    expect(narrow).toMatch(/ {2}Change: −6: reliable improvement/);
    const wide = (await summarize(w, {}, { tty: true, columns: 200 })).out;
    expect(wide).toMatch(/│ PHQ-9 \(lower is better\) +│/);
  });

  it('prints raw Markdown when stdout is not a terminal', async () => {
    expect((await summarize(w, {}, { tty: false })).out).toBe(md);
  });
});

// ---------------------------------------------------------------- privacy filters

describe('private entries and excluded tags contribute numbers but no words', () => {
  let w: SummaryWorld;
  let base: string;
  beforeAll(async () => {
    w = summaryWorld();
    await seedSummaryData(w);
    base = (await summarize(w)).out;
  }, 60_000);

  it('leaves the words of private entries out of every section, themes and practices included; their numbers count', () => {
    for (const word of PRIVATE_WORDS) expect(base.toLowerCase()).not.toContain(word);
    expect(base).toContain('Practices: meditation (9), breathwork (6), nature (1).'); // the weekly review's nature, not the private one
    expect(base).toContain('- 2026-11-04: mood of 0 or 1 in a check-in.');
    expect(tableRow(base, 'Mood').slice(2, 6)).toEqual(['5.7', '1', '8', '24']); // the private mood of 1 is the minimum
  });

  it('leaves out the words of a private reflection: excerpts, discuss, decisions, unreal experiences and its intentions', async () => {
    const w2 = summaryWorld();
    await seedSummaryData(w2);
    await journalAt(w2, '2026-11-12T19:00:00', 'post-session', {
      mood: 5, insight: 'Tangerine insight', confusing: true, 'confusing-detail': 'Tangerine unreal', discuss: 'Tangerine discuss',
      'carry-forward': 'Tangerine intention', safety: false,
    }, { private: true });
    await journalAt(w2, '2026-11-13T19:00:00', 'weekly', {
      mood: 5, changed: 'Tangerine change', 'big-decision': true, 'big-decision-detail': 'Tangerine decision', practices: ['yoga'],
    }, { private: true });
    const out = (await summarize(w2)).out;
    expect(out.toLowerCase()).not.toContain('tangerine');
    expect(out).not.toContain('yoga');
    const included = (await summarize(w2, { includePrivate: true })).out;
    expect(included.match(/Tangerine \w+/g)!.sort()).toEqual([
      'Tangerine change', 'Tangerine decision', 'Tangerine discuss', 'Tangerine insight', 'Tangerine intention', 'Tangerine unreal',
    ]);
    expect(included).toContain('Entries marked private were included at the writer’s request.');
  });

  it('--exclude-tag leaves out the words and tags of those entries, keeps their numbers, and says so without naming the tag', async () => {
    expect(base).toContain('Argument with aunt Philomena about the inheritance');
    const { out } = await summarize(w, { excludeTag: ['Family'] });
    for (const word of FAMILY_WORDS) expect(out.toLowerCase()).not.toContain(word.toLowerCase());
    expect(out).toContain('Most frequent tags: work (4).');
    expect(out).not.toMatch(/family/i);
    expect(out).toMatch(/Some entries were left out at the writer’s request and contribute no words either\.\*\n$/);
    expect(tableRow(out, 'Mood')).toEqual(tableRow(base, 'Mood'));
  });
});

// ---------------------------------------------------------------- hostile text

const HOSTILE = [
  '# I am a heading', '| a | table |', '<script>alert(1)</script>', '[link](javascript:x)', '![img](http://x)',
  '`code` and **bold** and _em_', '<b>bold</b> <img src=x onerror=alert(1)>', '---', '1. not a list', '> not a quote',
  '[ref]: http://example.com', 'C:\\path\\ends\\with\\', 'mail me@example.org or www.example.org', '&amp; &#65; ~~gone~~',
] as const;

describe('user text cannot change the document structure', () => {
  let md: string;
  let html: string;
  beforeAll(async () => {
    const w = summaryWorld();
    const { runEdit } = await import('../../src/commands/edit.js');
    const { runSessionAdd } = await import('../../src/commands/session.js');
    const { runIntentionsAdd } = await import('../../src/commands/intentions.js');
    for (const [i, text] of HOSTILE.entries()) {
      const id = await checkinAt(w, `2026-11-${String(8 + i).padStart(2, '0')}T20:00:00`, { note: text });
      await runEdit(id, { star: true }, w.ctx());
      // Every string is also a session's intention: sessions are never cut short, starred notes are (six a session).
      await runSessionAdd({ date: `2026-11-${String(8 + i).padStart(2, '0')} 10:00`, route: 'other', intention: text, note: HOSTILE.join('\n') }, w.ctx({ now: at(`2026-11-${String(8 + i).padStart(2, '0')}T15:00:00`) }));
    }
    await journalAt(w, '2026-11-09T19:00:00', 'post-session', {
      mood: 6, insight: HOSTILE.join('\n'), confusing: true, 'confusing-detail': HOSTILE[2], discuss: HOSTILE[3], 'carry-forward': HOSTILE[4],
    });
    await runIntentionsAdd(HOSTILE[1], {}, w.ctx({ now: at('2026-11-09T20:00:00') }));
    await checkinAt(w, '2026-11-09T21:00:00', { tag: ['<script>x</script>', '[t](javascript:y)'], practice: ['**loud**'] });
    md = (await summarize(w, { days: '14' })).out;
    html = (await summarize(w, { days: '14', format: 'html' })).out;
  }, 60_000);

  it('renders no heading, table, script, link, image or inline markup from user text', () => {
    const rendered = toHtml(md);
    expect(rendered.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(rendered.match(/<h2>[^<]*<\/h2>/g)).toEqual(['<h2>Needs attention</h2>', '<h2>Sessions and reflections</h2>', '<h2>Check-in metrics</h2>', '<h2>Intentions</h2>', '<h2>Worth discussing</h2>', '<h2>Themes and practices</h2>']);
    expect(rendered).not.toContain('<table>'); // no check-in numbers here, so no table at all: a user's "| a | table |" made none
    const tags = new Set([...rendered.matchAll(/<([a-z][a-z0-9]*)\b/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(['em', 'h1', 'h2', 'h3', 'hr', 'li', 'p', 'ul']);
    expect(rendered).not.toMatch(/<[^>]*\s(href|src|on[a-z]+)=/i);
    expect(rendered.match(/<em>/g)).toHaveLength(1); // the footer only
    expect(rendered.match(/<hr>/g)).toHaveLength(1);
    expect(rendered).not.toMatch(/<del>/);
  });

  it('shows every string literally (folded to one line)', () => {
    const text = visibleText(toHtml(md));
    for (const s of HOSTILE) expect(text).toContain(s);
    expect(text).toContain('<script>x</script> (1)');
    expect(text).toContain('**loud** (1)');
  });

  it('keeps the structure in the HTML page too, with the text escaped', () => {
    expect(html).not.toMatch(/<script|<img|<a[\s>]|<[^>]*\s(href|src|on[a-z]+)=/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const text = visibleText(html.slice(html.indexOf('<body>')));
    for (const s of HOSTILE) expect(text).toContain(s);
  });

  it('passes markdownlint', () => {
    const file = path.join(tmpDir(), 'hostile.md');
    fs.writeFileSync(file, md);
    const lint = markdownlint(file);
    expect(lint.stderr + lint.stdout).toContain('0 error(s)');
  });
});

// ---------------------------------------------------------------- period and --out

describe('the period', () => {
  const title = (out: string) => out.split('\n')[0];
  let w: SummaryWorld;
  beforeAll(async () => {
    w = summaryWorld();
    await checkinAt(w, '2026-10-01', { mood: '5' });
    await checkinAt(w, '2026-11-20', { mood: '6' });
  });

  it.each([
    [{}, '2026-10-23 to 2026-11-21', 'the last 30 days; no earlier summary written with --out'],
    [{ days: '7' }, '2026-11-15 to 2026-11-21', 'the last 7 days'],
    [{ since: '2026-11-01' }, '2026-11-01 to 2026-11-21', 'from --since'],
    [{ since: '2026-11-01', until: '2026-11-10' }, '2026-11-01 to 2026-11-10', 'from --since'],
  ] as [SummaryOptions, string, string][])('%o → %s, said on stderr', async (opts, expected, why) => {
    const { out, err } = await summarize(w, opts);
    expect(title(out)).toBe(`# Integration summary: ${expected}`);
    expect(err).toBe(`Summary of ${expected} (${why}).\n`);
  });

  it('two of --days, --since and --since-last: one line naming both, exit 2', async () => {
    const ctx = w.ctx();
    expect(await main(['node', 'integrate', 'summary', '--days', '7', '--since', '2026-11-01'], ctx)).toBe(2);
    expect(ctx.io.stderr()).toBe("integrate: option '--days <n>' cannot be used with option '--since <when>'. See integrate summary --help.\n");
  });

  it.each([
    [{ days: '0' }, /--days/],
    [{ format: 'pdf' }, /^--format must be one of md, html; got "pdf"\.$/],
  ] as [SummaryOptions, RegExp][])('%o is a usage error', async (opts, message) => {
    const err = await rejection(summarize(w, opts));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(message);
  });

  it('the Markdown and then the HTML for one appointment cover the same period; the next day starts from it', async () => {
    const w2 = summaryWorld();
    await checkinAt(w2, '2026-10-01', { mood: '5' });
    const dir = tmpDir();
    expect((await rejection(summarize(w2, { sinceLast: true }))).message).toBe('No summary has been written with --out on an earlier day yet; use --days N or --since WHEN.');
    const first = { now: new Date('2026-11-07T09:00:00Z') };
    await summarize(w2, { out: path.join(dir, 'a.md') }, first);
    // An appointment three weeks later: the .md, then the .html, the same day.
    const day = { now: new Date('2026-11-28T09:00:00Z') };
    const md = await summarize(w2, { out: path.join(dir, 'b.md') }, day);
    const html = await summarize(w2, { out: path.join(dir, 'b.html') }, day);
    expect(md.err).toBe(`Wrote ${path.join(dir, 'b.md')}: the summary of 2026-11-07 to 2026-11-28 (since your last summary, written on 2026-11-07).\n`);
    expect(html.err).toBe(`Wrote ${path.join(dir, 'b.html')}: the summary of 2026-11-07 to 2026-11-28 (since your last summary, written on 2026-11-07).\n`);
    expect(title((await summarize(w2, { sinceLast: true }, day)).out)).toBe('# Integration summary: 2026-11-07 to 2026-11-28');
    // The next day, the period starts at that appointment.
    expect(title((await summarize(w2, {}, { now: new Date('2026-12-05T09:00:00Z') })).out)).toBe('# Integration summary: 2026-11-28 to 2026-12-05');
  });
});

describe('--out FILE', () => {
  let w: SummaryWorld;
  let piped: string;
  beforeAll(async () => {
    w = summaryWorld();
    await seedSummaryData(w);
    piped = (await summarize(w, { days: '30' })).out;
  }, 60_000);

  it('writes the Markdown atomically with mode 0600, the path and period on stderr, nothing on stdout', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'summary.md');
    const { out, err } = await summarize(w, { out: file, days: '30' });
    expect(out).toBe('');
    expect(err).toBe(`Wrote ${file}: the summary of 2026-10-23 to 2026-11-21 (the last 30 days).\n`);
    expect(fs.readFileSync(file, 'utf8')).toBe(piped);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['summary.md']);
  });

  it('fails cleanly when the folder does not exist: nothing written, the last summary not moved', async () => {
    const w2 = summaryWorld();
    await checkinAt(w2, '2026-11-20', { mood: '6' });
    const file = path.join(tmpDir(), 'missing', 'summary.md');
    const err = await rejection(summarize(w2, { out: file }));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(`Cannot write ${file}: the folder does not exist. Nothing was written.`);
    expect(await rejection(summarize(w2, { sinceLast: true }, { now: new Date('2026-11-25T10:00:00Z') }))).toBeInstanceOf(UsageError);
  });

  it('chooses HTML for a .html file unless --format says otherwise', async () => {
    const dir = tmpDir();
    await summarize(w, { out: path.join(dir, 'a.html'), days: '30' });
    await summarize(w, { out: path.join(dir, 'b.html'), format: 'md', days: '30' });
    expect(fs.readFileSync(path.join(dir, 'a.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(fs.readFileSync(path.join(dir, 'b.html'), 'utf8')).toBe(piped);
  });

  it('says "No entries yet" (stderr) and creates nothing when there is no database', async () => {
    const ctx = createTestCtx({ now: NOW });
    let created = false;
    const noDb = { ...ctx, existingStore: () => undefined, store: () => { created = true; throw new Error('store() must not be called'); } };
    await runSummary({}, noDb);
    expect(ctx.io.stdout()).toBe('');
    expect(ctx.io.stderr()).toBe('No entries yet, so there is nothing to summarise. Start with: integrate checkin --mood 6\n');
    expect(created).toBe(false);
  });

  it('a read-only journal still gives the file, and says the day was not saved; a writable one remembers it', async () => {
    const { testWorld, insertEntry } = await import('../helpers/world.js');
    const { Store } = await import('../../src/store/index.js');
    const w = testWorld({ now: NOW, tty: false });
    insertEntry(w.store, { metrics: { mood: 6 }, createdAt: '2026-11-20T09:00:00.000Z', localDate: '2026-11-20' });
    const dir = tmpDir();
    const readOnly = new Store(w.store.db, ':memory:', { readonlyReason: 'the file has no write permission' });
    const ctx = createTestCtx({ now: NOW, store: readOnly });
    await runSummary({ out: path.join(dir, 'ro.md') }, ctx);
    expect(fs.existsSync(path.join(dir, 'ro.md'))).toBe(true);
    expect(ctx.io.stderr()).toContain('Note: the day of this summary was not saved (the journal is read-only: the file has no write permission), so the next summary starts where this one did.\n');
    expect(w.store.summary.getMeta('lastSummaryDate')).toBeUndefined();
    const writable = w.ctx();
    await runSummary({ out: path.join(dir, 'rw.md') }, writable);
    expect(writable.io.stderr()).not.toContain('was not saved');
    expect(w.store.summary.getMeta('lastSummaryDate')).toBe('2026-11-21');
  });
});

describe('a private session in the summary', () => {
  it('keeps its number and date; its route, dose, setting, intention and notes stay out unless --include-private', async () => {
    const { testWorld } = await import('../helpers/world.js');
    const { runSessionAdd } = await import('../../src/commands/session.js');
    const { runSummary } = await import('../../src/commands/summary.js');
    const w = testWorld({ now: new Date('2026-11-21T10:00:00Z'), tty: false });
    await runSessionAdd({ route: 'iv', date: '2026-11-10 10:00', doseMg: '35', intention: 'Secret intention words', note: 'Secret note words', private: true }, w.ctx());
    const out = w.ctx();
    await runSummary({ days: '30' }, out);
    const md = out.io.stdout();
    expect(md).toContain('Session 1: 2026-11-10, private session (details left out)');
    expect(md).not.toMatch(/Secret|35 mg/);
  });
});
