// Help that leads with real examples and ends with related commands. The
// examples are data: each command module exports its own (`examples`, keyed
// by the command as typed), help renders them, and a test runs every one
// that needs no terminal against a temporary database.

export interface Example {
  /** The command line exactly as a person would type it. */
  cmd: string;
  /** What it does, shown beside it. */
  why: string;
  /** Asks questions at a terminal (prompts, an editor, a confirmation): scripts and tests cannot run it as written. */
  interactive?: boolean;
}

/** A module's examples by command path as typed: 'integrate session add'. */
export type CommandExamples = Readonly<Record<string, readonly Example[]>>;

/** The "Examples:" block of a command's help. */
export function examplesHelp(list: readonly Example[]): string {
  // Short commands line up with their notes; long ones get the note on the next line.
  const short = list.filter(({ cmd }) => cmd.length <= 44);
  const width = Math.max(0, ...short.map(({ cmd }) => cmd.length));
  const body = list.map(({ cmd, why }) => (cmd.length > 44 ? `  $ ${cmd}\n      ${why}` : `  $ ${cmd.padEnd(width)}   ${why}`)).join('\n');
  return `Examples:\n${body}\n`;
}

export function related(commands: string[]): string {
  return commands.length ? `\nSee also: ${commands.map((r) => `integrate ${r}`).join(', ')}\n` : '';
}
