// Times each command as a whole process (node bin/integrate.js …), the way a
// shell alias or cron job runs it, against the generated heavy database, and
// three floors in the same rounds: `node -e 0`, and bench/floor.mjs (Node +
// better-sqlite3 opening the journal with our pragmas and doing one small
// read, or one insert). Each command's target is a ratio to the floor that
// fits it. One warm-up round, then --runs rounds (default 7), commands
// interleaved so every command sees the same machine. NODE_EXTRA_CA_CERTS is
// removed for every timed process: it makes Node read a certificate bundle
// at start (70–85 ms here), which integrate, making no network calls, never
// needs. Reports the median and min–max wall time, the ratios, and the peak
// RSS (GNU time's %M when /usr/bin/time exists, else VmHWM polled from
// /proc). Writes bench/out/results.json and the table as bench/out/results.md.
//
//   npm run bench                       build, then the full run on the heavy database
//   npm run bench -- --runs 3 --only list,show
//   npm run bench -- --dataset decade   the same commands on another database
//   npm run bench -- --by cpu           judge the targets on CPU time (a busy machine)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATASETS, ensureDataset, ensureDaylioCsv, OUT_DIR, BENCH_DIR, type DatasetName } from './generate.js';
import { encryptedCopy } from './encrypted.js';
import { CIPHER } from '../src/store/cipher.js';

const ROOT = path.resolve(BENCH_DIR, '..');
const WORK = path.join(OUT_DIR, 'work');
// The benchmarked build is a private copy of bin/ and dist/, so a rebuild of
// dist/ while the benchmark runs (tests, another terminal) cannot disturb it.
// dependencies and prompts/ still resolve from the project, two folders up.
const APP = path.join(OUT_DIR, 'app');
const BIN = path.join(APP, 'bin', 'integrate.js');
// Each run is timed by a small Python wrapper when python3 is there: it forks,
// execs node and reads the child's rusage, so the wall time excludes the
// wrapper's own start, and CPU time (user + sys, to the microsecond) is there
// too: on a busy machine it says more than the wall clock. Otherwise GNU time
// (peak RSS only), else VmHWM polled from /proc.
const RUSAGE = `
import os, sys, time
out, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(argv[0], argv)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(out, 'w') as f:
    f.write('%.3f %.3f %d\\n' % (wall * 1000, (ru.ru_utime + ru.ru_stime) * 1000, ru.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
`;
const PYTHON = spawnSync('python3', ['-c', 'import os; os.wait4; os.waitstatus_to_exitcode'], { stdio: 'ignore' }).status === 0 ? 'python3' : undefined;
const TIME = !PYTHON && fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Args {
  runs: number;
  warmup: number;
  dataset: DatasetName;
  only?: string[];
  /** What the targets are judged on: wall time (a calm machine) or CPU time (a busy one). */
  by: 'wall' | 'cpu';
}

