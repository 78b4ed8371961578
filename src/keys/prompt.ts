// A hidden passphrase prompt, read synchronously from the terminal: the
// database opens synchronously (ctx.store()), and the passphrase is asked
// there. The terminal goes raw and silent with stty for the read and is
// restored afterwards, also on Ctrl-C (which arrives as a byte in raw mode).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import { CancelledError } from '../errors.js';
import type { Io } from '../io.js';

function stty(...args: string[]): string {
  // node:child_process only when a prompt is shown: every run that opens the journal imports this file.
  const { spawnSync } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  const r = spawnSync('stty', args, { stdio: ['inherit', 'pipe', 'pipe'], encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

function readByte(fd: number, buf: Buffer): number {
  for (;;) {
    try {
      return fs.readSync(fd, buf, 0, 1, null);
    } catch (err) {
      // A non-blocking terminal: wait a little and read again.
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/** Asks `question` on stderr and reads one line from the terminal without echoing it. */
export function readHidden(question: string, io: Io): string {
  // Silent before the question shows, so nothing typed right away is echoed.
  const saved = stty('-g');
  stty('raw', '-echo');
  io.err(question);
  const bytes: number[] = [];
  const one = Buffer.alloc(1);
  try {
    for (;;) {
      if (readByte(0, one) === 0) break;
      const b = one[0]!;
      if (b === 0x0d || b === 0x0a) break;
      if (b === 0x03 || (b === 0x04 && bytes.length === 0)) throw new CancelledError('Cancelled; nothing was changed.');
      if (b === 0x7f || b === 0x08) {
        // Drop the last character, with its UTF-8 continuation bytes.
        while (bytes.length && (bytes.pop()! & 0xc0) === 0x80);
        continue;
      }
      if (b === 0x15) {
        bytes.length = 0;
        continue;
      }
      if (b >= 0x20 || b === 0x09) bytes.push(b);
    }
  } finally {
    if (saved) stty(saved);
    else stty('sane');
    io.err('\n');
  }
  return Buffer.from(bytes).toString('utf8');
}
