// An encrypted copy of the benchmark database, and the two ways to open it:
// a passphrase file (the KDF runs at every start) and a file holding the
// derived raw key in SQLCipher's x'…' notation (what the keyring path uses).
import fs from 'node:fs';
import path from 'node:path';
import { CIPHER, deriveKey, rekey } from '../src/store/cipher.js';
import { openSqlite } from '../src/store/sqlite.js';

export const ENCRYPTED_PASSPHRASE = 'bench passphrase, long enough';

export function encryptedCopy(source: string, target: string, dir: string): { passphraseFile: string; rawKeyFile: string } {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${target}${suffix}`, { force: true });
  // A copy with the cipher's page size, as `integrate encrypt` makes it (the source may have 8 KiB pages).
  fs.closeSync(fs.openSync(target, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600));
  const src = openSqlite(source, { fileMustExist: true });
  try {
    src.pragma(`page_size = ${CIPHER.pageSize}`);
    src.prepare('VACUUM INTO ?').run(target);
  } finally {
    src.close();
  }
  fs.chmodSync(target, 0o600);
  const db = openSqlite(target, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    rekey(db, ENCRYPTED_PASSPHRASE);
  } finally {
    db.close();
  }
  const passphraseFile = path.join(dir, 'bench-passphrase.txt');
  fs.writeFileSync(passphraseFile, `${ENCRYPTED_PASSPHRASE}\n`, { mode: 0o600 });
  const rawKeyFile = path.join(dir, `${path.basename(target)}.key`);
  fs.writeFileSync(rawKeyFile, `x'${deriveKey(ENCRYPTED_PASSPHRASE, target).toString('hex')}'\n`, { mode: 0o600 });
  return { passphraseFile, rawKeyFile };
}
