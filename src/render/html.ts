// The summary as one self-contained HTML page: inline CSS (print-friendly),
// an inline SVG mood chart, no scripts, no external requests. The body comes
// from our own Markdown, in which every piece of user text is already escaped,
// so no user text can become markup.
import type { SummaryModel } from '../domain/summary.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

const CSS = `
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.5rem; margin-bottom: .25rem; } h2 { font-size: 1.15rem; margin-top: 1.8rem; border-bottom: 1px solid #ddd; }
  h3 { font-size: 1rem; } table { border-collapse: collapse; margin: .5rem 0; } th, td { border: 1px solid #ccc; padding: .2rem .5rem; text-align: left; vertical-align: top; }
  code { font-family: ui-monospace, Menlo, Consolas, monospace; } blockquote { margin: .3rem 0 .6rem 1rem; padding-left: .8rem; border-left: 3px solid #bbb; color: #333; }
  figure { margin: 1rem 0; } figcaption { font-size: .85rem; color: #555; } svg { max-width: 100%; height: auto; }
  footer, hr + p { font-size: .85rem; color: #555; }
  @media print { body { margin: 0; max-width: none; font-size: 11pt; } h2 { break-after: avoid; } table, figure, blockquote { break-inside: avoid; } }
`;

/** An SVG line chart of daily mood: gaps break the line, sessions are dashed markers, axes are labelled. */
export function moodChartSvg(m: Pick<SummaryModel, 'moodSeries' | 'sessionDays'>): string {
  const points = m.moodSeries;
  if (!points.some((p) => p.value !== null)) return '';
  const W = 640, H = 260, left = 40, right = 16, top = 16, bottom = 40;
  const plotW = W - left - right, plotH = H - top - bottom;
  const x = (i: number) => left + (points.length === 1 ? plotW / 2 : (i * plotW) / (points.length - 1));
  const y = (v: number) => top + plotH - (v / 10) * plotH;
  const parts: string[] = [];
  for (const v of [0, 2, 4, 6, 8, 10]) {
    parts.push(`<line x1="${left}" y1="${y(v)}" x2="${W - right}" y2="${y(v)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${left - 6}" y="${y(v) + 4}" font-size="11" text-anchor="end">${v}</text>`);
  }
  const segments: string[][] = [];
  let current: string[] = [];
  points.forEach((p, i) => {
    if (p.value === null) {
      if (current.length) segments.push(current);
      current = [];
    } else {
      current.push(`${x(i).toFixed(1)},${y(p.value).toFixed(1)}`);
    }
  });
  if (current.length) segments.push(current);
  for (const seg of segments) {
    if (seg.length > 1) parts.push(`<polyline fill="none" stroke="#2b6cb0" stroke-width="2" points="${seg.join(' ')}"/>`);
  }
  points.forEach((p, i) => {
    if (p.value !== null) parts.push(`<circle class="point" cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="2.5" fill="#2b6cb0"><title>${escapeHtml(p.date)}: ${Math.round(p.value * 10) / 10}</title></circle>`);
  });
  for (const s of m.sessionDays) {
    const i = points.findIndex((p) => p.date === s.date);
    if (i < 0) continue;
    parts.push(`<line class="session" x1="${x(i)}" y1="${top}" x2="${x(i)}" y2="${top + plotH}" stroke="#c05621" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${x(i) + 3}" y="${top + 10}" font-size="10" fill="#c05621">▲ ${s.number}</text>`);
  }
  const labelIdx = [...new Set([0, Math.floor((points.length - 1) / 2), points.length - 1])];
  for (const i of labelIdx) {
    // The first and last dates hang inwards so they are not cut off at the edges.
    const anchor = points.length === 1 ? 'middle' : i === 0 ? 'start' : i === points.length - 1 ? 'end' : 'middle';
    parts.push(`<text x="${x(i)}" y="${H - bottom + 16}" font-size="11" text-anchor="${anchor}">${escapeHtml(points[i]!.date)}</text>`);
  }
  parts.push(`<text x="12" y="${top + plotH / 2}" font-size="11" transform="rotate(-90 12 ${top + plotH / 2})" text-anchor="middle">mood (0–10)</text>`);
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Daily mean mood; gaps are days without data; dashed lines are dosing sessions">${parts.join('')}</svg>`
    + `<figcaption>Daily mean mood (0 = worst, 10 = best). Gaps are days without a check-in; dashed lines (▲ n) mark dosing sessions.</figcaption></figure>`;
}

export async function summaryHtml(model: SummaryModel, markdown: string): Promise<string> {
  const { Marked } = await import('marked');
  const marked = new Marked({ gfm: true, async: false });
  let body = marked.parse(markdown) as string;
  const chart = moodChartSvg(model);
  // The chart goes right under the metrics heading.
  if (chart) body = body.replace(/(<h2[^>]*>Mood and other metrics<\/h2>)/, `$1\n${chart}`);
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
