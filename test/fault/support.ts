// Shared pieces of the fault tests: spawning the built bin so it can be killed,
// a seeded PRNG (every "random" moment can be replayed from the seed in the
// failure message), hashing files, reading a database without changing it,
// and a large integrate JSON file to import.
import Database from 'better-sqlite3-multiple-ciphers';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CAPTURED_MAIN, ROOT, baseEnv, ensureBuilt } from '../helpers/run-bin.js';

let snapshotBin: string | undefined;
let snapshotDir: string | undefined;

/** Removes this file's copy (call in afterAll). */
export function removeAppBin(): void {
  if (snapshotDir) fs.rmSync(snapshotDir, { recursive: true, force: true });
  snapshotBin = snapshotDir = undefined;
}

/**
 * A private copy of the built bin/ and dist/ for this test file. These tests
 * spawn hundreds of processes over many seconds; a rebuild of dist/ meanwhile
 * (another `npm test`, `npm run build`) would otherwise fail them with
 * ERR_MODULE_NOT_FOUND. The copy lives inside node_modules/.cache, so the
 * dependencies and prompts/ resolve from the project as usual.
 */
export function appBin(): string {
  if (snapshotBin) return snapshotBin;
  ensureBuilt();
  const parent = path.join(ROOT, 'node_modules', '.cache', 'integrate-fault');
  // Copies left by runs that were themselves killed.
  for (const name of fs.existsSync(parent) ? fs.readdirSync(parent) : []) {
    const pid = Number(name.split('-')[0]);
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
  for (let attempt = 0; ; attempt++) {
    const dir = path.join(parent, `${process.pid}-${attempt}`);
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true, filter: (f) => !f.endsWith('.map') });
      fs.cpSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
      const bin = path.join(dir, 'bin', 'integrate.js');
      if (completeCopy(path.join(dir, 'dist')) && spawnSync(process.execPath, [bin, '--version']).status === 0) {
        snapshotDir = dir;
        return (snapshotBin = bin);
      }
    } catch {
      // dist/ changed under the copy; try again
    }
    fs.rmSync(dir, { recursive: true, force: true });
    if (attempt >= 20) throw new Error('could not take a consistent copy of dist/');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    ensureBuilt();
  }
}

/** Every relative import in every bundled file points at a file that exists. */
function completeCopy(dist: string): boolean {
  const files = fs.readdirSync(dist, { recursive: true }).map(String).filter((f) => f.endsWith('.js'));
  if (!files.includes('main.js')) return false;
  return files.every((f) => {
    const text = fs.readFileSync(path.join(dist, f), 'utf8');
    return [...text.matchAll(/(?:from |import\(|require\()"(\.\.?\/[^"]+\.js)"/g)].every((m) => fs.existsSync(path.resolve(path.dirname(path.join(dist, f)), m[1]!)));
  });
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from spawn to exit. */
  ms: number;
}

export interface Spawned {
  child: ChildProcess;
  done: Promise<Finished>;
}

/** Starts the built bin with a temp home and INTEGRATE_DB (none when ''); stdin gets `input` and is closed. */
export function spawnBin(args: string[], dir: string, db: string, input = '', extraEnv: NodeJS.ProcessEnv = {}): Spawned {
  const env = { ...baseEnv(dir), INTEGRATE_DB: db, ...extraEnv };
  const started = performance.now();
  const child = spawn(process.execPath, [appBin(), ...args], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin!.on('error', () => {});
  child.stdin!.end(input);
  const done = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - started }));
  });
  return { child, done };
}

export const runBinIn = (args: string[], dir: string, db: string, input = '', env: NodeJS.ProcessEnv = {}) => spawnBin(args, dir, db, input, env).done;

// Runs the built main() in worker threads, each run with its own context and
// database connection, as a process would have; what a run wrote on stdout and
// stderr is captured. A thread loads the bundle once and then takes run after run.
const THREAD = `${CAPTURED_MAIN}
const { parentPort, workerData } = require('node:worker_threads');
const loaded = import(workerData.main);
parentPort.on('message', async (args) => {
  const { main } = await loaded;
  parentPort.postMessage({ ...(await captured(main, args)), signal: null, ms: 0 });
});
`;

export interface Threads {
  /** Runs argv in thread `i` (after that thread's earlier runs). */
  run(i: number, args: string[]): Promise<Finished>;
  close(): Promise<void>;
}

/** `count` threads running the built main() on one database: many runs at once for the cost of one process start each. */
export function threads(count: number, dir: string, db: string): Threads {
  const main = pathToFileURL(path.join(path.dirname(path.dirname(appBin())), 'dist', 'main.js')).href;
  const env = { ...baseEnv(dir), INTEGRATE_DB: db };
  const workers = Array.from({ length: count }, () => new Worker(THREAD, { eval: true, env, workerData: { main } }));
  const queues = workers.map(() => Promise.resolve() as Promise<unknown>);
  return {
    run(i, args) {
      const worker = workers[i]!;
      const result = queues[i]!.then(() => new Promise<Finished>((resolve, reject) => {
        // Both listeners go once the run settles: a thread takes many runs.
        const onMessage = (finished: Finished) => {
          worker.off('error', onError);
          resolve(finished);
        };
        const onError = (err: Error) => {
          worker.off('message', onMessage);
          reject(err);
        };
        worker.once('message', onMessage);
        worker.once('error', onError);
        worker.postMessage(args);
      }));
      queues[i] = result.catch(() => undefined);
      return result;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** sfc32, seeded: the same moments on every run and machine. */
export function prng(seed: number) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)) };
}

