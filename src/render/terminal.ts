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
      // Follow the one colour decision made in io: plain styles when colour is off.
      ...(io.color ? {} : {
        code: chalk.reset, blockquote: chalk.reset, html: chalk.reset, heading: chalk.reset, firstHeading: chalk.reset,
        hr: chalk.reset, listitem: chalk.reset, table: chalk.reset, paragraph: chalk.reset, strong: chalk.reset,
        em: chalk.reset, codespan: chalk.reset, del: chalk.reset, link: chalk.reset, href: chalk.reset,
      }),
    }),
  );
  return marked.parse(markdown, { async: false }) as string;
}
