// What an import writes beyond the other repositories: an entry's pack
// version and answers with it, and the one transaction around the whole file
// (its safety flags are written at the end, by the caller's `finish`).
// Entries go in without a savepoint each, dozens at a time table by table.
// The search index is filled for new entries in row order by a few
// statements rather than by the insert trigger row by row: a few hundred at a
// time if the import has to wait for its safety reader (it runs far ahead of
// it), the rest at the end. Into an empty journal, the indexes of an entry's
// rows (their unique keys too) are built once at the end (a sort instead of a
// random insert per row). The trigger and indexes are dropped and recreated (the
// same SQL, read back from the schema) inside the transaction, so a failure
// or a killed process leaves the schema and the journal exactly as they were.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { Entry } from '../domain/entries.js';
import type { Intention } from '../domain/intentions.js';
import type { AnswerRecord } from '../domain/packs.js';
import type { EntryRepository } from './entries.js';
import { isBusy } from './sqlite.js';

export interface ImportedEntry {
  entry: Entry;
  packVersion?: number | null;
  updatedAt?: string | null;
  answers?: AnswerRecord[];
}

const INDEX_TRIGGER = 'entries_search_ai';
/** Tables whose secondary indexes an import into an empty journal builds at the end. */
const BULK_TABLES = ['entries', 'entry_metrics', 'entry_tags', 'entry_practices', 'entry_answers'];
/**
 * New entries held before they are written: enough that each table's rows go in together; with a few
 * hundred the heap grew enough to bring the peak of a 36,500-entry import near 150 MB.
 */
const BATCH = 64;

/** Entries added to the search index per step while the import waits (a few milliseconds of work). */
const INDEX_STEP = 256;

/** Thrown to roll a dry run back after counting exactly what a real run would do. */
class DryRunDone extends Error {}

export class ImportRepository {
  private readonly entryCount: Statement<[string], { n: number }>;
  private readonly setExtra: Statement;
  private readonly insertAnswer: Statement;
  private readonly clearAnswers: Statement;
  private readonly clearFlags: Statement;
  private readonly replaceIntentionStmt: Statement;
  private startedEmpty = false;
  private pending: ImportedEntry[] = [];
  /** While the insert trigger is set aside: the last entry row in the search index (entries after it are not yet). */
  private indexedUpTo: number | undefined;
  private readonly indexRange: Statement<[number, number]>;
  private readonly lastEntryRow: Statement<[], number | null>;

