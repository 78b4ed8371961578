// Markdown rendered for a terminal with marked-terminal (loaded only here).
import type { Io } from '../io.js';

export async function renderMarkdownForTerminal(markdown: string, io: Io): Promise<string> {
  const [{ Marked }, { markedTerminal }] = await Promise.all([import('marked'), import('marked-terminal')]);
  const chalk = io.c;
  const marked = new Marked(
    markedTerminal({
      width: Math.min(io.columns, 100),
      reflowText: true,
      tab: 2,
      // User text stays literal: no ":name:" shortcodes turned into emoji.
      emoji: false,
      // cli-table3 colours headers and borders on its own unless told not to.
      ...(io.color ? {} : { tableOptions: { style: { head: [], border: [] } } }),
      // Follow the one colour decision made in io: plain styles when colour is off.
      ...(io.color ? {} : {
        code: chalk.reset, blockquote: chalk.reset, html: chalk.reset, heading: chalk.reset, firstHeading: chalk.reset,
        hr: chalk.reset, listitem: chalk.reset, table: chalk.reset, paragraph: chalk.reset, strong: chalk.reset,
        em: chalk.reset, codespan: chalk.reset, del: chalk.reset, link: chalk.reset, href: chalk.reset,
      }),
    }),
    {
      // marked-terminal prints the text of tight list items as written, with
      // its backslash escapes and ** markers; render their inline tokens instead.
      renderer: {
        text(token) {
          return typeof token === 'object' && 'tokens' in token && token.tokens ? this.parser.parseInline(token.tokens) : false;
        },
      },
    },
  );
  return marked.parse(markdown, { async: false }) as string;
}
