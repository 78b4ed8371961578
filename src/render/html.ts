// The summary as one self-contained HTML page: inline CSS (prints on A4 and
// Letter), one small inline SVG chart per check-in metric and per
// questionnaire, no scripts, no external requests (a Content-Security-Policy
// says so to the browser too). The body comes from our own Markdown, in which
// every piece of user text is already escaped, so no user text can become
// markup; the charts hold numbers, dates and our own labels only.
import type { SummaryMeasure, SummaryMetric, SummaryModel } from '../domain/summary.js';
import type { DatedValue } from '../domain/trends.js';
import { daysBetween } from '../domain/time.js';
import { summaryMarkdown } from './markdown.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

const CSS = `
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.5rem; margin-bottom: .25rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; border-bottom: 1px solid #ddd; }
  h3 { font-size: 1rem; margin-bottom: .3rem; } ul { padding-left: 1.3rem; } li { margin: .1rem 0; }
  table { border-collapse: collapse; margin: .5rem 0; width: 100%; } th, td { border: 1px solid #ccc; padding: .2rem .45rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
  th { background: #f4f4f4; } code { font-family: ui-monospace, Menlo, Consolas, monospace; }
  .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(21rem, 1fr)); gap: .6rem 1rem; }
  figure { margin: .4rem 0; } figcaption { font-size: .8rem; color: #555; } svg { width: 100%; height: auto; display: block; }
  hr + p { font-size: .85rem; color: #555; }
  @page { margin: 14mm; }
  @media print {
    body { margin: 0; max-width: none; font-size: 10pt; }
    h2, h3 { break-after: avoid; } tr, figure, li { break-inside: avoid; }
    .charts { grid-template-columns: 1fr 1fr; }
  }
`;

const W = 340, H = 150, LEFT = 30, RIGHT = 8, TOP = 10, BOTTOM = 24;
const PLOT_W = W - LEFT - RIGHT, PLOT_H = H - TOP - BOTTOM;
const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

interface ChartSpec {
  /** Days shown on the x axis, inclusive. */
  from: string;
  to: string;
  min: number;
  max: number;
  points: DatedValue[];
  /** Join points with a line only between consecutive days (check-ins), or always (questionnaires). */
  joinAcrossGaps: boolean;
  sessions: { number: number; date: string }[];
  bands?: { min: number; max: number; label: string; shade: number; drawTo: number }[];
  label: string;
}

