// Encryption at rest (docs/encryption.md): SQLite3MultipleCiphers' SQLCipher v4
// scheme. Every page (the main file, the WAL, the FTS index, and copies made
// with VACUUM INTO) is AES-256-CBC encrypted and authenticated with
// HMAC-SHA512; the key is PBKDF2-HMAC-SHA512 of the passphrase over the
// file's 16-byte random salt (its first 16 bytes), 256,000 iterations.
// The same scheme as SQLCipher 4, so DB Browser for SQLite or the sqlcipher
// shell can open the file with the passphrase too.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import { DataError } from '../errors.js';

export const CIPHER = {
  name: 'SQLCipher v4 (AES-256-CBC, HMAC-SHA512 per page)',
  kdf: 'PBKDF2-HMAC-SHA512',
  kdfIterations: 256_000,
  pageSize: 4096,
  saltBytes: 16,
  keyBytes: 32,
} as const;

/** A passphrase (goes through the KDF) or the key the KDF derived from it for this file (skips it). */
export type Key = { passphrase: string } | { raw: Buffer };

/** Where keys come from (src/keys/unlock.ts): the store only asks. */
export interface KeySource {
  /** The key for the encrypted database `file`, and where it came from (for messages); throws when there is none. */
  unlock(file: string): { key: Key; source: string };
  /** The passphrase file the user named, if any (a plaintext database notes that it was not used). */
  offered(): string | undefined;
}

/** The shortest passphrase `integrate encrypt` and `integrate passphrase` accept. */
export const MIN_PASSPHRASE = 10;

const SQLITE_HEADER = Buffer.from('SQLite format 3\u0000', 'latin1');

function headOf(file: string, bytes: number): Buffer {
  const buf = Buffer.alloc(bytes);
  const fd = fs.openSync(file, 'r');
  try {
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * What a database file is, from its size and first bytes alone. An encrypted
 * file has no plaintext header: it starts with its random salt, so it cannot
 * be told from random bytes; a whole number of 4 KiB pages is all there is.
 */
export function fileKind(file: string, size: number): 'empty' | 'plain' | 'encrypted' | 'cut-short' {
  if (size === 0) return 'empty';
  const head = headOf(file, 16);
  if (head.equals(SQLITE_HEADER)) return 'plain';
  if (size >= CIPHER.pageSize && size % CIPHER.pageSize === 0) return 'encrypted';
  return 'cut-short';
}

/** Sets the scheme and the key on a fresh connection, before anything is read. */
export function applyKey(db: Database, key: Key): void {
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  if ('raw' in key) db.pragma(`key = "x'${key.raw.toString('hex')}'"`);
  else db.key(Buffer.from(key.passphrase, 'utf8'));
}

/**
 * Sets (or, with an empty passphrase, removes) the encryption of a database in rollback-journal mode.
 * To encrypt, its pages must be the cipher's 4 KiB (SQLCipher 4 fails with "SQL logic error" otherwise):
 * a copy made with `PRAGMA page_size = 4096` before `VACUUM INTO` has them (recrypt.ts).
 */
export function rekey(db: Database, passphrase: string): void {
  const pageSize = db.pragma('page_size', { simple: true });
  if (passphrase && pageSize !== CIPHER.pageSize) throw new DataError(`Cannot encrypt a database with ${String(pageSize)}-byte pages; copy it with ${CIPHER.pageSize}-byte pages first. Nothing was changed.`);
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.rekey(Buffer.from(passphrase, 'utf8'));
}

/** The raw key SQLCipher derives from `passphrase` for the encrypted database `file` (its salt is the first 16 bytes). */
export function deriveKey(passphrase: string, file: string): Buffer {
  const salt = headOf(file, CIPHER.saltBytes);
  // node:crypto only here (deriving a key for the keyring), not at every open.
  const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return crypto.pbkdf2Sync(Buffer.from(passphrase, 'utf8'), salt, CIPHER.kdfIterations, CIPHER.keyBytes, 'sha512');
}

/** True when the key opens the database: page 1 decrypts and authenticates. */
export function keyOpens(db: Database): boolean {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_NOTADB') return false;
    throw err;
  }
}

export function wrongKey(file: string, source: string): DataError {
  return new DataError(`Cannot open ${file}: this database is encrypted and ${source} does not unlock it. Nothing was changed.`);
}

export function cutShort(file: string): DataError {
  return new DataError(`${file} is not an integrate database: it is damaged, or an encrypted database that was cut short (its size is not a whole number of pages). It was left untouched; restore a backup, or choose another file with --db PATH or INTEGRATE_DB.`);
}

/** A rough strength hint for a new passphrase: length and variety, no dictionary (nothing leaves this computer). */
export function strengthHint(passphrase: string): string | undefined {
  const words = passphrase.trim().split(/\s+/).filter(Boolean).length;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9\s]/].filter((r) => r.test(passphrase)).length;
  const unique = new Set(passphrase).size;
  if (passphrase.length >= 20 && (words >= 4 || classes >= 3) && unique >= 10) return undefined;
  return 'a longer passphrase (four or more unrelated words, or 20+ characters) is much harder to guess';
}