  constructor(private readonly db: Database, private readonly entries: EntryRepository) {
    this.entryCount = db.prepare('SELECT count(*) AS n FROM entries WHERE id = ?');
    this.setExtra = db.prepare('UPDATE entries SET pack_version = ?, updated_at = ? WHERE id = ?');
    this.insertAnswer = db.prepare(
      'INSERT INTO entry_answers (entry_id, position, question_id, type, prompt, value, insight, discuss, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.clearAnswers = db.prepare('DELETE FROM entry_answers WHERE entry_id = ?');
    // What the insert trigger would have written, row for row and in the same order.
    this.indexRange = db.prepare(`INSERT INTO search_fts (body, kind, ref) SELECT text, 'entry', id FROM entries WHERE rowid > ? AND rowid <= ? AND text != '' ORDER BY rowid`);
    this.lastEntryRow = db.prepare<[], number | null>('SELECT max(rowid) FROM entries').pluck();
    this.clearFlags = db.prepare('DELETE FROM safety_flags WHERE entry_id = ?');
    this.replaceIntentionStmt = db.prepare(
      `UPDATE intentions SET text = @text, created_at = @createdAt, utc_offset = @utcOffset, source_entry_id = @sourceEntryId,
         status = @status, due_date = @dueDate, closed_at = @closedAt WHERE id = @id`,
    );
  }

  /**
   * Runs `write` in one IMMEDIATE transaction (other writers wait; readers see
   * the journal as it was until the commit). New entries are added to the
   * search index by indexWritten() and, for the rest, at the end in one
   * statement. Then `finish` (the safety flags, whose readings may still be coming from another
   * thread while the indexes are built). A dry run rolls everything back.
   */
  transaction(write: () => void, opts: { dryRun: boolean; finish?: () => void; beforeCommit?: () => void }): void {
    const run = this.db.transaction(() => {
      const trigger = this.db.prepare<[string], { sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`).get(INDEX_TRIGGER);
      const last = this.lastEntryRow.get() ?? null;
      // Into an empty journal (a first import, a move), no entry can be stored already: skip the lookups.
      this.startedEmpty = last === null;
      if (trigger) this.db.exec(`DROP TRIGGER ${INDEX_TRIGGER}`);
      // The unique keys of an entry's metrics, tags, practices and answers too: every entry is new and
      // written once, with its names and questions unique (the importers and insertBatch see to it),
      // and a key that repeated anyway would fail the index's build, and the import with it.
      const indexes = this.startedEmpty ? this.db.prepare<string[], { name: string; sql: string }>(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BULK_TABLES.map(() => '?').join(', ')})`,
      ).all(...BULK_TABLES) : [];
      for (const i of indexes) this.db.exec(`DROP INDEX "${i.name}"`);
      if (trigger) this.indexedUpTo = last ?? 0;
      write();
      this.flush();
      for (const i of indexes) this.db.exec(i.sql);
      if (trigger) {
        this.indexRange.run(this.indexedUpTo ?? 0, this.lastEntryRow.get() ?? 0);
        this.indexedUpTo = undefined;
        this.db.exec(trigger.sql);
      }
      opts.finish?.();
      if (opts.dryRun) throw new DryRunDone();
      // Everything is written: what remains is the commit (and, in WAL mode, the checkpoint after it).
      opts.beforeCommit?.();
    });
    const empty = this.isEmpty();
    // A page cache of 10 MB rather than 16 for an import into a journal with entries: pages spill to the
    // WAL a little sooner and the peak stays lower (4 MB costs a third more time in the updates of the
    // indexes kept). Into an empty journal, whose indexes are built at the end, 4 MB: as fast, and a lower
    // peak (JSON 136–139 MB against 142–144 MB, and 185 MB in one run of four; Daylio 130–132 against 136–139).
    const cache = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma(`cache_size = -${empty ? 4000 : 10000}`);
    // Into a journal with no entries yet (a first import, a move), a rollback journal instead of
    // the WAL: each page of the file is written once rather than twice (to the WAL, then into the
    // file at the checkpoint), a sixth of the import's time. Only when no other connection has the
    // journal open (SQLite refuses the switch otherwise, and the import keeps the WAL, which lets
    // them read meanwhile). A killed import leaves a hot journal that SQLite rolls back on the next
    // open, as it does the WAL; every open puts the WAL back if this one could not.
    const rollbackJournal = empty && this.switchJournal('delete', 0);
    // Nor, then, a foreign-key lookup per row (a tenth of the writing): every answer, metric, tag and
    // practice is written right after its own entry, and every flag at the end for a record written
    // before it, all inside this transaction. (The pragma
    // takes effect only outside a transaction, so it is set here and put back in `finally`.)
    if (rollbackJournal) this.db.pragma('foreign_keys = OFF');
    try {
      run.immediate();
    } catch (err) {
      if (!(err instanceof DryRunDone)) throw err;
    } finally {
      this.startedEmpty = false;
      this.indexedUpTo = undefined;
      this.pending = [];
      this.db.pragma(`cache_size = ${cache}`);
      if (rollbackJournal) {
        this.db.pragma('foreign_keys = ON');
        this.switchJournal('wal');
      }
    }
  }

  private isEmpty(): boolean {
    return this.db.prepare('SELECT 1 FROM entries LIMIT 1').get() === undefined;
  }

  /** Whether the journal mode is now `mode`; a busy journal keeps its mode (waiting at most `waitMs` when given). */
  private switchJournal(mode: 'delete' | 'wal', waitMs?: number): boolean {
    if (this.db.memory || this.db.readonly) return false;
    const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    if (waitMs !== undefined) this.db.pragma(`busy_timeout = ${waitMs}`);
    try {
      return String(this.db.pragma(`journal_mode = ${mode}`, { simple: true })).toLowerCase() === mode;
    } catch (err) {
      if (isBusy(err)) return false;
      throw err;
    } finally {
      this.db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  /**
   * Adds a few hundred of the entries written so far to the search index, the next in row order
   * (inside transaction(), whose last statement adds the rest): work for a wait on the safety
   * reader, which would otherwise be idle. Whether there was anything to add.
   */
  indexWritten(): boolean {
    if (this.indexedUpTo === undefined) return false;
    const last = this.lastEntryRow.get() ?? 0;
    if (last <= this.indexedUpTo) return false;
    const upTo = Math.min(last, this.indexedUpTo + INDEX_STEP);
    this.indexRange.run(this.indexedUpTo, upTo);
    this.indexedUpTo = upTo;
    return true;
  }

  /** Whether an entry with this id was stored before the import began (the caller remembers what the import added). */
  hasEntry(id: string): boolean {
    return !this.startedEmpty && this.entryCount.get(id)!.n > 0;
  }

  /**
   * A new entry with its answers (inside transaction()), written with the next few dozen
   * (insertBatch checks its size then; importInto checks it as each record is read, so a file is
   * refused at the entry that is too long).
   */
  insertEntry(item: ImportedEntry): void {
    this.pending.push(item);
    if (this.pending.length >= BATCH) this.flush();
  }

  /**
   * Writes the entries held back. Anything else an import writes (sessions, intentions, replaced
   * entries) comes after a flush, so every row gets the row number it got when written one by one.
   */
  flush(): void {
    const batch = this.pending;
    if (!batch.length) return;
    this.pending = [];
    this.entries.insertBatch(batch);
    for (const item of batch) this.writeAnswers(item);
  }

  /** A stored entry replaced by the file's version, keeping its id; its flags are cleared (the caller writes the new ones). */
  replaceEntry(item: ImportedEntry, updatedAt: string): void {
    this.flush();
    const { entry } = item;
    this.entries.update(entry, updatedAt);
    this.clearAnswers.run(entry.id);
    this.clearFlags.run(entry.id);
    this.setExtra.run(item.packVersion ?? null, item.updatedAt ?? null, entry.id);
    this.writeAnswers(item);
  }

  replaceIntention(intention: Intention): void {
    this.flush();
    this.replaceIntentionStmt.run(intention);
  }

  private writeAnswers(item: ImportedEntry): void {
    for (const a of item.answers ?? []) {
      this.insertAnswer.run(item.entry.id, a.position, a.questionId, a.type, a.prompt, JSON.stringify(a.value), a.insight ? 1 : 0, a.discuss ? 1 : 0, a.role);
    }
  }
}
