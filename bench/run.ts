// Times each command as a whole process (node bin/integrate.js …), the way a
// shell alias or cron job runs it, against the generated heavy database, and
// `node -e 0` in the same rounds as the floor. One warm-up round, then
// --runs rounds (default 7), commands interleaved so every command sees the
// same machine. Reports the median and min–max wall time, the ratio of the
// median to the floor's median, and the peak RSS (GNU time's %M when
// /usr/bin/time exists, else VmHWM polled from /proc). Writes everything to
// bench/out/results.json.
//
//   npm run bench                       build, then the full run on the heavy database
//   npm run bench -- --runs 3 --only list,show
//   npm run bench -- --dataset decade   the same commands on another database
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATASETS, ensureDataset, OUT_DIR, BENCH_DIR, type DatasetName } from './generate.js';

const ROOT = path.resolve(BENCH_DIR, '..');
const WORK = path.join(OUT_DIR, 'work');
// The benchmarked build is a private copy of bin/ and dist/, so a rebuild of
// dist/ while the benchmark runs (tests, another terminal) cannot disturb it.
// dependencies and prompts/ still resolve from the project, two folders up.
const APP = path.join(OUT_DIR, 'app');
const BIN = path.join(APP, 'bin', 'integrate.js');
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Args {
  runs: number;
  warmup: number;
  dataset: DatasetName;
  only?: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { runs: 7, warmup: 1, dataset: 'heavy' };
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
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

type Target =
  | { kind: 'ratio'; max: number }
  | { kind: 'ms'; max: number };

interface Bench {
  /** Short name for --only and the JSON. */
  id: string;
  /** What the table shows. */
  label: string;
  argv: string[];
  stdin?: string;
  db?: string;
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
  rssKB: number;
  stdoutBytes: number;
  stderr: string;
}

function childEnv(db: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(INTEGRATE_|NO_COLOR$|FORCE_COLOR$|NODE_OPTIONS$|VITEST|COLUMNS$)/.test(k)) continue;
    env[k] = v;
  }
  env.TZ = 'Europe/Berlin';
  env.HOME = WORK;
  env.XDG_CONFIG_HOME = path.join(WORK, 'config');
  env.XDG_DATA_HOME = path.join(WORK, 'data');
  if (db) env.INTEGRATE_DB = db;
  return env;
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

