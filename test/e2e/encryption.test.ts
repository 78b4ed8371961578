// End-to-end for encryption at rest (#17): integrate encrypt / passphrase /
// decrypt from the built bin, unlocking by passphrase file, the bytes on
// disk, the refusals, and SIGKILL at each step of a re-write. The heavy kill
// loop (every step of every change, and random moments) runs with
// INTEGRATE_DEEP=1; the normal suite kills each change at one step. Most runs
// go through the built main() in one process (runInBundle); the kills, the
// no-terminal refusal and the wrong key are real processes.
import Database from 'better-sqlite3-multiple-ciphers';
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, baseEnv, ensureBuilt, makeSandbox, runBin, runInBundle, type RunResult } from '../helpers/run-bin.js';
import { RECRYPT_STEPS } from '../../src/store/recrypt.js';
import { applyKey } from '../../src/store/cipher.js';

const DEEP = process.env.INTEGRATE_DEEP === '1';
const WORDS = ['marmalade', 'zeppelin', 'quokka', 'Aunt Hildegard'];
const PASS = 'correct horse battery staple';
const PASS2 = 'another long passphrase here';

let box: ReturnType<typeof makeSandbox>;
let passFile: string;
let pass2File: string;

function secretFile(name: string, text: string, mode = 0o600): string {
  const file = box.file(name);
  fs.writeFileSync(file, `${text}\n`, { mode });
  fs.chmodSync(file, mode);
  return file;
}

// Through the built main() in one process for the file (runInBundle); the kills below and spawnRun are real processes.
const run = (args: string[], db: string, env: NodeJS.ProcessEnv = {}) => runInBundle(args, box.dir, { env: { INTEGRATE_DB: db, ...env } });
const spawnRun = (args: string[], db: string, env: NodeJS.ProcessEnv = {}) => runBin(args, box.dir, { env: { INTEGRATE_DB: db, ...env } });
const withKey = (args: string[], db: string, file = passFile) => run(args, db, { INTEGRATE_PASSPHRASE_FILE: file });

function oneLine(r: RunResult): string {
  expect(r.stderr).toMatch(/^integrate: [^\n]+\n$/);
  expect(r.stderr).not.toContain('    at ');
  return r.stderr;
}

const found = (file: string) => {
  if (!fs.existsSync(file)) return [];
  const bytes = fs.readFileSync(file);
  return WORDS.filter((w) => bytes.includes(Buffer.from(w)));
};
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A fresh plaintext journal with the known words in notes, a session, an intention and a reflection draft. */
async function journal(name: string): Promise<string> {
  const db = box.file(`${name}.db`);
  for (let i = 0; i < 3; i++) expect((await run(['checkin', '--mood', String(5 + i), '--note', `${WORDS.join(' ')} ${i}`], db)).code).toBe(0);
  expect((await run(['intentions', 'add', `call ${WORDS[3]} about the marmalade`], db)).code).toBe(0);
  return db;
}

