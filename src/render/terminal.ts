// Markdown rendered for a terminal with marked-terminal (loaded only here),
// at the terminal's real width. marked-terminal styles headings, rules and
// inline text; paragraphs, lists and tables are laid out here, because they
// must wrap at word boundaries (a word is never split; a word wider than the
// screen gets a line of its own) and a table that does not fit becomes a list
// of "Header: value" lines. Styles come from io's one colour decision, never
// from chalk's own guess.
import type { Tokens } from 'marked';
import type { Io } from '../io.js';
import { stringWidth } from './text.js';

/** Greedy word wrap of styled text; `first` starts the first line, `rest` the others. */
export function wrapWords(text: string, width: number, first = '', rest = first): string[] {
  const lines: string[] = [];
  for (const paragraphLine of text.split('\n')) {
    let line = lines.length ? rest : first;
    let empty = true;
    for (const word of paragraphLine.split(/ +/).filter(Boolean)) {
      if (!empty && stringWidth(line) + 1 + stringWidth(word) > width) {
        lines.push(line);
        line = rest;
        empty = true;
      }
      line = empty ? `${line}${word}` : `${line} ${word}`;
      empty = false;
    }
    lines.push(line);
  }
  return lines;
}

function padTo(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

export async function renderMarkdownForTerminal(markdown: string, io: Io): Promise<string> {
  const [{ Marked }, { markedTerminal }] = await Promise.all([import('marked'), import('marked-terminal')]);
  const c = io.c;
  // One column short of the edge: a line that fills the last column makes some terminals wrap early.
  const width = Math.max(20, io.columns - 1);
  const marked = new Marked(
    markedTerminal({
      width,
      reflowText: true,
      showSectionPrefix: false,
      tab: 2,
      // User text stays literal: no ":name:" shortcodes turned into emoji.
      emoji: false,
      code: c.yellow, blockquote: c.gray.italic, html: c.gray, heading: c.bold.green, firstHeading: c.bold.underline,
      hr: c.gray, listitem: c.reset, table: c.reset, paragraph: c.reset, strong: c.bold,
      em: c.italic, codespan: c.cyan, del: c.strikethrough, link: c.blue, href: c.blue.underline,
    }),
    {
      renderer: {
        paragraph(token: Tokens.Paragraph) {
          return `${wrapWords(this.parser.parseInline(token.tokens), width).join('\n')}\n\n`;
        },
        list(token: Tokens.List) {
          return `${renderList(token, '', (tokens) => this.parser.parseInline(tokens)).join('\n')}\n\n`;
        },
        table(token: Tokens.Table) {
          const inline = (cell: Tokens.TableCell) => this.parser.parseInline(cell.tokens);
          return `${renderTable(token.header.map(inline), token.rows.map((r) => r.map(inline)), width, c.bold, c.gray).join('\n')}\n\n`;
        },
      },
    },
  );

  function renderList(list: Tokens.List, indent: string, inline: (tokens: Tokens.Generic[]) => string): string[] {
    const lines: string[] = [];
    list.items.forEach((item, i) => {
      const marker = list.ordered ? `${Number(list.start || 1) + i}. ` : '• ';
      let first = true;
      for (const child of item.tokens) {
        if (child.type === 'list') {
          lines.push(...renderList(child as Tokens.List, `${indent}  `, inline));
        } else if ('tokens' in child && child.tokens) {
          const lead = first ? `${indent}${marker}` : `${indent}${' '.repeat(marker.length)}`;
          lines.push(...wrapWords(inline(child.tokens), width, lead, `${indent}${' '.repeat(marker.length)}`));
          first = false;
        }
      }
    });
    return lines;
  }

  return (marked.parse(markdown, { async: false }) as string).replace(/\n{3,}/g, '\n\n').replace(/\n+$/, '\n');
}

/** A boxed table when it fits in `width`, else one block of "Header: value" lines per row. */
export function renderTable(header: string[], rows: string[][], width: number, bold: (s: string) => string, dim: (s: string) => string): string[] {
  const widths = header.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i] ?? ''))));
  const total = widths.reduce((a, b) => a + b, 0) + 3 * widths.length + 1;
  if (total <= width) {
    const rule = (l: string, m: string, r: string) => dim(`${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}`);
    const row = (cells: string[], style = (s: string) => s) => `${dim('│')}${cells.map((cell, i) => ` ${padTo(style(cell), widths[i]!)} `).join(dim('│'))}${dim('│')}`;
    return [rule('┌', '┬', '┐'), row(header, bold), rule('├', '┼', '┤'), ...rows.map((r) => row(r)), rule('└', '┴', '┘')];
  }
  const lines: string[] = [];
  for (const r of rows) {
    r.forEach((cell, i) => {
      const lead = i === 0 ? '• ' : '  ';
      lines.push(...wrapWords(`${bold(`${header[i] ?? ''}:`)} ${cell}`, width, lead, '    '));
    });
  }
  return lines;
}
