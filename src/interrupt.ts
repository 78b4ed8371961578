// Long work that writes files (exports, backups) and long reads (search over
// huge notes) stop cleanly on Ctrl-C, SIGTERM and SIGHUP. JavaScript sees a
// signal only when the event loop turns, so such work runs inside
// `interruptible()` and calls `pause()` between chunks: the signal is noted,
// the next pause throws InterruptedError, the work's own cleanup removes its
// temp files, and run.ts prints one line and exits 130/143/129.
// A second signal while the first is being honoured ends the process at once,
// after removing the temp files registered here.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { InterruptedError } from './errors.js';

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';
const SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

let depth = 0;
let pending: StopSignal | undefined;
let doing = 'the work';
let outcome: string | undefined;
const temps = new Set<string>();

/** A temp file to remove if the process is stopped by force (a second signal). */
export function trackTemp(file: string): void {
  temps.add(file);
}

export function untrackTemp(file: string): void {
  temps.delete(file);
}

/** Removes every temp file still registered (the process is ending on a failure nobody caught). */
export function removeTrackedTemps(): void {
  for (const file of temps) fs.rmSync(file, { force: true });
  temps.clear();
}

function onSignal(signal: StopSignal): void {
  if (!pending) {
    pending = signal;
    return;
  }
  // Asked twice: stop now, by the signal itself, leaving nothing of ours behind.
  for (const file of temps) fs.rmSync(file, { force: true });
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
}

const handlers = new Map(SIGNALS.map((s) => [s, () => onSignal(s)]));

/**
 * Runs `work` with Ctrl-C/SIGTERM/SIGHUP turned into InterruptedError at its
 * next `pause()`. `what` completes "Stopped before ... was complete"; `left` says what is left.
 * Other listeners (run.ts's) are set aside meanwhile and restored after.
 */
export async function interruptible<T>(what: string, work: () => Promise<T>, left?: string): Promise<T> {
  // node:worker_threads is read here, not imported: loading it costs every command a few ms at start.
  const { isMainThread } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  if (!isMainThread) return work();
  const saved = depth === 0 ? SIGNALS.map((s) => [s, process.rawListeners(s)] as const) : [];
  if (depth === 0) {
    // Ours first, then theirs off: a signal with no listener at all would kill the process by default.
    for (const [signal, listeners] of saved) {
      process.on(signal, handlers.get(signal)!);
      for (const l of listeners) process.removeListener(signal, l as () => void);
    }
    doing = what;
    outcome = left;
  }
  depth++;
  try {
    const result = await work();
    checkInterrupt(); // a signal during the last step still counts
    return result;
  } finally {
    depth--;
    if (depth === 0) {
      for (const [signal, listeners] of saved) {
        for (const l of listeners) process.on(signal, l as () => void);
        process.removeListener(signal, handlers.get(signal)!);
      }
      pending = undefined;
    }
  }
}

/** Throws InterruptedError when a signal arrived. */
export function checkInterrupt(): void {
  if (pending) throw new InterruptedError(pending, doing, outcome);
}

/** Lets the event loop turn so a signal is seen; never rejects (safe to leave unawaited): checkInterrupt() acts on it. */
export function letSignalsIn(): Promise<void> {
  return depth === 0 ? Promise.resolve() : new Promise<void>((resolve) => setImmediate(resolve));
}

/** Lets the event loop turn, then throws InterruptedError if a signal arrived. */
export async function pause(): Promise<void> {
  await letSignalsIn();
  checkInterrupt();
}

/** For tests: behave as if `signal` had arrived. */
export function simulateSignal(signal: StopSignal): void {
  onSignal(signal);
}
