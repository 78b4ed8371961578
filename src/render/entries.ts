// How entries look in the terminal. All user text passes through sanitize.
import type { Entry } from '../domain/entries.js';
import { shortId } from '../domain/entries.js';
import { formatMetricValue, metricSpec, sortMetricNames } from '../domain/metrics.js';
import { localDateTimeAt, formatOffset } from '../domain/time.js';
import type { Io } from '../io.js';
import type { DateFormat } from '../config.js';
import { formatDayTime } from './dates.js';
import { formatAnswer, type AnswerRecord } from '../domain/packs.js';
import { sanitize, sanitizeLine } from './sanitize.js';
import { labelled, truncate } from './text.js';

const SHORT_NAMES: Record<string, string> = { mood: 'mood', anxiety: 'anx', energy: 'energy', sleep: 'sleep' };

/** "mood 6 · anxiety 3 · sleep 7.5h" */
export function metricsSummary(metrics: Record<string, number>, short = false): string {
  return sortMetricNames(Object.keys(metrics))
    .map((name) => `${short ? (Object.hasOwn(SHORT_NAMES, name) ? SHORT_NAMES[name]! : sanitizeLine(name)) : sanitizeLine(name)} ${formatMetricValue(name, metrics[name]!)}`)
    .join(short ? ' ' : ' · ');
}

/** "journal:daily"; both parts can come from an imported file, so they are sanitised. */
export function kindLabel(entry: Entry): string {
  return sanitizeLine(entry.pack ? `${entry.kind}:${entry.pack}` : entry.kind);
}

/** One line per entry, fitted to the terminal width (the whole line, not just the note). */
export function entryLine(entry: Entry, io: Io, sessionLabel?: string, dateFormat?: DateFormat): string {
  const parts = [shortId(entry.id), formatDayTime(localDateTimeAt(entry.createdAt, entry.utcOffset), dateFormat), kindLabel(entry)];
  if (sessionLabel) parts.push(`(${sessionLabel})`);
  const metrics = metricsSummary(entry.metrics, true);
  if (metrics) parts.push(metrics);
  const flags = `${entry.starred ? '*' : ''}${entry.private ? ' (private)' : ''}`.trim();
  if (flags) parts.push(flags);
  const text = sanitizeLine(entry.text);
  if (text) parts.push(text);
  // Built plain and cut to width first; only the id (always whole) is coloured afterwards.
  const line = truncate(parts.join('  '), io.columns);
  return io.c.yellow(line.slice(0, 8)) + line.slice(8);
}

export function entryDetail(entry: Entry, io: Io, sessionLabel?: string, answers: AnswerRecord[] = [], dateFormat?: DateFormat): string {
  const { c } = io;
  const rows: [string, string][] = [
    ['Id', entry.id],
    ['When', `${formatDayTime(localDateTimeAt(entry.createdAt, entry.utcOffset), dateFormat)} (UTC${formatOffset(entry.utcOffset)})${sessionLabel ? `, ${sessionLabel}` : ''}`],
    ['Kind', kindLabel(entry)],
  ];
  for (const name of sortMetricNames(Object.keys(entry.metrics))) {
    const spec = metricSpec(name);
    const value = formatMetricValue(name, entry.metrics[name]!);
    rows.push([spec?.label ?? sanitizeLine(name), spec && spec.max === 10 ? `${value} / 10` : value]);
  }
  if (entry.practices.length) rows.push(['Practices', entry.practices.map(sanitizeLine).join(', ')]);
  if (entry.tags.length) rows.push(['Tags', entry.tags.map(sanitizeLine).join(', ')]);
  const marks = [entry.starred ? 'starred' : '', entry.private ? 'private (left out of summaries)' : ''].filter(Boolean);
  if (marks.length) rows.push(['Marked', marks.join(', ')]);
  if (answers.length) {
    // A reflection: each question with its answer, instead of the joined text.
    const blocks = answers.map((a) => {
      const marks = [a.insight ? 'insight' : '', a.discuss ? 'to discuss' : ''].filter(Boolean).join(', ');
      return `${c.dim(sanitizeLine(a.prompt))}${marks ? c.cyan(` [${marks}]`) : ''}\n${sanitize(formatAnswer(a, a.value)).trim()}`;
    });
    return `${labelled(rows, c.dim)}\n\n${blocks.join('\n\n')}\n`;
  }
  const body = sanitize(entry.text).trim();
  return `${labelled(rows, c.dim)}\n${body ? `\n${body}\n` : ''}`;
}