function parseArgs(argv: string[]): Args {
  const args: Args = { runs: 7, warmup: 1, dataset: 'heavy', by: 'wall' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--runs') args.runs = Math.max(1, Number(value()));
    else if (a === '--warmup') args.warmup = Math.max(0, Number(value()));
    else if (a === '--dataset') {
      const d = value() as DatasetName;
      if (!DATASETS.includes(d)) throw new Error(`--dataset must be one of ${DATASETS.join(', ')}`);
      args.dataset = d;
    } else if (a === '--only') args.only = value().split(',').map((s) => s.trim());
    else if (a === '--by') {
      const by = value();
      if (by !== 'wall' && by !== 'cpu') throw new Error('--by must be wall or cpu');
      if (by === 'cpu' && !PYTHON) throw new Error('--by cpu needs python3 (it reads the child\'s rusage)');
      args.by = by;
    }
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

type Floor = 'node' | 'read' | 'write';

type Target =
  | { kind: 'ratio'; floor: Floor; max: number }
  | { kind: 'ms'; max: number }
  /** Against another command of the same run: an encrypted database against the plain one. */
  | { kind: 'vs'; of: string; max: number };

interface Bench {
  /** Short name for --only and the JSON. */
  id: string;
  /** What the table shows. */
  label: string;
  argv: string[];
  stdin?: string;
  db?: string;
  /** Extra environment (the passphrase file of an encrypted database). */
  env?: NodeJS.ProcessEnv;
  target?: Target;
  rssMaxMB: number;
  /** Called before each run, untimed (fresh files). */
  before?: () => void;
  /** Checks a run did what it should; returns a problem or undefined. */
  check?: (r: RunOutput) => string | undefined;
}

interface RunOutput {
  code: number | null;
  ms: number;
  /** User + system CPU time (only with python3). */
  cpuMs?: number;
  rssKB: number;
  stdoutBytes: number;
  stderr: string;
}

function childEnv(db: string | undefined, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(INTEGRATE_|NO_COLOR$|FORCE_COLOR$|NODE_OPTIONS$|NODE_EXTRA_CA_CERTS$|VITEST|COLUMNS$)/.test(k)) continue;
    env[k] = v;
  }
  env.TZ = 'Europe/Berlin';
  env.HOME = WORK;
  env.XDG_CONFIG_HOME = path.join(WORK, 'config');
  env.XDG_DATA_HOME = path.join(WORK, 'data');
  if (db) env.INTEGRATE_DB = db;
  return { ...env, ...extra };
}

/** Polls VmHWM (peak resident set) of a running process; the fallback when GNU time is missing. */
function pollPeak(pid: number, onPeak: (kb: number) => void): () => void {
  const read = () => {
    try {
      const m = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) onPeak(Number(m[1]));
    } catch {
      // gone already
    }
  };
  read();
  const timer = setInterval(read, 2);
  return () => clearInterval(timer);
}

function runOnce(argv: string[], opts: { stdin?: string; db?: string; env?: NodeJS.ProcessEnv }): Promise<RunOutput> {
  const timeFile = path.join(WORK, '.time');
  fs.rmSync(timeFile, { force: true });
  const [cmd, args] = PYTHON
    ? [PYTHON, ['-c', RUSAGE, timeFile, process.execPath, ...argv]]
    : TIME ? [TIME, ['-f', '%M', '-o', timeFile, process.execPath, ...argv]] : [process.execPath, argv];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: WORK, env: childEnv(opts.db, opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdoutBytes = 0;
    let stderr = '';
    let peak = 0;
    const stop = PYTHON || TIME ? () => {} : pollPeak(child.pid!, (kb) => (peak = Math.max(peak, kb)));
    child.stdout.on('data', (d: Buffer) => (stdoutBytes += d.length));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      let ms = Number(process.hrtime.bigint() - started) / 1e6;
      let cpuMs: number | undefined;
      stop();
      if (PYTHON) {
        [ms, cpuMs, peak] = fs.readFileSync(timeFile, 'utf8').trim().split(' ').map(Number) as [number, number, number];
      } else if (TIME) {
        const text = fs.readFileSync(timeFile, 'utf8').trim().split('\n');
        peak = Number(text[text.length - 1]);
        // GNU time prints "Command exited with non-zero status N" first when it fails.
        stderr = stderr.replace(/^Command exited with non-zero status \d+\n?/m, '');
      }
      resolve({ code, ms, cpuMs, rssKB: peak, stdoutBytes, stderr });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.stdin ?? '');
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
}