/** A small line chart: gaps break the line, sessions are dashed markers, bands are shaded. */
function chartSvg(c: ChartSpec): string {
  const span = Math.max(1, daysBetween(c.from, c.to));
  const x = (day: string) => LEFT + (daysBetween(c.from, day) / span) * PLOT_W;
  const y = (v: number) => TOP + PLOT_H - ((Math.min(c.max, Math.max(c.min, v)) - c.min) / (c.max - c.min || 1)) * PLOT_H;
  const parts: string[] = [];
  for (const b of c.bands ?? []) {
    const top = y(b.drawTo), bottom = y(b.min);
    parts.push(`<rect class="band" x="${LEFT}" y="${top.toFixed(1)}" width="${PLOT_W}" height="${Math.max(1, bottom - top).toFixed(1)}" fill="#c05621" fill-opacity="${b.shade.toFixed(2)}"><title>${escapeHtml(b.label)}: ${fmt(b.min)}–${fmt(b.max)}</title></rect>`);
    if (bottom - top >= 9) parts.push(`<text x="${W - RIGHT - 2}" y="${(top + 9).toFixed(1)}" font-size="8" fill="#7b341e" text-anchor="end">${escapeHtml(b.label)}</text>`);
  }
  const ticks = [c.min, (c.min + c.max) / 2, c.max];
  for (const v of ticks) {
    parts.push(`<line x1="${LEFT}" y1="${y(v).toFixed(1)}" x2="${W - RIGHT}" y2="${y(v).toFixed(1)}" stroke="#e2e2e2"/>`);
    parts.push(`<text x="${LEFT - 4}" y="${(y(v) + 3).toFixed(1)}" font-size="9" text-anchor="end" fill="#444">${fmt(v)}</text>`);
  }
  for (const s of c.sessions) {
    if (s.date < c.from || s.date > c.to) continue;
    parts.push(`<line class="session" x1="${x(s.date).toFixed(1)}" y1="${TOP}" x2="${x(s.date).toFixed(1)}" y2="${TOP + PLOT_H}" stroke="#6b46c1" stroke-dasharray="3 2"/>`);
    parts.push(`<text x="${(x(s.date) + 2).toFixed(1)}" y="${TOP + 8}" font-size="8" fill="#6b46c1">S${s.number}</text>`);
  }
  const present = c.points.filter((p): p is { date: string; value: number } => p.value !== null);
  const segments: string[][] = [];
  let previous: string | undefined;
  for (const p of present) {
    const joined = previous !== undefined && (c.joinAcrossGaps || daysBetween(previous, p.date) === 1);
    if (!joined) segments.push([]);
    segments.at(-1)!.push(`${x(p.date).toFixed(1)},${y(p.value).toFixed(1)}`);
    previous = p.date;
  }
  for (const seg of segments) if (seg.length > 1) parts.push(`<polyline fill="none" stroke="#2b6cb0" stroke-width="1.6" points="${seg.join(' ')}"/>`);
  for (const p of present) {
    parts.push(`<circle class="point" cx="${x(p.date).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="${c.joinAcrossGaps ? 3 : 1.8}" fill="#2b6cb0"><title>${escapeHtml(p.date)}: ${fmt(p.value)}</title></circle>`);
  }
  parts.push(`<text x="${LEFT}" y="${H - 6}" font-size="9" fill="#444">${escapeHtml(c.from)}</text>`);
  parts.push(`<text x="${W - RIGHT}" y="${H - 6}" font-size="9" text-anchor="end" fill="#444">${escapeHtml(c.to)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(c.label)}">${parts.join('')}</svg>`;
}

/** One chart per check-in metric, on the metric's own scale. */
export function metricChart(m: SummaryMetric, sessions: SummaryModel['sessionDays']): string {
  const series = m.series;
  if (!series.some((p) => p.value !== null)) return '';
  const svg = chartSvg({
    from: series[0]!.date, to: series.at(-1)!.date, min: m.min, max: m.max, points: series, joinAcrossGaps: false, sessions,
    label: `${m.label}, daily check-in means; gaps are days without a check-in; dashed lines are dosing sessions`,
  });
  return `<figure class="chart metric-${escapeHtml(m.name)}">${svg}<figcaption>${escapeHtml(m.label)} (${escapeHtml(m.scale)}): daily check-in means. Gaps: no check-in; dashed S<i>n</i>: session <i>n</i>.</figcaption></figure>`;
}

/** One chart per questionnaire: its results over the period with the bands shaded, darker towards the harder end. */
export function measureChart(m: SummaryMeasure, from: string, to: string, sessions: SummaryModel['sessionDays']): string {
  const first = m.results[0]!.date < from ? m.results[0]!.date : from;
  // Bands are whole-number ranges (5–9, 10–14): each is drawn up to where the next starts, so none leaves a gap.
  const sorted = [...m.bands].sort((a, b) => a.min - b.min);
  const bands = sorted.map((b, i) => {
    const rank = m.higherIsBetter ? sorted.length - 1 - i : i;
    return { ...b, drawTo: sorted[i + 1]?.min ?? m.maxScore, shade: 0.04 + (0.22 * rank) / Math.max(1, sorted.length - 1) };
  });
  const svg = chartSvg({
    from: first, to, min: 0, max: m.maxScore, points: m.results.map((r) => ({ date: r.date, value: r.score })), joinAcrossGaps: true,
    sessions, bands, label: `${m.title} results with its bands shaded`,
  });
  return `<figure class="chart measure-${escapeHtml(m.id)}">${svg}<figcaption>${escapeHtml(m.title)} (0–${fmt(m.maxScore)}${escapeHtml(m.unit)}, ${m.higherIsBetter ? 'higher' : 'lower'} is better): results, bands shaded.</figcaption></figure>`;
}

export async function summaryHtml(model: SummaryModel): Promise<string> {
  const { Marked } = await import('marked');
  const marked = new Marked({ gfm: true, async: false });
  let body = marked.parse(summaryMarkdown(model, { trend: false })) as string;
  const metricCharts = model.metrics.map((m) => metricChart(m, model.sessionDays)).filter(Boolean);
  const measureCharts = model.measures.map((m) => measureChart(m, model.from, model.to, model.sessionDays));
  // The charts go right under their section's heading.
  if (metricCharts.length) body = body.replace(/(<h2[^>]*>Check-in metrics<\/h2>)/, `$1\n<div class="charts">${metricCharts.join('')}</div>`);
  if (measureCharts.length) body = body.replace(/(<h2[^>]*>Measures<\/h2>)/, `$1\n<div class="charts">${measureCharts.join('')}</div>`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<title>Integration summary ${escapeHtml(model.from)} to ${escapeHtml(model.to)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
