// The floor a command is measured against: Node plus better-sqlite3 opening
// the journal with integrate's pragmas (src/store/open.ts) and doing the
// least a command can do, with no integrate code at all.
//   node bench/floor.mjs read  FILE   one small read (the newest 30 entries), printed
//   node bench/floor.mjs write FILE   one entry inserted in a transaction
import Database from 'better-sqlite3-multiple-ciphers';
import { randomUUID } from 'node:crypto';

const [mode, file] = process.argv.slice(2);
if (!file || (mode !== 'read' && mode !== 'write')) {
  console.error('usage: node bench/floor.mjs read|write FILE');
  process.exit(2);
}
const db = new Database(file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('temp_store = MEMORY');
db.pragma('user_version', { simple: true });
if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('secure_delete = ON');
db.pragma('foreign_keys = ON');
if (mode === 'read') {
  const rows = db.prepare('SELECT id, created_at, kind, text FROM entries ORDER BY created_at DESC, id LIMIT 30').all();
  process.stdout.write(`${rows.map((r) => `${r.id.slice(0, 8)} ${r.created_at} ${r.kind} ${r.text.slice(0, 40)}`).join('\n')}\n`);
} else {
  const now = new Date();
  db.transaction(() => {
    db.prepare(
      `INSERT INTO entries (id, created_at, utc_offset, local_date, kind, pack, private, starred, text)
       VALUES (?, ?, 0, ?, 'checkin', NULL, 0, 0, ?)`,
    ).run(randomUUID(), now.toISOString(), now.toISOString().slice(0, 10), 'floor');
  })();
  process.stderr.write('Saved.\n');
}
db.close();
