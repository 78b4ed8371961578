// Markdown that user text cannot reshape: every ASCII punctuation character
// in user text is backslash-escaped (CommonMark allows that for all of them),
// lines are trimmed so indentation cannot start a code block, and the text is
// sanitised first so no control sequence reaches a terminal or a file.
import type { SummaryModel, SummaryText } from '../domain/summary.js';
import { formatChange, formatNumber, round1 } from '../domain/summary.js';
import { sanitize } from './sanitize.js';

const PUNCTUATION = /[!-/:-@[-`{-~]/g;

/** Escapes one line of user text for use inside Markdown inline content. */
export function escapeInline(text: string): string {
  return sanitize(text).replace(/\s+/g, ' ').trim().replace(PUNCTUATION, (ch) => `\\${ch}`);
}

/** Escapes multi-line user text as block-quote lines ("> ..."), keeping its line breaks. */
export function escapeQuote(text: string, indent = ''): string {
  const lines = sanitize(text).replace(/\r\n?/g, '\n').trim().split('\n').map((line) => line.trim());
  // A backslash at the end of a line is a hard line break, so the lines stay lines when rendered.
  return lines
    .map((line, i) => {
      if (line === '') return `${indent}>`;
      const hardBreak = lines[i + 1] ? '\\' : '';
      return `${indent}> ${line.replace(PUNCTUATION, (ch) => `\\${ch}`)}${hardBreak}`;
    })
    .join('\n');
}

function when(t: SummaryText): string {
  return t.context ? `${t.date} (${t.context})` : t.date;
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const DISCUSS_LABEL = { discuss: 'To discuss', decision: 'Big decision being considered', unreal: 'Felt confusing or unreal' } as const;

export function summaryMarkdown(m: SummaryModel): string {
  const out: string[] = [];
  const section = (title: string, body: string) => out.push(`## ${title}\n\n${body}`);

  out.push(`# Integration summary: ${m.from} to ${m.to}\n\n`
    + `Period: ${m.from} to ${m.to} (${m.days} day${m.days === 1 ? '' : 's'}). Generated ${m.generatedAt}.\n\n`
    + `Overview: ${m.overview.entries} entries on ${m.overview.daysWithEntries} of ${m.days} days; `
    + `${m.overview.sessions} dosing session${m.overview.sessions === 1 ? '' : 's'} in the period.`);

  if (m.sessions.length) {
    section('Dosing sessions', m.sessions.map((s) => {
      const head = `- **Session ${s.number}**: ${s.date}, ${escapeInline(s.route)}${s.doseMg !== null ? `, ${s.doseMg} mg` : ''}`;
      const lines = [head];
      if (s.intention) lines.push(`  - Intention: ${escapeInline(s.intention)}`);
      if (s.notes) lines.push(`  - What stood out:\n\n${escapeQuote(s.notes, '    ')}\n`);
      return lines.join('\n');
    }).join('\n'));
  }

  if (m.metrics.length) {
    const parts: string[] = [];
    parts.push(table(
      ['Metric', 'Trend', 'Mean', 'Min', 'Max', 'Days', `Change vs previous ${m.days} days`],
      m.metrics.map((x) => [
        escapeInline(x.label), `\`${x.spark}\``, formatNumber(x.mean, x.unit), formatNumber(x.min, x.unit),
        formatNumber(x.max, x.unit), String(x.days), formatChange(x.mean, x.previousMean),
      ]),
    ));
    const weekly = m.metrics.some((x) => x.sparkUnit === 'week');
    parts.push(`Trend: one character per ${weekly ? 'week (weekly means)' : 'day'}; · marks ${weekly ? 'weeks' : 'days'} without data.`);
    if (m.weeks.length > 1) {
      parts.push(`### By week\n\n${table(['Week of', 'Mood', 'Anxiety', 'Sleep', 'Entries'],
        m.weeks.map((w) => [w.weekStart, formatNumber(w.mood), formatNumber(w.anxiety), formatNumber(w.sleep, 'h'), String(w.entries)]))}`);
    }
    if (m.beforeAfter.length) {
      parts.push(`### Mood before and after sessions\n\nMean mood over the 7 days before and the 7 days after each session (n = days with data).\n\n${table(
        ['Session', 'Date', 'Before', 'After', 'Change'],
        m.beforeAfter.map((b) => [
          String(b.session), b.date,
          `${formatNumber(b.before.mean)} (n=${b.before.n})`, `${formatNumber(b.after.mean)} (n=${b.after.n})`,
          b.change === null ? 'not enough data' : `${b.change > 0 ? '+' : b.change < 0 ? '−' : ''}${Math.abs(round1(b.change))}`,
        ]),
      )}`);
    }
    section('Mood and other metrics', parts.join('\n\n'));
  }

  if (m.assessments.length) {
    section('Assessments', table(
      ['Instrument', 'Results in the period', 'Change'],
      m.assessments.map((a) => [
        `${escapeInline(a.title)} (${a.higherIsBetter ? 'higher' : 'lower'} is better)`,
        a.results.map((r) => `${r.date}: ${round1(r.score)}${escapeInline(a.unit)}${r.band ? ` ${escapeInline(r.band)}` : ''}`).join('; '),
        escapeInline(a.change),
      ]),
    ));
  }

  if (m.insights.length) {
    const items = m.insights.map((i) => `- ${when(i)}${i.prompt ? `, ${escapeInline(i.prompt)}` : ''}:\n\n${escapeQuote(i.text, '  ')}\n`);
    if (m.moreInsights) items.push(`- …and ${m.moreInsights} more in the journal.`);
    section('Insights', items.join('\n'));
  }

  const { open, done, dropped } = m.intentions;
  if (open.length || done.length || dropped.length) {
    const group = (title: string, items: typeof open, verb: string) =>
      items.length ? `### ${title}\n\n${items.map((i) => `- ${escapeInline(i.text)} (${verb} ${i.date})`).join('\n')}` : '';
    section('Intentions and actions', [group('Open', open, 'since'), group('Done', done, 'done'), group('Dropped', dropped, 'dropped')].filter(Boolean).join('\n\n'));
  }

  if (m.practices.length) {
    section('Practices', table(['Practice', 'Times'], m.practices.map((p) => [escapeInline(p.name), String(p.count)])));
  }
  if (m.themes.length) {
    section('Themes', `Most frequent tags: ${m.themes.map((t) => `${escapeInline(t.name)} (${t.count})`).join(', ')}.`);
  }

  if (m.discuss.length || m.safety.length) {
    const items = m.discuss.map((d) => `- ${when(d)}, ${DISCUSS_LABEL[d.kind].toLowerCase()}${d.prompt ? ` (${escapeInline(d.prompt)})` : ''}:\n\n${escapeQuote(d.text, '  ')}\n`);
    for (const s of m.safety) items.push(`- ${s.date}, safety check: ${escapeInline(s.what)}. integrate showed crisis resources; please ask about it.`);
    section('Worth discussing', items.join('\n'));
  }

  const privacy = m.includePrivate
    ? 'Entries marked private were included at the writer’s request.'
    : 'Entries marked private contribute no words; their numbers still count in charts and averages.';
  // The excluded tags are not named: the tag itself may be what the writer wants to keep to themselves.
  const excluded = m.excludedTags.length ? ' Some entries were left out at the writer’s request and contribute no words either.' : '';
  out.push(`---\n\n*Generated locally by integrate, a self-reflection tool, from the writer’s own entries. It is not a clinical document and not a diagnosis, and nobody monitors these entries. ${privacy}${excluded}*`);

  return `${out.join('\n\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
