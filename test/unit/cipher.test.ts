// The cipher helpers and the unlock order, without the bin: what a file is
// from its first bytes, the derived raw key (the keyring's) opening the file
// like the passphrase, and where keys come from.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyKey, deriveKey, fileKind, keyOpens, rekey, strengthHint } from '../../src/store/cipher.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { keyChain, readPassphraseFile } from '../../src/keys/unlock.js';
import { memoryIo } from '../../src/io.js';

let dir: string;
const PASS = 'a long enough passphrase';

function encryptedDb(name: string): string {
  const file = path.join(dir, name);
  const db = openSqlite(file);
  db.exec("CREATE TABLE t(x); INSERT INTO t VALUES ('hello')");
  db.pragma('journal_mode = DELETE');
  rekey(db, PASS);
  db.close();
  return file;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-cipher-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cipher', () => {
  it('tells plain, encrypted, empty and cut-short files apart from the bytes', () => {
    const enc = encryptedDb('kind.db');
    expect(fileKind(enc, fs.statSync(enc).size)).toBe('encrypted');
    const plain = path.join(dir, 'plain.db');
    const db = openSqlite(plain);
    db.exec('CREATE TABLE t(x)');
    db.close();
    expect(fileKind(plain, fs.statSync(plain).size)).toBe('plain');
    const cut = path.join(dir, 'cut.db');
    fs.writeFileSync(cut, fs.readFileSync(enc).subarray(0, 5000));
    expect(fileKind(cut, 5000)).toBe('cut-short');
    expect(fileKind(cut, 0)).toBe('empty');
  });

  it('the raw key derived in Node (what the keyring keeps) opens the file like the passphrase; a wrong one does not', () => {
    const file = encryptedDb('raw.db');
    for (const key of [{ passphrase: PASS }, { raw: deriveKey(PASS, file) }]) {
      const db = openSqlite(file, { readonly: true });
      applyKey(db, key);
      expect(keyOpens(db)).toBe(true);
      expect(db.prepare('SELECT x FROM t').pluck().get()).toBe('hello');
      db.close();
    }
    const db = openSqlite(file, { readonly: true });
    applyKey(db, { passphrase: 'not it' });
    expect(keyOpens(db)).toBe(false);
    db.close();
  });

  it('hints at a stronger passphrase only when it is short or plain', () => {
    expect(strengthHint('password12')).toBeDefined();
    expect(strengthHint('violet harbour engine marmalade')).toBeUndefined();
  });
});

describe('unlocking', () => {
  const file = (name: string, text: string, mode: number) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text, { mode });
    fs.chmodSync(f, mode);
    return f;
  };

  it('reads a 0600 passphrase file without its trailing newline, and refuses one others can read', () => {
    expect(readPassphraseFile(file('ok.txt', `${PASS}\n`, 0o600))).toBe(PASS);
    expect(() => readPassphraseFile(file('open.txt', PASS, 0o640))).toThrow(/chmod 600/);
    expect(() => readPassphraseFile(file('empty.txt', '\n', 0o600))).toThrow(/empty/);
  });

  it('the passphrase file first (flag over environment); without any source and no terminal, one error naming the three ways', () => {
    const flag = file('flag.txt', 'from the flag', 0o600);
    const env = file('env.txt', 'from the env', 0o600);
    const io = memoryIo();
    const chain = (flagFile?: string, envFile?: string) => keyChain({
      env: envFile ? { INTEGRATE_PASSPHRASE_FILE: envFile } : {}, io, passphraseFile: () => flagFile, configPath: () => path.join(dir, 'config.json'),
    });
    expect(chain(flag, env).unlock('/x.db').key).toEqual({ passphrase: 'from the flag' });
    expect(chain(undefined, env).unlock('/x.db').key).toEqual({ passphrase: 'from the env' });
    expect(() => chain().unlock('/x.db')).toThrow(/--passphrase-file.*INTEGRATE_PASSPHRASE_FILE.*unlock --remember.*terminal/);
  });
});

describe('rekey', () => {
  it('refuses to encrypt a database whose pages are not the cipher\'s 4 KiB, naming the sizes, and leaves it plain', () => {
    const file = path.join(dir, 'eight.db');
    const db = openSqlite(file);
    db.pragma('page_size = 8192');
    db.exec("CREATE TABLE t(x); INSERT INTO t VALUES ('hello')");
    db.pragma('journal_mode = DELETE');
    expect(() => rekey(db, PASS)).toThrow('Cannot encrypt a database with 8192-byte pages; copy it with 4096-byte pages first. Nothing was changed.');
    db.close();
    expect(fs.readFileSync(file).subarray(0, 15).toString()).toBe('SQLite format 3');
  });
});