function copyDatabase(from: string, to: string): void {
  removeDatabase(to);
  fs.copyFileSync(from, to);
  fs.chmodSync(to, 0o600);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run node scripts/build.mjs (npm run bench does)');
  fs.rmSync(APP, { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, 'dist'), path.join(APP, 'dist'), { recursive: true, filter: (f) => !f.endsWith('.map') });
  fs.cpSync(path.join(ROOT, 'bin'), path.join(APP, 'bin'), { recursive: true });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const { file: source, meta } = ensureDataset(args.dataset, { log });

  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(path.join(WORK, 'config'), { recursive: true });
  // Commands run on copies, so the cached database stays byte for byte what the generator made
  // (summary --out records its date in the database, checkin adds entries).
  const db = path.join(WORK, 'bench.db');
  const checkinDb = path.join(WORK, 'checkin.db');
  const floorDb = path.join(WORK, 'floor.db');
  copyDatabase(source, db);
  copyDatabase(source, checkinDb);
  copyDatabase(source, floorDb);
  const FLOOR = path.join(BENCH_DIR, 'floor.mjs');
  // The same journal encrypted (SQLCipher v4), opened with the passphrase (KDF every run) or with
  // the derived raw key, as the keyring gives it (x'…', SQLCipher's notation, in a 0600 file).
  log('encrypting copies of the database for the encrypted rows …');
  const encDb = path.join(WORK, 'bench-enc.db');
  const encCheckinDb = path.join(WORK, 'checkin-enc.db');
  const { rawKeyFile: encRaw, passphraseFile: encPass } = encryptedCopy(source, encDb, WORK);
  const { rawKeyFile: encCheckinRaw } = encryptedCopy(source, encCheckinDb, WORK);
  const withRaw = (file: string) => ({ INTEGRATE_PASSPHRASE_FILE: file });
  const exportJson = path.join(WORK, 'export.json');
  const importInput = path.join(WORK, 'import-input.json');
  const importDb = path.join(WORK, 'import.db');
  // A Daylio export with as many rows as the database has entries (generated once, cached in bench/out).
  const daylioCsv = ensureDaylioCsv(meta.entries, meta.endDate);

  const ok = (r: RunOutput) => (r.code === 0 ? undefined : `exit ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
  const printed = (r: RunOutput) => ok(r) ?? (r.stdoutBytes > 0 ? undefined : 'printed nothing');
  const ratio = (floor: Floor, max: number): Target => ({ kind: 'ratio', floor, max });
  const benches: Bench[] = [
    { id: 'floor', label: 'node -e 0 (floor)', argv: ['-e', '0'], rssMaxMB: Infinity, check: ok },
    { id: 'readFloor', label: 'floor: open + one read', argv: [FLOOR, 'read', db], rssMaxMB: Infinity, check: printed },
    { id: 'writeFloor', label: 'floor: open + one insert', argv: [FLOOR, 'write', floorDb], rssMaxMB: Infinity, check: ok },
    { id: 'version', label: '--version', argv: [BIN, '--version'], target: ratio('node', 1.7), rssMaxMB: 150, check: printed },
    {
      id: 'checkin', label: 'checkin --mood 6 --note -', argv: [BIN, 'checkin', '--mood', '6', '--note', '-'], db: checkinDb,
      stdin: 'Slept badly, calmer after a walk by the river.\n', target: ratio('write', 1.4), rssMaxMB: 150,
      check: (r) => ok(r) ?? (/Saved check-in/.test(r.stderr) ? undefined : `no "Saved" notice: ${r.stderr.trim()}`),
    },
    {
      id: 'checkinEnc', label: 'checkin, encrypted (raw key)', argv: [BIN, 'checkin', '--mood', '6', '--note', '-'], db: encCheckinDb, env: withRaw(encCheckinRaw),
      stdin: 'Slept badly, calmer after a walk by the river.\n', target: { kind: 'vs', of: 'checkin', max: 1.2 }, rssMaxMB: 150,
      check: (r) => ok(r) ?? (/Saved check-in/.test(r.stderr) ? undefined : `no "Saved" notice: ${r.stderr.trim()}`),
    },
    { id: 'listEncKdf', label: 'list --limit 30, encrypted (passphrase: KDF)', argv: [BIN, 'list', '--limit', '30'], db: encDb, env: withRaw(encPass), rssMaxMB: 150, check: printed },
    { id: 'list', label: 'list --limit 30', argv: [BIN, 'list', '--limit', '30'], db, target: ratio('read', 1.5), rssMaxMB: 150, check: printed },
    { id: 'show', label: 'show <id>', argv: [BIN, 'show', meta.sampleId.slice(0, 8)], db, target: ratio('read', 1.5), rssMaxMB: 150, check: printed },
    { id: 'home', label: 'integrate (home)', argv: [BIN], db, target: ratio('read', 2), rssMaxMB: 150, check: printed },
    { id: 'mood365', label: 'mood --days 365', argv: [BIN, 'mood', '--days', '365'], db, rssMaxMB: 150, check: printed },
    { id: 'mood3650', label: 'mood --days 3650', argv: [BIN, 'mood', '--days', '3650'], db, target: ratio('read', 3), rssMaxMB: 150, check: printed },
    { id: 'mood3650Enc', label: 'mood --days 3650, encrypted', argv: [BIN, 'mood', '--days', '3650'], db: encDb, env: withRaw(encRaw), target: { kind: 'vs', of: 'mood3650', max: 1.3 }, rssMaxMB: 150, check: printed },
    { id: 'stats', label: 'stats', argv: [BIN, 'stats'], db, target: ratio('read', 1.5), rssMaxMB: 150, check: printed },
    {
      id: 'summary90', label: 'summary --days 90 --out f.md', argv: [BIN, 'summary', '--days', '90', '--out', path.join(WORK, 'summary-90.md')], db,
      rssMaxMB: 150, check: ok,
    },
    {
      id: 'summary90Enc', label: 'summary --days 90, encrypted', argv: [BIN, 'summary', '--days', '90', '--out', path.join(WORK, 'summary-90-enc.md')], db: encDb, env: withRaw(encRaw),
      target: { kind: 'vs', of: 'summary90', max: 1.3 }, rssMaxMB: 150, check: ok,
    },
    {
      id: 'summaryAll', label: 'summary --since 1900-01-01 --out f.md', argv: [BIN, 'summary', '--since', '1900-01-01', '--out', path.join(WORK, 'summary-all.md')], db,
      target: ratio('read', 8), rssMaxMB: 150, check: ok,
    },
    { id: 'searchCommon', label: `search ${meta.commonWord} (common)`, argv: [BIN, 'search', meta.commonWord], db, target: ratio('read', 1.5), rssMaxMB: 150, check: printed },
    { id: 'searchCommonEnc', label: `search ${meta.commonWord}, encrypted`, argv: [BIN, 'search', meta.commonWord], db: encDb, env: withRaw(encRaw), target: { kind: 'vs', of: 'searchCommon', max: 1.3 }, rssMaxMB: 150, check: printed },
    { id: 'searchRare', label: `search ${meta.rareWord} (rare)`, argv: [BIN, 'search', meta.rareWord], db, target: ratio('read', 1.5), rssMaxMB: 150, check: printed },
    {
      id: 'exportJson', label: 'export --format json --out f', argv: [BIN, 'export', '--format', 'json', '--out', exportJson], db,
      target: { kind: 'ms', max: 1500 }, rssMaxMB: 150,
      check: (r) => ok(r) ?? (fs.existsSync(exportJson) ? undefined : 'no file written'),
    },
    { id: 'exportCsv', label: 'export --format csv --out f', argv: [BIN, 'export', '--format', 'csv', '--out', path.join(WORK, 'export.csv')], db, rssMaxMB: 150, check: ok },
    {
      id: 'import', label: 'import f.json (empty database)', argv: [BIN, 'import', importInput], db: importDb,
      target: { kind: 'ms', max: 3000 }, rssMaxMB: 150,
      before: () => {
        removeDatabase(importDb);
        // The json export of the same run (its first round) is the input, fixed for every round.
        if (!fs.existsSync(importInput)) fs.copyFileSync(exportJson, importInput);
      },
      check: (r) => ok(r) ?? (new RegExp(`Imported ${meta.entries} entries`).test(r.stderr) ? undefined : `unexpected report: ${r.stderr.trim()}`),
    },
    {
      id: 'importDaylio', label: `import daylio.csv, ${meta.entries} rows (empty database)`, argv: [BIN, 'import', daylioCsv, '--from', 'daylio'], db: importDb,
      target: { kind: 'ms', max: 3000 }, rssMaxMB: 150,
      before: () => removeDatabase(importDb),
      check: (r) => ok(r) ?? (new RegExp(`Imported ${meta.entries} entries`).test(r.stderr) ? undefined : `unexpected report: ${r.stderr.trim()}`),
    },
  ];
  const FLOORS = ['floor', 'readFloor', 'writeFloor'];
  const selected = benches.filter((b) => FLOORS.includes(b.id) || !args.only || args.only.includes(b.id));
  if (args.only?.includes('import') && !args.only.includes('exportJson')) selected.splice(selected.findIndex((b) => b.id === 'import'), 0, benches.find((b) => b.id === 'exportJson')!);

  const loadAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));
  const samples = new Map<string, RunOutput[]>(selected.map((b) => [b.id, []]));
  const problems: string[] = [];
  const total = args.warmup + args.runs;
  log(`${selected.length} commands × (${args.warmup} warm-up + ${args.runs} runs) on the ${args.dataset} database (${meta.entries} entries)${PYTHON || TIME ? '' : '; peak RSS polled from /proc (no python3, no /usr/bin/time)'}`);
  for (let round = 0; round < total; round++) {
    process.stderr.write(`round ${round + 1}/${total}${round < args.warmup ? ' (warm-up)' : ''} `);
    for (const b of selected) {
      b.before?.();
      const r = await runOnce(b.argv, { stdin: b.stdin, db: b.db, env: b.env });
      const problem = b.check?.(r);
      if (problem) problems.push(`${b.label}: ${problem}`);
      if (round >= args.warmup) samples.get(b.id)!.push(r);
      process.stderr.write('.');
    }
    process.stderr.write('\n');
  }
  if (problems.length) {
    log(`\nFAILED runs:\n${[...new Set(problems)].map((p) => `  ${p}`).join('\n')}`);
    process.exitCode = 1;
  }

  const pick = (r: RunOutput) => (args.by === 'cpu' ? r.cpuMs! : r.ms);
  const floorMs: Record<Floor, number> = {
    node: median(samples.get('floor')!.map(pick)),
    read: median(samples.get('readFloor')!.map(pick)),
    write: median(samples.get('writeFloor')!.map(pick)),
  };
  const FLOOR_NAME: Record<Floor, string> = { node: 'node', read: 'read floor', write: 'write floor' };
  const judgedOf = (id: string) => {
    const runs = samples.get(id);
    return runs?.length ? median(runs.map(pick)) : undefined;
  };
  const rows = selected.map((b) => {
    const runs = samples.get(b.id)!;
    const ms = runs.map((r) => r.ms);
    const rss = runs.map((r) => r.rssKB / 1024);
    const med = median(ms);
    const cpu = PYTHON ? median(runs.map((r) => r.cpuMs!)) : undefined;
    const judged = args.by === 'cpu' ? cpu! : med;
    const overNode = judged / floorMs.node;
    // The ratio the target is set against: the read or write floor for commands that open the journal.
    const floor: Floor = b.target?.kind === 'ratio' ? b.target.floor : b.db ? 'read' : 'node';
    const overFloor = judged / floorMs[floor];
    const peakMB = Math.max(...rss);
    const isFloor = FLOORS.includes(b.id);
    const base = b.target?.kind === 'vs' ? judgedOf(b.target.of) : undefined;
    const overBase = base === undefined ? undefined : judged / base;
    const timeMet = !b.target ? undefined
      : b.target.kind === 'ratio' ? overFloor <= b.target.max
      : b.target.kind === 'vs' ? (overBase === undefined ? undefined : overBase <= b.target.max)
      : judged <= b.target.max;
    const rssMet = isFloor ? undefined : peakMB <= b.rssMaxMB;
    const met = timeMet === undefined && rssMet === undefined ? undefined : timeMet !== false && rssMet !== false;
    const target = [
      b.target ? (b.target.kind === 'ratio' ? `≤ ${b.target.max}× ${FLOOR_NAME[b.target.floor]}`
        : b.target.kind === 'vs' ? `≤ ${b.target.max}× plain${overBase === undefined ? '' : ` (${overBase.toFixed(2)}×)`}` : `≤ ${b.target.max} ms`) : '',
      isFloor ? '' : `≤ ${b.rssMaxMB} MB`,
    ].filter(Boolean).join(', ');
    return {
      id: b.id, label: b.label, command: b.argv.map((a) => (a === BIN ? 'integrate' : a === FLOOR ? 'bench/floor.mjs' : a.startsWith(WORK) ? path.relative(WORK, a) : a)).join(' '),
      medianMs: med, minMs: Math.min(...ms), maxMs: Math.max(...ms), medianCpuMs: cpu, overNode, floor, overFloor, peakRssMB: peakMB, medianRssMB: median(rss),
      target, timeMet, rssMet, met, samplesMs: ms, overPlain: overBase,
    };
  });

  const fmt = (n: number) => (n >= 1000 ? (n / 1000).toFixed(2) + ' s' : n.toFixed(0) + ' ms');
  const header = ['command', 'median', 'min–max', 'CPU', '× node', '× its floor', 'peak RSS', 'target', 'met'];
  const table = rows.map((r) => [
    r.label, fmt(r.medianMs), `${fmt(r.minMs)}–${fmt(r.maxMs)}`, r.medianCpuMs === undefined ? '' : fmt(r.medianCpuMs), `${r.overNode.toFixed(2)}×`,
    FLOORS.includes(r.id) || r.floor === 'node' ? '' : `${r.overFloor.toFixed(2)}× ${r.floor}`, `${r.peakRssMB.toFixed(0)} MB`, r.target,
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const numeric = (i: number) => i >= 1 && i <= 6;
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (numeric(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  const machine = {
    cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`, rss: PYTHON ? 'rusage ru_maxrss' : TIME ? 'GNU time %M' : '/proc VmHWM polling',
    loadAverage: { start: loadAtStart, end: os.loadavg().map((l) => Number(l.toFixed(2))) },
  };
  const missed = rows.filter((r) => r.met === false);
  const report = [
    `${args.dataset} database: ${meta.entries} entries (${meta.checkins} check-ins, ${meta.journals} reflections, ${meta.assessments} assessments), ${meta.sessions} sessions, ${(meta.bytes / 1e6).toFixed(0)} MB`,
    `${machine.cpus} × ${machine.cpu}, ${machine.memoryGB} GB, Node ${machine.node}, ${machine.platform}; median of ${args.runs} runs after ${args.warmup} warm-up;`,
    `ratios and targets on ${args.by === 'cpu' ? 'CPU time (user + sys)' : 'wall time'};`,
    `encrypted rows: ${CIPHER.name}, ${CIPHER.kdf} ${CIPHER.kdfIterations.toLocaleString('en')} iterations; "raw key" skips the KDF (the keyring path), "passphrase" pays it on every run;`,
    `load average ${machine.loadAverage.start.join(' ')} at the start, ${machine.loadAverage.end.join(' ')} at the end; NODE_EXTRA_CA_CERTS unset for every run`,
    '',
    [line(header), sep, ...table.map(line)].join('\n'),
    '',
    missed.length ? `Targets missed: ${missed.map((r) => r.label).join('; ')}` : 'All targets met.',
  ].join('\n');
  console.log(`\n${report}`);
  fs.writeFileSync(path.join(OUT_DIR, 'results.md'), `${report}\n`);

  const results = { date: new Date().toISOString(), machine, runs: args.runs, warmup: args.warmup, by: args.by, dataset: meta, floorMs, commands: rows, problems };
  fs.writeFileSync(path.join(OUT_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(`\nwrote ${path.relative(ROOT, path.join(OUT_DIR, 'results.json'))} and results.md`);
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.rmSync(APP, { recursive: true, force: true });
}

await main();
