// better-sqlite3-multiple-ciphers (better-sqlite3 with SQLite3MultipleCiphers:
// the same API, and one native module for plain and encrypted databases),
// bundled into dist/ with the rest of our code; only its native addon is read
// from the installed package. The addon's path is given
// to it directly (nativeBinding), which skips the `bindings` package's search
// through a dozen candidate folders at every start (2–10 ms measured).
import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

let addon: string | undefined;

/** The compiled addon: build/Release of the installed package (where npm install puts it). */
function addonPath(): string | undefined {
  const root = path.dirname(createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers/package.json'));
  const file = path.join(root, 'build', 'Release', 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}

/** Opens a database; `new Database(file, options)` with the addon found once. */
export function openSqlite(file: string | Buffer, options: Omit<Database.Options, 'nativeBinding'> = {}): Database.Database {
  addon ??= addonPath() ?? '';
  // Without the file where npm install puts it, the package's own search (bindings) runs as before.
  return new Database(file, addon ? { ...options, nativeBinding: addon } : options);
}

/** A drop-in for better-sqlite3's constructor (`new (loadSqlite())(file, options)`) that goes through openSqlite. */
export function loadSqlite(): typeof Database {
  return function open(file: string | Buffer, options: Database.Options = {}) {
    return openSqlite(file, options);
  } as unknown as typeof Database;
}

/** Whether SQLite refused because another connection holds the lock it needs (SQLITE_BUSY and its extended codes). */
export function isBusy(err: unknown): boolean {
  return String((err as { code?: unknown } | null)?.code ?? '').startsWith('SQLITE_BUSY');
}