export const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a database the way a later integrate run would (recovering an interrupted WAL), runs `fn`, closes. */
export function withDb<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return fn(db);
  } finally {
    db.close();
  }
}

/** PRAGMA integrity_check and foreign_key_check and FTS5's own check, all clean. */
export function integrityProblems(db: Database.Database): string[] {
  const problems: string[] = [];
  const check = db.pragma('integrity_check') as { integrity_check: string }[];
  if (check.length !== 1 || check[0]!.integrity_check !== 'ok') problems.push(...check.map((r) => r.integrity_check));
  const fk = db.pragma('foreign_key_check') as unknown[];
  if (fk.length) problems.push(`foreign_key_check: ${JSON.stringify(fk.slice(0, 3))}`);
  try {
    db.prepare(`INSERT INTO search_fts (search_fts) VALUES ('integrity-check')`).run();
  } catch (err) {
    problems.push(`fts5 integrity-check: ${(err as Error).message}`);
  }
  return problems;
}

export interface ImportFileShape {
  entries: number;
  sessions: number;
  intentions: number;
  metrics: number;
  tags: number;
  practices: number;
}

const WORDS = 'calm walk breath slept tired lighter heavy river garden mother call meeting quiet tea rain sun felt noticed grief joy open soft tense'.split(' ');

/** Writes an integrate-format export with `entries` entries (each with text, metrics, tags, a practice). */
export function writeImportFile(file: string, entries: number, seed: number, idPrefix = 'a'): ImportFileShape {
  const rand = prng(seed);
  const hex = (n: number) => Array.from({ length: n }, () => rand.int(0, 15).toString(16)).join('');
  const uuid = () => `${idPrefix}${hex(7)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
  const shape: ImportFileShape = { entries, sessions: 0, intentions: 0, metrics: 0, tags: 0, practices: 0 };
  const start = Date.UTC(2020, 0, 1, 8);
  const list: unknown[] = [];
  const ids: string[] = [];
  for (let i = 0; i < entries; i++) {
    const at = new Date(start + i * 3_600_000 * 7);
    const words = Array.from({ length: 40 + rand.int(0, 40) }, () => WORDS[rand.int(0, WORDS.length - 1)]).join(' ');
    const id = uuid();
    ids.push(id);
    const metrics = { mood: rand.int(0, 10), anxiety: rand.int(0, 10), sleep: rand.int(8, 18) / 2 };
    const tags = [...new Set([`t${rand.int(0, 9)}`, `t${rand.int(0, 9)}`])];
    shape.metrics += 3;
    shape.tags += tags.length;
    shape.practices += 1;
    list.push({
      id, createdAt: `${at.toISOString().slice(0, 19)}+00:00`, kind: 'checkin', pack: null, metrics,
      practices: ['walking'], tags, text: `${words} (${i})`, private: false, starred: i % 50 === 0,
    });
  }
  const sessions = Array.from({ length: Math.max(1, Math.floor(entries / 100)) }, (_, i) => ({
    id: uuid(), occurredAt: `${new Date(start + i * 86_400_000 * 20).toISOString().slice(0, 19)}+00:00`, route: 'iv', doseMg: 35,
    setting: 'clinic', guide: '', intention: 'to listen', notes: `session ${i}`,
  }));
  const intentions = Array.from({ length: Math.max(1, Math.floor(entries / 200)) }, (_, i) => ({
    id: uuid(), text: `walk every day ${i}`, createdAt: `${new Date(start + i * 86_400_000).toISOString().slice(0, 19)}+00:00`,
    status: 'open', dueDate: null, closedAt: null, sourceEntryId: ids[i] ?? null,
  }));
  shape.sessions = sessions.length;
  shape.intentions = intentions.length;
  fs.writeFileSync(file, JSON.stringify({ format: 'integrate', version: 1, exportedAt: new Date(start).toISOString(), entries: list, sessions, intentions }));
  return shape;
}

/** Row counts of everything an import writes. */
export function counts(db: Database.Database) {
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    entries: n('SELECT COUNT(*) AS n FROM entries'),
    metrics: n('SELECT COUNT(*) AS n FROM entry_metrics'),
    tags: n('SELECT COUNT(*) AS n FROM entry_tags'),
    practices: n('SELECT COUNT(*) AS n FROM entry_practices'),
    sessions: n('SELECT COUNT(*) AS n FROM sessions'),
    intentions: n('SELECT COUNT(*) AS n FROM intentions'),
    indexed: n(`SELECT COUNT(*) AS n FROM search_fts WHERE kind = 'entry'`),
  };
}
