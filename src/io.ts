// Terminal facts and writers. Colour is decided here, once.
import { isatty } from 'node:tty';
import { Chalk, type ChalkInstance } from 'chalk';
import { UsageError } from './errors.js';
import { formatBytes, INPUT_LIMITS } from './files.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** All of stdin as text; fails beyond `limit` bytes (default INPUT_LIMITS.stdin). */
  readStdin(limit?: number): Promise<string>;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  columns: number;
  color: boolean;
  c: ChalkInstance;
  /** Prompts are allowed only when a person is at both ends. */
  canPrompt(): boolean;
}

export function decideColor(opts: { isTTY: boolean; env: NodeJS.ProcessEnv; noColorFlag: boolean }): boolean {
  if (opts.noColorFlag) return false;
  if (!opts.isTTY) return false;
  if (opts.env.NO_COLOR !== undefined && opts.env.NO_COLOR !== '') return false;
  if (opts.env.TERM === 'dumb') return false;
  return true;
}

export function makeChalk(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

export function processIo(env: NodeJS.ProcessEnv, noColorFlag: boolean): Io {
  const stdoutIsTTY = Boolean(process.stdout.isTTY);
  const color = decideColor({ isTTY: stdoutIsTTY, env, noColorFlag });
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    readStdin: async (limit = INPUT_LIMITS.stdin) => {
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of process.stdin) {
        total += (chunk as Buffer).length;
        // `yes | integrate ...` or /dev/zero must not fill the memory.
        if (total > limit) throw new UsageError(`Standard input is larger than ${formatBytes(limit)}, the most that is read here. Check what is piped in.`);
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
    // Asked of the descriptor: touching process.stdin would set up a stream (a few ms) that most runs never read.
    stdinIsTTY: isatty(0),
    stdoutIsTTY,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    columns: process.stdout.columns || Number(env.COLUMNS) || 80,
    color,
    c: makeChalk(color),
    canPrompt() {
      return this.stdinIsTTY && this.stdoutIsTTY;
    },
  };
}

/** In-memory Io for tests. */
export function memoryIo(opts: { stdin?: string; tty?: boolean; columns?: number; color?: boolean } = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const tty = opts.tty ?? false;
  const color = opts.color ?? false;
  const io: Io & { stdout: () => string; stderr: () => string } = {
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    readStdin: async () => opts.stdin ?? '',
    stdinIsTTY: tty,
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    columns: opts.columns ?? 80,
    color,
    c: makeChalk(color),
    canPrompt: () => tty,
    stdout: () => stdout.join(''),
    stderr: () => stderr.join(''),
  };
  return io;
}
