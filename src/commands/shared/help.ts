// Help that leads with real examples and ends with related commands. Every
// example is also recorded, so a test can run each one against a temporary
// database and prove it works.

export interface RecordedExample {
  command: string;
  /** Needs a person at a terminal (asks questions), so scripts and tests skip it. */
  interactive: boolean;
}

export const RECORDED_EXAMPLES: RecordedExample[] = [];

/** An example is interactive when its note says it asks, or it is marked with a trailing "(terminal)". */
const INTERACTIVE = /(\basks?\b|answer a few|interactive|in a terminal|your editor|\$VISUAL|\$EDITOR)/i;

export function examples(lines: [command: string, why: string][]): string {
  for (const [command, why] of lines) RECORDED_EXAMPLES.push({ command, interactive: INTERACTIVE.test(why) });
  // Short commands line up with their notes; long ones get the note on the next line.
  const short = lines.filter(([cmd]) => cmd.length <= 44);
  const width = Math.max(0, ...short.map(([cmd]) => cmd.length));
  const body = lines.map(([cmd, why]) => (cmd.length > 44 ? `  $ ${cmd}\n      ${why}` : `  $ ${cmd.padEnd(width)}   ${why}`)).join('\n');
  return `Examples:\n${body}\n`;
}

export function related(commands: string[]): string {
  return commands.length ? `\nSee also: ${commands.map((r) => `integrate ${r}`).join(', ')}\n` : '';
}
