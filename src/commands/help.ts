// Help text that leads with real examples and ends with related commands.

export function examples(lines: [command: string, why: string][], related: string[] = []): string {
  const width = Math.max(...lines.map(([cmd]) => cmd.length));
  const body = lines.map(([cmd, why]) => (cmd.length > 56 ? `  $ ${cmd}\n      ${why}` : `  $ ${cmd.padEnd(width)}   ${why}`)).join('\n');
  const see = related.length ? `\n\nSee also: ${related.map((r) => `integrate ${r}`).join(', ')}` : '';
  return `\nExamples:\n${body}${see}\n`;
}
