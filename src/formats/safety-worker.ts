// Reading a large import's words for safety on the machine's other core: the
// main thread parses the file and writes to the database while a worker thread
// reads the texts (textFlag, pure domain code) batch by batch. The import stays
// synchronous, in one transaction: readings come back over a MessagePort read
// with receiveMessageOnPort, and the main thread sleeps on a shared counter
// (Atomics.wait) only when the texts sent and not yet read back pass
// AHEAD_CHARS, which bounds the memory they hold. A reading that
// fails, or a worker that stops, fails the import, which then rolls back.
// This module is loaded only by `integrate import` of a large file, and is
// itself the worker's script (the bundle's chunk for this file).
import { createRequire } from 'node:module';
import { textFlag } from '../domain/safety.js';
import { DataError } from '../errors.js';
import type { FlagReader, WordFlag } from './import.js';

type Threads = typeof import('node:worker_threads');
const threads = createRequire(import.meta.url)('node:worker_threads') as Threads;

const ROLE = 'integrate-safety-reader';
/** Entries per message: few enough messages that posting costs nothing, small enough to start the worker early. */
const BATCH = 128;
/** Characters per message, so a batch of long entries (up to 1 MB each) is sent sooner and stays small. */
const BATCH_CHARS = 256 * 1024;
/**
 * Characters sent and not yet read back before the main thread waits. The import no longer holds an
 * entry until its reading comes (its flags are written at the end), so the main thread need not wait
 * at all in an ordinary import: the worker, started about 150 ms later and about as busy, finishes
 * its last readings while the main thread builds the indexes. The bound keeps the copies of texts
 * queued for the worker to 4-8 MB (Latin or other scripts) however large the file; 1, 2, 4 and 8 Mi
 * characters made no difference to a 36,500-entry import's time.
 */
const AHEAD_CHARS = 4 * 1024 * 1024;
/** A worker that returns nothing for this long has stopped (a batch takes milliseconds). */
const STALL_MS = 60_000;

type Reply = { flags: (WordFlag | null)[] } | { error: string };

interface WorkerData {
  role: typeof ROLE;
  port: import('node:worker_threads').MessagePort;
  /** [0]: replies posted so far; [1]: 1 once the worker is exiting. */
  state: SharedArrayBuffer;
  /** For tests: fail on the batch that holds this text. */
  failOn?: string;
}

if (!threads.isMainThread && (threads.workerData as WorkerData | undefined)?.role === ROLE) serve(threads.workerData as WorkerData);

function serve({ port, state, failOn }: WorkerData): void {
  const counters = new Int32Array(state);
  // The main thread sleeps on slot 0: a reply, or the worker exiting (slot 1), wakes it.
  const signal = (slot: number) => {
    Atomics.add(counters, slot, 1);
    Atomics.notify(counters, 0);
  };
  process.on('exit', () => signal(1));
  // Each batch is an array of records' texts, copied across as they are: packing them into one
  // string or into UTF-8 bytes cost more (docs/performance.md).
  port.on('message', (records: string[][]) => {
    let reply: Reply;
    try {
      if (failOn !== undefined && records.some((texts) => texts.includes(failOn))) throw new Error('failing as asked');
      reply = { flags: records.map((texts) => textFlag(texts) ?? null) };
    } catch (err) {
      reply = { error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
    signal(0);
  });
}

/** Whether this module can start a worker: only from the bundle (the sources are TypeScript, which a worker cannot load). */
export const canThread = /\.m?js$/.test(import.meta.url);

/** The import fails, and rolls back, when its words cannot all be read. */
const stopped = (how: string) => new DataError(`Reading the imported words for safety on a second thread ${how}. Nothing was imported; try again.`);

/**
 * The worker's script: this module (the bundle's chunk for it), loaded by import() so that a
 * module that cannot be loaded says so at once (the worker is exiting) rather than by silence.
 */
const BOOT = `const { workerData } = require('node:worker_threads');
import(workerData.url).catch(() => { const c = new Int32Array(workerData.state); Atomics.store(c, 1, 1); Atomics.notify(c, 0); });`;

/** A reader that sends texts to a new worker thread; close() ends the thread. Tests may make it fail on a text, or load another module. */
export function threadedReader(opts: { failOn?: string; url?: string } = {}): FlagReader {
  const { port1, port2 } = new threads.MessageChannel();
  const state = new SharedArrayBuffer(8);
  const counters = new Int32Array(state);
  const data: WorkerData = { role: ROLE, port: port2, state, failOn: opts.failOn };
  const worker = new threads.Worker(BOOT, {
    eval: true, workerData: { ...data, url: opts.url ?? import.meta.url }, transferList: [port2], stdout: true, stderr: true,
    // Its own heap, kept small: it holds a few batches of text at a time.
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 48 },
  });
  // Neither keeps the process alive: the import is synchronous and closes the worker when it ends.
  worker.unref();
  port1.unref();
  let outgoing: string[][] = [];
  let outgoingChars = 0;
  let waiting: ((flag: WordFlag | undefined) => void)[] = [];
  // Callbacks per batch sent, oldest first, and how many characters each batch held.
  const sent: { done: ((flag: WordFlag | undefined) => void)[]; chars: number }[] = [];
  let inFlightChars = 0;
  let replies = 0;
  let idleWork: (() => boolean) | undefined;

  const take = (reply: Reply) => {
    if ('error' in reply) throw stopped(`failed (${reply.error})`);
    const { done, chars } = sent.shift()!;
    replies++;
    inFlightChars -= chars;
    reply.flags.forEach((flag, i) => done[i]!(flag ?? undefined));
  };
  const receive = (block: boolean): boolean => {
    let waited = 0;
    for (;;) {
      const message = threads.receiveMessageOnPort(port1);
      if (message) {
        take(message.message as Reply);
        return true;
      }
      if (!block) return false;
      if (Atomics.load(counters, 1) !== 0) throw stopped('stopped before the end');
      if (waited >= STALL_MS) throw stopped('returned nothing for a minute');
      // Something useful first, if the import has it; the port is looked at again after each piece.
      if (Atomics.load(counters, 0) <= replies && idleWork?.()) continue;
      // Woken when a reply is posted (counter 0 moves past what was taken) or the worker exits.
      const before = Date.now();
      if (Atomics.load(counters, 0) <= replies) Atomics.wait(counters, 0, replies, 100);
      waited += Date.now() - before;
    }
  };
  const send = () => {
    if (!outgoing.length) return;
    port1.postMessage(outgoing);
    sent.push({ done: waiting, chars: outgoingChars });
    inFlightChars += outgoingChars;
    outgoing = [];
    outgoingChars = 0;
    waiting = [];
  };
  return {
    read(texts, done) {
      outgoing.push(texts);
      waiting.push(done);
      for (const t of texts) outgoingChars += t.length;
      if (outgoing.length < BATCH && outgoingChars < BATCH_CHARS) return;
      send();
      while (receive(false));
      while (sent.length && inFlightChars > AHEAD_CHARS) receive(true);
    },
    settle() {
      send();
      while (sent.length) receive(true);
    },
    whileWaiting(work) {
      idleWork = work;
    },
    close() {
      port1.close();
      void worker.terminate();
    },
  };
}