function runOnce(argv: string[], opts: { stdin?: string; db?: string }): Promise<RunOutput> {
  const timeFile = path.join(WORK, '.time');
  fs.rmSync(timeFile, { force: true });
  const [cmd, args] = TIME
    ? [TIME, ['-f', '%M', '-o', timeFile, process.execPath, ...argv]]
    : [process.execPath, argv];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: WORK, env: childEnv(opts.db), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdoutBytes = 0;
    let stderr = '';
    let peak = 0;
    const stop = TIME ? () => {} : pollPeak(child.pid!, (kb) => (peak = Math.max(peak, kb)));
    child.stdout.on('data', (d: Buffer) => (stdoutBytes += d.length));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      stop();
      if (TIME) {
        const text = fs.readFileSync(timeFile, 'utf8').trim().split('\n');
        peak = Number(text[text.length - 1]);
        // GNU time prints "Command exited with non-zero status N" first when it fails.
        stderr = stderr.replace(/^Command exited with non-zero status \d+\n?/m, '');
      }
      resolve({ code, ms, rssKB: peak, stdoutBytes, stderr });
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
  copyDatabase(source, db);
  copyDatabase(source, checkinDb);
  const exportJson = path.join(WORK, 'export.json');
  const importInput = path.join(WORK, 'import-input.json');
  const importDb = path.join(WORK, 'import.db');

  const ok = (r: RunOutput) => (r.code === 0 ? undefined : `exit ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
  const printed = (r: RunOutput) => ok(r) ?? (r.stdoutBytes > 0 ? undefined : 'printed nothing');
  const benches: Bench[] = [
    { id: 'floor', label: 'node -e 0 (floor)', argv: ['-e', '0'], rssMaxMB: Infinity, check: ok },
    { id: 'version', label: '--version', argv: [BIN, '--version'], target: { kind: 'ratio', max: 1.5 }, rssMaxMB: 150, check: printed },
    {
      id: 'checkin', label: 'checkin --mood 6 --note -', argv: [BIN, 'checkin', '--mood', '6', '--note', '-'], db: checkinDb,
      stdin: 'Slept badly, calmer after a walk by the river.\n', target: { kind: 'ratio', max: 1.5 }, rssMaxMB: 150,
      check: (r) => ok(r) ?? (/Saved check-in/.test(r.stderr) ? undefined : `no "Saved" notice: ${r.stderr.trim()}`),
    },
    { id: 'list', label: 'list --limit 30', argv: [BIN, 'list', '--limit', '30'], db, target: { kind: 'ratio', max: 2 }, rssMaxMB: 150, check: printed },
    { id: 'show', label: 'show <id>', argv: [BIN, 'show', meta.sampleId.slice(0, 8)], db, target: { kind: 'ratio', max: 2 }, rssMaxMB: 150, check: printed },
    { id: 'mood365', label: 'mood --days 365', argv: [BIN, 'mood', '--days', '365'], db, rssMaxMB: 150, check: printed },
    { id: 'mood3650', label: 'mood --days 3650', argv: [BIN, 'mood', '--days', '3650'], db, target: { kind: 'ms', max: 300 }, rssMaxMB: 150, check: printed },
    { id: 'stats', label: 'stats', argv: [BIN, 'stats'], db, target: { kind: 'ratio', max: 2 }, rssMaxMB: 150, check: printed },
    {
      id: 'summary90', label: 'summary --days 90 --out f.md', argv: [BIN, 'summary', '--days', '90', '--out', path.join(WORK, 'summary-90.md')], db,
      rssMaxMB: 150, check: ok,
    },
    {
      id: 'summaryAll', label: 'summary --since 1900-01-01 --out f.md', argv: [BIN, 'summary', '--since', '1900-01-01', '--out', path.join(WORK, 'summary-all.md')], db,
      target: { kind: 'ms', max: 300 }, rssMaxMB: 150, check: ok,
    },
    { id: 'searchCommon', label: `search ${meta.commonWord} (common)`, argv: [BIN, 'search', meta.commonWord], db, target: { kind: 'ratio', max: 2 }, rssMaxMB: 150, check: printed },
    { id: 'searchRare', label: `search ${meta.rareWord} (rare)`, argv: [BIN, 'search', meta.rareWord], db, target: { kind: 'ratio', max: 2 }, rssMaxMB: 150, check: printed },
    {
      id: 'exportJson', label: 'export --format json --out f', argv: [BIN, 'export', '--format', 'json', '--out', exportJson], db,
      target: { kind: 'ms', max: 1500 }, rssMaxMB: 150,
      check: (r) => ok(r) ?? (fs.existsSync(exportJson) ? undefined : 'no file written'),
    },
    { id: 'exportCsv', label: 'export --format csv --out f', argv: [BIN, 'export', '--format', 'csv', '--out', path.join(WORK, 'export.csv')], db, rssMaxMB: 150, check: ok },
    {
      id: 'import', label: 'import f.json (empty database)', argv: [BIN, 'import', importInput], db: importDb,
      target: { kind: 'ms', max: 4000 }, rssMaxMB: 200,
      before: () => {
        removeDatabase(importDb);
        // The json export of the same run (its first round) is the input, fixed for every round.
        if (!fs.existsSync(importInput)) fs.copyFileSync(exportJson, importInput);
      },
      check: (r) => ok(r) ?? (new RegExp(`Imported ${meta.entries} entries`).test(r.stderr) ? undefined : `unexpected report: ${r.stderr.trim()}`),
    },
  ];
  const selected = benches.filter((b) => b.id === 'floor' || !args.only || args.only.includes(b.id));
  if (args.only?.includes('import') && !args.only.includes('exportJson')) selected.splice(selected.length - 1, 0, benches.find((b) => b.id === 'exportJson')!);

  const samples = new Map<string, RunOutput[]>(selected.map((b) => [b.id, []]));
  const problems: string[] = [];
  const total = args.warmup + args.runs;
  log(`${selected.length} commands × (${args.warmup} warm-up + ${args.runs} runs) on the ${args.dataset} database (${meta.entries} entries)${TIME ? '' : '; peak RSS polled from /proc (no /usr/bin/time)'}`);
  for (let round = 0; round < total; round++) {
    process.stderr.write(`round ${round + 1}/${total}${round < args.warmup ? ' (warm-up)' : ''} `);
    for (const b of selected) {
      b.before?.();
      const r = await runOnce(b.argv, { stdin: b.stdin, db: b.db });
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

  const floorMedian = median(samples.get('floor')!.map((r) => r.ms));
  const rows = selected.map((b) => {
    const runs = samples.get(b.id)!;
    const ms = runs.map((r) => r.ms);
    const rss = runs.map((r) => r.rssKB / 1024);
    const med = median(ms);
    const ratio = med / floorMedian;
    const peakMB = Math.max(...rss);
    const timeMet = !b.target ? undefined : b.target.kind === 'ratio' ? ratio <= b.target.max : med <= b.target.max;
    const rssMet = b.id === 'floor' ? undefined : peakMB <= b.rssMaxMB;
    const met = timeMet === undefined && rssMet === undefined ? undefined : timeMet !== false && rssMet !== false;
    const target = [
      b.target ? (b.target.kind === 'ratio' ? `≤ ${b.target.max}× floor` : `≤ ${b.target.max} ms`) : '',
      b.id === 'floor' ? '' : `≤ ${b.rssMaxMB} MB`,
    ].filter(Boolean).join(', ');
    return {
      id: b.id, label: b.label, command: b.argv.map((a) => (a === BIN ? 'integrate' : a.startsWith(WORK) ? path.relative(WORK, a) : a)).join(' '),
      medianMs: med, minMs: Math.min(...ms), maxMs: Math.max(...ms), ratio, peakRssMB: peakMB, medianRssMB: median(rss),
      target, timeMet, rssMet, met, samplesMs: ms,
    };
  });

  const fmt = (n: number) => (n >= 1000 ? (n / 1000).toFixed(2) + ' s' : n.toFixed(0) + ' ms');
  const header = ['command', 'median', 'min–max', '× floor', 'peak RSS', 'target', 'met'];
  const table = rows.map((r) => [
    r.label, fmt(r.medianMs), `${fmt(r.minMs)}–${fmt(r.maxMs)}`, `${r.ratio.toFixed(2)}×`, `${r.peakRssMB.toFixed(0)} MB`, r.target,
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i >= 1 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (i >= 1 && i <= 4 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  const machine = {
    cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`, rss: TIME ? 'GNU time %M' : '/proc VmHWM polling',
  };
  console.log(`\n${args.dataset} database: ${meta.entries} entries (${meta.checkins} check-ins, ${meta.journals} reflections, ${meta.assessments} assessments), ${meta.sessions} sessions, ${(meta.bytes / 1e6).toFixed(0)} MB`);
  console.log(`${machine.cpus} × ${machine.cpu}, ${machine.memoryGB} GB, Node ${machine.node}, ${machine.platform}; median of ${args.runs} runs after ${args.warmup} warm-up\n`);
  console.log([line(header), sep, ...table.map(line)].join('\n'));
  const missed = rows.filter((r) => r.met === false);
  console.log(missed.length ? `\nTargets missed: ${missed.map((r) => r.label).join('; ')}` : '\nAll targets met.');

  const results = { date: new Date().toISOString(), machine, runs: args.runs, warmup: args.warmup, dataset: meta, floorMs: floorMedian, commands: rows, problems };
  fs.writeFileSync(path.join(OUT_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(`\nwrote ${path.relative(ROOT, path.join(OUT_DIR, 'results.json'))}`);
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.rmSync(APP, { recursive: true, force: true });
}

await main();