/** Opens `file` with the passphrase (or plain) and returns its entry count; throws when that key does not open it. */
function entriesWith(file: string, passphrase?: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (passphrase) applyKey(db, { passphrase });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return (db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** The page size of `file`, opened with the passphrase (or plain). */
function pageSize(file: string, passphrase?: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (passphrase) applyKey(db, { passphrase });
    return db.pragma('page_size', { simple: true }) as number;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  ensureBuilt();
  box = makeSandbox('integrate-encrypt-');
  passFile = secretFile('pass.txt', PASS);
  pass2File = secretFile('pass2.txt', PASS2);
}, 120_000);

afterAll(() => box?.cleanup());

describe('integrate encrypt', () => {
  let db: string;
  beforeAll(async () => {
    db = await journal('main');
    expect(found(db).length).toBeGreaterThan(0); // the words are there in plaintext first
    const r = await withKey(['encrypt'], db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^Encrypted .*\(3 entries\)/);
  }, 60_000);

  it('leaves none of the known words in the database, its WAL or a backup', async () => {
    expect(found(db)).toEqual([]);
    // A WAL with fresh writes in it, held open so it is not checkpointed away.
    const writer = new Database(db, { fileMustExist: true });
    applyKey(writer, { passphrase: PASS });
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare("UPDATE entries SET text = text || ' quokka again'").run();
    expect(fs.statSync(`${db}-wal`).size).toBeGreaterThan(0);
    expect(found(`${db}-wal`)).toEqual([]);
    writer.close();
    const backup = box.file('main-backup.db');
    const r = await withKey(['backup', backup], db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('encrypted with the same passphrase');
    expect(fs.statSync(backup).mode & 0o777).toBe(0o600);
    expect(found(backup)).toEqual([]);
    expect(entriesWith(backup, PASS)).toBe(3);
    // The search index is inside the encrypted file, and still finds the words.
    const s = await withKey(['search', 'quokka', '--json'], db);
    expect(s.code, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout).length).toBeGreaterThan(0);
  });

  it('runs every command on the encrypted database with the passphrase file', async () => {
    const commands: string[][] = [
      ['checkin', '--mood', '7', '--note', 'a calm day'], ['list'], ['list', '--json'], ['search', 'calm'], ['mood'], ['stats'],
      ['summary'], ['export', '--format', 'md'], ['export'], ['doctor'], ['home'], ['session', 'add', '--date', '2026-11-01', '--dose', '0.5 mg/kg', '--route', 'im'],
      ['session', 'list'], ['assess', 'history'], ['intentions', 'list'], ['prompts', 'list'],
    ];
    for (const args of commands) {
      const r = await withKey(args, db);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const doctor = await withKey(['doctor', '--json'], db);
    expect(JSON.parse(doctor.stdout).checks.find((c: { name: string }) => c.name === 'encryption').detail).toMatch(/^encrypted/);
    const home = await withKey(['home', '--json'], db);
    expect(JSON.parse(home.stdout).encrypted).toBe(true);
    const exported = await withKey(['export', '--format', 'md'], db);
    expect(exported.stderr.match(/this export is not/g)).toHaveLength(1);
  }, 120_000);

  it('refuses a wrong passphrase with one line, exit 1, the file untouched', async () => {
    const before = sha(db);
    const r = await spawnRun(['list'], db, { INTEGRATE_PASSPHRASE_FILE: secretFile('wrong.txt', 'not the passphrase at all') });
    expect(r.code).toBe(1);
    expect(oneLine(r)).toContain('this database is encrypted and the passphrase in');
    expect(sha(db)).toBe(before);
  });

  it('without a terminal or a key source: exit 1, one line naming the three ways', async () => {
    const r = await spawnRun(['list'], db); // a real process with no terminal
    expect(r.code).toBe(1);
    const line = oneLine(r);
    for (const way of ['--passphrase-file', 'INTEGRATE_PASSPHRASE_FILE', 'integrate unlock --remember', 'terminal']) expect(line).toContain(way);
  });

  it('refuses a passphrase file others can read, or that is missing', async () => {
    const open = secretFile('open.txt', PASS, 0o644);
    const r = await withKey(['list'], db, open);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toContain('chmod 600');
    const gone = await withKey(['list'], db, box.file('nope.txt'));
    expect(gone.code).toBe(2);
    expect(oneLine(gone)).toContain('does not exist');
  });

  it('says so when the passphrase is not accepted on the command line', async () => {
    const r = await run(['--passphrase', PASS, 'list'], db);
    expect(r.code).toBe(2);
  });

  it('a truncated encrypted file: a clear line, nothing changed', async () => {
    const cut = box.file('cut.db');
    const bytes = fs.readFileSync(db);
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 1000), { mode: 0o600 });
    const before = sha(cut);
    const r = await withKey(['list'], cut);
    expect(r.code).toBe(1);
    expect(oneLine(r)).toContain('cut short');
    expect(sha(cut)).toBe(before);
  });

  it('already encrypted: encrypt again is refused', async () => {
    const r = await withKey(['encrypt'], db);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toContain('already encrypted');
  });
});

describe('a plaintext database given a passphrase', () => {
  it('says once that the passphrase file was not used, and works', async () => {
    const db = await journal('plain');
    const r = await withKey(['list'], db);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('is not encrypted, so the passphrase file');
    const p = await withKey(['passphrase'], db);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('is not encrypted');
  });

  it('a new passphrase that is too short is refused before anything is written', async () => {
    const db = await journal('short');
    const before = sha(db);
    const r = await withKey(['encrypt'], db, secretFile('short.txt', 'short'));
    expect(r.code).toBe(2);
    expect(oneLine(r)).toContain('too short');
    expect(sha(db)).toBe(before);
  });
});

