// Ctrl-C, SIGTERM and SIGHUP during long work (src/interrupt.ts). Signals
// are a process's own: these run in a forked worker (*.fork.test.ts,
// vitest.config.ts), where interruptible() listens as it does in integrate;
// in a worker thread it leaves signals to the main thread.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExport } from '../../src/commands/export.js';
import { InterruptedError } from '../../src/errors.js';
import { interruptible, pause, simulateSignal } from '../../src/interrupt.js';
import { insertEntry, rejection, tempDirs, testWorld } from '../helpers/world.js';

const tmpDir = tempDirs('integrate-interrupts-');

describe('interrupts', () => {
  it('a signal during interruptible work throws InterruptedError at the next pause, with the shell exit code', async () => {
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
      const err = await rejection(interruptible('the test', async () => {
        await pause();
        simulateSignal(signal);
        await pause();
      }));
      expect(err).toBeInstanceOf(InterruptedError);
      expect((err as InterruptedError).exitCode).toBe(code);
      expect(err.message).toMatch(/before the test was complete/);
    }
    // Nothing pending afterwards: the next work runs to the end.
    await expect(interruptible('more', async () => 1)).resolves.toBe(1);
  });

  it('export --out stopped midway leaves neither the file nor its temp', async () => {
    const w = testWorld();
    for (let i = 0; i < 300; i++) insertEntry(w.store, { id: `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`, text: 'words '.repeat(200) });
    const dir = tmpDir();
    const out = path.join(dir, 'all.md');
    setImmediate(() => simulateSignal('SIGTERM'));
    const err = await rejection(runExport({ format: 'md', out }, w.ctx()));
    expect(err).toBeInstanceOf(InterruptedError);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
