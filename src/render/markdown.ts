// Markdown that user text cannot reshape, and that still reads as plain prose
// in a text editor (many therapists open the .md as a file). User text is
// sanitised first (no control sequences), folded or trimmed so indentation
// cannot start a code block, and escaped only where Markdown would otherwise
// change its meaning:
// - anywhere: \ * ` [ ] < | ~ (emphasis, code, links and images, HTML,
//   tables, strikethrough), _ unless inside a word, & when it spells an
//   entity, and the ":" or "." or "@" that would make a bare URL, www.
//   address or e-mail address into a link;
// - at the start of a line: # heading, > quote, - + list or rule, "1." "1)"
//   ordered list, and lines of only = - : (setext underline, rule, table
//   delimiter row).
// Ordinary sentences (punctuation, dates, apostrophes, hyphens) come out
// byte for byte as written.
import {
  formatMean, formatNumber, formatSigned, round1,
  type SummaryMetric, type SummaryModel, type SummaryReflection, type SummarySession,
} from '../domain/summary.js';
import { formatDose } from '../domain/sessions.js';
import type { Comparison } from '../domain/trends.js';
import { sanitize } from './sanitize.js';
import { sparkline } from './sparkline.js';

/** Escapes what can form inline syntax anywhere in a line. */
function escapeSpans(text: string): string {
  return text
    .replace(/[\\*`[\]<|~]/g, (ch) => `\\${ch}`)
    .replace(/_/g, (ch, i: number, s: string) => (/[\p{L}\p{N}]/u.test(s[i - 1] ?? '') && /[\p{L}\p{N}]/u.test(s[i + 1] ?? '') ? ch : '\\_'))
    .replace(/&(?=#?[a-z0-9]+;)/gi, '\\&')
    .replace(/(https?|ftp|mailto):/gi, '$1\\:')
    .replace(/(www)\./gi, '$1\\.')
    .replace(/@(?=[\p{L}\p{N}_-])/gu, '\\@');
}

/** Escapes what would start a block at the beginning of a line (the rest of the line already escaped). */
function escapeLineStart(line: string): string {
  // A setext underline, a rule, or a table delimiter row (marked accepts "-:" without pipes).
  if (/^[=:-][=:\-\s]*$/.test(line)) return `\\${line}`;
  // Any white space counts after a marker (marked's \s includes U+3000 and no-break spaces).
  if (/^(?:#{1,6}(?:\s|$)|>|[-+](?:\s|$))/.test(line)) return `\\${line}`;
  return line.replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

/** Escapes one line of user text for use inside Markdown inline content (folded to one line). */
export function escapeInline(text: string): string {
  return escapeLineStart(escapeSpans(sanitize(text).replace(/\s+/g, ' ').trim()));
}

/** Escapes multi-line user text as block-quote lines ("> ..."), keeping its line breaks. */
export function escapeQuote(text: string, indent = ''): string {
  const lines = sanitize(text).replace(/\r\n?/g, '\n').trim().split('\n').map((line) => line.trim());
  // A backslash at the end of a line is a hard line break, so the lines stay lines when rendered.
  return lines
    .map((line, i) => {
      if (line === '') return `${indent}>`;
      const hardBreak = lines[i + 1] ? '\\' : '';
      return `${indent}> ${escapeLineStart(escapeSpans(line))}${hardBreak}`;
    })
    .join('\n');
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function when(date: string, context?: string): string {
  return context ? `${date} (${escapeInline(context)})` : date;
}

/** "5.1 (n=12) → 6.0 (n=20), +0.9", or why there is no comparison. */
export function comparisonText(c: Comparison, unit = ''): string {
  if (c.enough) return `${formatMean(c.before, unit)} → ${formatMean(c.after, unit)}, ${formatSigned(c.change!, unit)}`;
  const sides = c.short === 'both' ? 'either side' : c.short === 'before' ? 'the days before' : 'the days after';
  return `left out: too few days with data on ${sides} (n=${c.before.n} before, n=${c.after.n} after; ${c.minDays} needed)`;
}

function reflectionLines(r: SummaryReflection, indent: string): string[] {
  return [
    `${indent}- ${escapeInline(r.title)}, ${when(r.date, r.context)}:`,
    ...r.excerpts.map((e) => `${indent}  - ${escapeInline(e.label)}: ${escapeInline(e.text)}`),
  ];
}

function sessionBlock(s: SummarySession): string {
  const head = [`${s.date}`, escapeInline(s.route), s.doseMg !== null ? formatDose(s) : ''].filter(Boolean).join(', ');
  const lines = [`### Session ${s.number}: ${head}`, ''];
  if (s.intention) lines.push(`- Intention: ${escapeInline(s.intention)}`);
  if (s.setting) lines.push(`- Setting: ${escapeInline(s.setting)}`);
  if (s.notes) lines.push(`- Session notes: ${escapeInline(s.notes)}`);
  if (s.mood) lines.push(`- Check-in mood, days before → after (up to 7 each, stopping at the next session): ${comparisonText(s.mood)}`);
  for (const r of s.reflections) lines.push(...reflectionLines(r, ''));
  if (s.moreReflections) lines.push(`- …and ${plural(s.moreReflections, 'more reflection')} in the journal.`);
  if (lines.length === 2) lines.push('- Nothing written about this session yet.');
  return lines.join('\n');
}

function metricRow(x: SummaryMetric, withTrend: boolean): string[] {
  const unit = x.unit ?? '';
  const spark = sparkline(x.series.map((p) => p.value), { min: x.min, max: x.max }).replace(/ /g, '·');
  return [
    `${escapeInline(x.label)} (${escapeInline(x.scale)})`,
    ...(withTrend ? [`\`${spark}\``] : []),
    formatNumber(x.stats.mean, unit), formatNumber(x.stats.min, unit), formatNumber(x.stats.max, unit), String(x.stats.n),
    comparisonText(x.comparison, unit),
  ];
}

export interface MarkdownOptions {
  /** A sparkline column in the check-in table (text readers); the HTML page draws charts instead. */
  trend?: boolean;
}

const ATTENTION_PREFIX = { risk: 'Safety check', 'safety-item': 'Questionnaire safety item', mention: 'Mention', decision: 'Big decision being considered', unreal: 'Unsure what was real' } as const;

export function summaryMarkdown(m: SummaryModel, options: MarkdownOptions = {}): string {
  const withTrend = options.trend ?? true;
  const out: string[] = [];
  const section = (title: string, body: string) => out.push(`## ${title}\n\n${body}`);

  out.push(`# Integration summary: ${m.from} to ${m.to}\n\n`
    + `Period: ${m.from} to ${m.to} (${plural(m.days, 'day')}). Generated ${m.generatedAt}.\n\n`
    + `${plural(m.overview.entries, 'entry').replace(/entrys$/, 'entries')} on ${m.overview.daysWithEntries} of ${plural(m.days, 'day')}; `
    + `${plural(m.overview.sessions, 'dosing session')} in the period.`);

  section('Needs attention', m.attention.length
    ? m.attention.map((a) => {
      if (a.kind === 'risk' || a.kind === 'safety-item') return `- ${a.date}: ${escapeInline(a.label)}. Crisis resources were shown; please ask about it.`;
      if (a.kind === 'mention') return `- ${a.date}: self-harm or suicide ${escapeInline(a.label)}.`;
      return `- ${when(a.date, a.context)}, ${ATTENTION_PREFIX[a.kind].toLowerCase()}: ${escapeInline(a.text ?? '')}`;
    }).join('\n')
    : 'Nothing flagged in this period.');

  if (m.sessions.length || m.otherReflections.length) {
    const parts = m.sessions.map(sessionBlock);
    if (m.otherReflections.length) {
      const title = m.sessions.length ? 'Other reflections in the period' : 'Reflections in the period';
      const more = m.moreOtherReflections ? `\n- …and ${plural(m.moreOtherReflections, 'earlier reflection')} in the journal.` : '';
      parts.push(`### ${title}\n\n${m.otherReflections.flatMap((r) => reflectionLines(r, '')).join('\n')}${more}`);
    }
    section('Sessions and reflections', parts.join('\n\n'));
  }

  if (m.measures.length) {
    const rows = m.measures.map((x) => {
      const score = (p: { date: string; score: number; band: string | null }) => `${round1(p.score)}${escapeInline(x.unit)}${p.band ? ` ${escapeInline(p.band)}` : ''} (${p.date})`;
      const change = x.change ? `${formatSigned(x.change.delta, x.unit)}: ${x.changeLabel}` : x.changeLabel;
      return [`${escapeInline(x.title)} (${x.higherIsBetter ? 'higher' : 'lower'} is better)`, x.baseline ? score(x.baseline) : '–', score(x.latest), escapeInline(change), String(x.n)];
    });
    const notes = m.measures.flatMap((x) => [
      ...(x.safetyItem ? [`- ${escapeInline(x.title)} ${escapeInline(x.safetyItem.label)} on ${x.latest.date}: ${escapeInline(x.safetyItem.answer)}`] : []),
      ...x.extras.map((e) => `- ${escapeInline(x.title)}, ${escapeInline(e.label.toLowerCase())} (${x.latest.date}): ${escapeInline(e.text)}`),
    ]);
    const thresholds = m.measures.filter((x) => x.change?.threshold !== undefined).map((x) => `${escapeInline(x.title)} ${x.change!.threshold}${x.unit === '%' ? ' points' : ''}`);
    const legend = `Baseline: the last result before the period, or the first in it. Changes smaller than the reliable-change threshold${thresholds.length ? ` (${thresholds.join(', ')})` : ''} read "about the same". n: results in the period.`;
    section('Measures', [table(['Questionnaire', 'Baseline', 'Latest', 'Change', 'n'], rows), ...(notes.length ? [notes.join('\n')] : []), legend].join('\n\n'));
  }

  if (m.metrics.length || m.ratings.length) {
    const parts: string[] = [];
    if (m.metrics.length) {
      parts.push(table(
        ['Metric (scale)', ...(withTrend ? ['Trend'] : []), 'Mean', 'Min', 'Max', 'Days', `Previous ${m.days} days → this period`],
        m.metrics.map((x) => metricRow(x, withTrend)),
      ));
      parts.push(`Daily check-ins only (a reflection's own ratings are listed apart). Days: days with data; n: days with data on each side; a comparison needs 5 on each side.${withTrend ? ' Trend: one character per day, · for days without data.' : ''}`);
    }
    if (m.ratings.length) {
      parts.push(`Ratings asked inside reflections:\n\n${m.ratings.map((r) => {
        const values = r.values.length <= 6
          ? r.values.map((v) => `${formatNumber(v.value)} (${v.date})`).join(', ')
          : `mean ${formatNumber(r.mean)} over ${r.values.length} days`;
        return `- ${escapeInline(r.packTitle)}, "${escapeInline(r.label)}"${r.scale ? ` (${escapeInline(r.scale)})` : ''}: ${values}`;
      }).join('\n')}`);
    }
    section('Check-in metrics', parts.join('\n\n'));
  }

  const { open, done, setAside } = m.intentions;
  if (open.length || done.length || setAside.length) {
    const times = (n: number) => (n > 1 ? `; set ${n} times` : '');
    const group = (title: string, items: typeof open, verb: string, note = '') =>
      items.length ? `### ${title}\n\n${note}${items.map((i) => `- ${escapeInline(i.text)} (${verb} ${i.date}${times(i.count)})`).join('\n')}` : '';
    section('Intentions', [
      group('Open', open, 'since'), group('Done', done, 'done'),
      group('Set aside', setAside, 'set aside', 'Letting an intention go is part of the work, not a failure.\n\n'),
    ].filter(Boolean).join('\n\n'));
  }

  if (m.discuss.length) {
    section('Worth discussing', m.discuss.map((d) => `- ${when(d.date, d.context)}, ${escapeInline(d.label.toLowerCase())}: ${escapeInline(d.text)}`).join('\n'));
  }

  if (m.themes.length || m.practices.length) {
    const lines: string[] = [];
    if (m.themes.length) lines.push(`Most frequent tags: ${m.themes.map((t) => `${escapeInline(t.name)} (${t.count})`).join(', ')}.`);
    if (m.practices.length) lines.push(`Practices: ${m.practices.map((p) => `${escapeInline(p.name)} (${p.count})`).join(', ')}.`);
    section('Themes and practices', lines.join('\n\n'));
  }

  const privacy = m.includePrivate
    ? 'Entries marked private were included at the writer’s request.'
    : 'Entries marked private contribute no words; their numbers still count in charts and averages, and a safety flag on one is listed by date and kind only, without its words.';
  // The excluded tags are not named: the tag itself may be what the writer wants to keep to themselves.
  const excluded = m.excludedTags.length ? ' Some entries were left out at the writer’s request and contribute no words either.' : '';
  out.push(`---\n\n*Generated locally by integrate, a self-reflection tool, from the writer’s own entries. It is not a clinical document and not a diagnosis, and nobody monitors these entries. ${privacy}${excluded}*`);

  return `${out.join('\n\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