describe('integrate passphrase and decrypt', () => {
  it('changes the passphrase, then decrypts back to plain SQLite', async () => {
    const db = await journal('cycle');
    // A new plaintext journal has 8 KiB pages; SQLCipher 4 (and other tools opening the file) needs 4 KiB.
    expect(pageSize(db)).toBe(8192);
    expect((await withKey(['encrypt'], db)).code).toBe(0);
    expect(pageSize(db, PASS)).toBe(4096);
    expect(fs.statSync(db).size % 4096).toBe(0);
    const p = await withKey(['passphrase', '--new-passphrase-file', pass2File], db);
    expect(p.code, p.stderr).toBe(0);
    expect((await withKey(['list'], db)).code).toBe(1);
    expect(entriesWith(db, PASS2)).toBe(3);
    const refused = await withKey(['decrypt'], db, pass2File);
    expect(refused.code).toBe(2);
    expect(oneLine(refused)).toContain('--yes');
    const d = await withKey(['decrypt', '--yes'], db, pass2File);
    expect(d.code, d.stderr).toBe(0);
    expect(fs.readFileSync(db).subarray(0, 15).toString()).toBe('SQLite format 3');
    expect(entriesWith(db)).toBe(3);
    expect(found(db).length).toBeGreaterThan(0);
  }, 60_000);
});

/** Runs integrate with INTEGRATE_TEST_KILL_AT=step (or kills it after `afterMs`) and waits for it to end. */
function killed(args: string[], db: string, keyFile: string, how: { step?: string; afterMs?: number }): Promise<{ code: number | null; signal: string | null }> {
  const env = { ...baseEnv(box.dir), INTEGRATE_DB: db, INTEGRATE_PASSPHRASE_FILE: keyFile, ...(how.step ? { INTEGRATE_TEST_KILL_AT: how.step } : {}) };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: box.dir, env, stdio: ['ignore', 'ignore', 'ignore'] });
    const timer = how.afterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), how.afterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

/** The database opens with the old key or the new one, whole (integrity ok, every entry there). */
function intactWithOneOf(db: string, keys: (string | undefined)[]): string | undefined {
  for (const key of keys) {
    try {
      if (entriesWith(db, key) === 3) return key ?? 'plain';
    } catch {
      // not this key
    }
  }
  return undefined;
}

const CHANGES: { name: string; args: string[]; before?: string; after?: string; keyFile: () => string }[] = [
  { name: 'encrypt', args: ['encrypt'], before: undefined, after: PASS, keyFile: () => passFile },
  { name: 'passphrase', args: ['passphrase', '--new-passphrase-file', 'pass2.txt'], before: PASS, after: PASS2, keyFile: () => passFile },
  { name: 'decrypt', args: ['decrypt', '--yes'], before: PASS, after: undefined, keyFile: () => passFile },
];

describe('SIGKILL during encrypt, passphrase and decrypt', () => {
  // Every step of every change in test:deep; the everyday suite kills each change
  // at one step, together covering the copy, the check and the swap.
  const everyday: Record<string, string[]> = { encrypt: ['swapped'], passphrase: ['verified'], decrypt: ['copied'] };
  const stepsOf = (name: string) => (DEEP ? RECRYPT_STEPS.filter((s) => s !== 'done') : everyday[name]!);
  let n = 0;
  const prepared = async (change: (typeof CHANGES)[number]) => {
    const db = await journal(`kill-${change.name}-${n++}`);
    if (change.before) expect((await withKey(['encrypt'], db, passFile)).code).toBe(0);
    return db;
  };

  for (const change of CHANGES) {
    const steps = stepsOf(change.name);
    it(`${change.name}: killed at ${steps.join(', ')}, the old or the new database is intact`, async () => {
      for (const step of steps) {
        const db = await prepared(change);
        const r = await killed(change.args, db, change.keyFile(), { step });
        expect(r.signal, `${change.name} at ${step}`).toBe('SIGKILL');
        const which = intactWithOneOf(db, [change.before, change.after]);
        expect(which, `${change.name} killed at ${step}`).toBeDefined();
        // Run again after the kill: it cleans up and completes the change.
        const [beforeName, afterName] = [change.before ?? 'plain', change.after ?? 'plain'];
        if (which === beforeName) {
          const again = await withKey(change.args, db, change.keyFile());
          expect(again.code, again.stderr).toBe(0);
        }
        expect(intactWithOneOf(db, [change.after])).toBe(afterName);
        expect(fs.readdirSync(box.dir).filter((f) => f.includes(`kill-${change.name}`) && f.endsWith('.partial'))).toEqual([]);
      }
    }, 300_000);
  }

  it.runIf(DEEP)('at 24 random moments across the three changes, never neither', async () => {
    let seed = 17;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 24; i++) {
      const change = CHANGES[i % 3]!;
      const db = await prepared(change);
      await killed(change.args, db, change.keyFile(), { afterMs: 40 + Math.floor(rand() * 400) });
      expect(intactWithOneOf(db, [change.before, change.after]), `${change.name} run ${i}`).toBeDefined();
    }
  }, 600_000);
});
