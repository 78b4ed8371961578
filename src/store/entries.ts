// Entries with their metrics, tags and practices. Prepared statements only;
// every change that touches several rows runs in one transaction.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { Entry } from '../domain/entries.js';
import { idPrefixLookup } from './id-prefix.js';
import { metricSourceOf } from './metrics.js';
import { checkEntryText } from '../domain/limits.js';

export interface EntryFilter {
  /** Inclusive lower bound (UTC ISO). */
  since?: string;
  /** Exclusive upper bound (UTC ISO). */
  until?: string;
  tag?: string;
  kind?: string;
  pack?: string;
  limit?: number;
}

interface EntryRow {
  id: string;
  created_at: string;
  utc_offset: number;
  local_date: string;
  kind: string;
  pack: string | null;
  private: number;
  starred: number;
  text: string;
  metrics: string;
  tags: string;
  practices: string;
}

/** The names as given, each once (most lists hold one or none, and are returned as they are). */
const once = (names: readonly string[]): readonly string[] => (names.length > 1 ? [...new Set(names)] : names);

const SELECT_ENTRY = `
  SELECT e.id, e.created_at, e.utc_offset, e.local_date, e.kind, e.pack, e.private, e.starred, e.text,
    (SELECT json_group_object(name, value) FROM entry_metrics WHERE entry_id = e.id) AS metrics,
    (SELECT json_group_array(tag) FROM (SELECT tag FROM entry_tags WHERE entry_id = e.id ORDER BY tag)) AS tags,
    (SELECT json_group_array(practice) FROM (SELECT practice FROM entry_practices WHERE entry_id = e.id ORDER BY practice)) AS practices
  FROM entries e`;

function fromRow(row: EntryRow): Entry {
  return {
    id: row.id,
    createdAt: row.created_at,
    utcOffset: row.utc_offset,
    localDate: row.local_date,
    kind: row.kind,
    pack: row.pack,
    private: row.private === 1,
    starred: row.starred === 1,
    text: row.text,
    metrics: JSON.parse(row.metrics) as Record<string, number>,
    tags: JSON.parse(row.tags) as string[],
    practices: JSON.parse(row.practices) as string[],
  };
}

/** The WHERE clause (over entries aliased `e`) and its parameters for a filter; the limit is the caller's. */
export function filterWhere(filter: EntryFilter & { excludePrivate?: boolean }): { where: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.since) { where.push('e.created_at >= ?'); params.push(filter.since); }
  if (filter.until) { where.push('e.created_at < ?'); params.push(filter.until); }
  if (filter.kind) { where.push('e.kind = ?'); params.push(filter.kind); }
  if (filter.pack) { where.push('e.pack = ?'); params.push(filter.pack); }
  if (filter.tag) { where.push('EXISTS (SELECT 1 FROM entry_tags t WHERE t.entry_id = e.id AND t.tag = ?)'); params.push(filter.tag); }
  if (filter.excludePrivate) where.push('e.private = 0');
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export class EntryRepository {
  private readonly insertEntry: Statement;
  private readonly insertImported: Statement;
  private readonly updateEntry: Statement;
  private readonly insertMetric: Statement;
  private readonly insertTag: Statement;
  private readonly insertPractice: Statement;
  private readonly clearMetrics: Statement;
  private readonly clearTags: Statement;
  private readonly clearPractices: Statement;
  private readonly byId: Statement<[string], EntryRow>;
  private readonly dailyCheckin: Statement<[string], { id: string }>;
  private readonly deleteById: Statement;
  private readonly latest: Statement<[], { created_at: string; local_date: string }>;

  constructor(private readonly db: Database) {
    this.insertEntry = db.prepare(
      `INSERT INTO entries (id, created_at, utc_offset, local_date, kind, pack, private, starred, text)
       VALUES (@id, @createdAt, @utcOffset, @localDate, @kind, @pack, @private, @starred, @text)`,
    );
    this.insertImported = db.prepare(
      `INSERT INTO entries (id, created_at, utc_offset, local_date, kind, pack, private, starred, text, pack_version, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateEntry = db.prepare(
      `UPDATE entries SET created_at = @createdAt, utc_offset = @utcOffset, local_date = @localDate, kind = @kind,
         pack = @pack, private = @private, starred = @starred, text = @text, updated_at = @updatedAt WHERE id = @id`,
    );
    this.insertMetric = db.prepare('INSERT INTO entry_metrics (entry_id, name, value, source, local_date) VALUES (?, ?, ?, ?, ?)');
    this.insertTag = db.prepare('INSERT OR IGNORE INTO entry_tags (entry_id, tag) VALUES (?, ?)');
    this.insertPractice = db.prepare('INSERT OR IGNORE INTO entry_practices (entry_id, practice) VALUES (?, ?)');
    this.clearMetrics = db.prepare('DELETE FROM entry_metrics WHERE entry_id = ?');
    this.clearTags = db.prepare('DELETE FROM entry_tags WHERE entry_id = ?');
    this.clearPractices = db.prepare('DELETE FROM entry_practices WHERE entry_id = ?');
    this.byId = db.prepare(`${SELECT_ENTRY} WHERE e.id = ?`);
    this.idsWithPrefix = idPrefixLookup(db, 'entries');
    this.dailyCheckin = db.prepare(
      `SELECT id FROM entries WHERE local_date = ? AND kind = 'checkin' ORDER BY created_at DESC LIMIT 1`,
    );
    this.deleteById = db.prepare('DELETE FROM entries WHERE id = ?');
    this.latest = db.prepare('SELECT created_at, local_date FROM entries ORDER BY created_at DESC LIMIT 1');
  }

  private writeChildren(entry: Entry): void {
    const source = metricSourceOf(entry.pack);
    for (const [name, value] of Object.entries(entry.metrics)) this.insertMetric.run(entry.id, name, value, source, entry.localDate);
    for (const tag of entry.tags) this.insertTag.run(entry.id, tag);
    for (const practice of entry.practices) this.insertPractice.run(entry.id, practice);
  }

  private params(entry: Entry) {
    checkEntryText(entry);
    return {
      id: entry.id,
      createdAt: entry.createdAt,
      utcOffset: entry.utcOffset,
      localDate: entry.localDate,
      kind: entry.kind,
      pack: entry.pack,
      private: entry.private ? 1 : 0,
      starred: entry.starred ? 1 : 0,
      text: entry.text,
    };
  }

  private insertTx: ((entry: Entry) => void) | undefined;

  insert(entry: Entry): void {
    this.insertTx ??= this.db.transaction((e: Entry) => this.insertRows(e));
    this.insertTx(entry);
  }

  /** The entry and its metrics, tags and practices, with no transaction of its own: the caller holds one. */
  private insertRows(entry: Entry): void {
    this.insertEntry.run(this.params(entry));
    this.writeChildren(entry);
  }

  /**
   * Many new entries (an import's, with the pack version and edit time a file carries) and their
   * metrics, tags and practices, with no transaction of its own: the caller holds one. Written table
   * by table rather than entry by entry, so each table's pages stay in the cache while its rows go in.
   */
  insertBatch(items: readonly { entry: Entry; packVersion?: number | null; updatedAt?: string | null }[]): void {
    for (const { entry: e, packVersion, updatedAt } of items) {
      checkEntryText(e);
      this.insertImported.run(e.id, e.createdAt, e.utcOffset, e.localDate, e.kind, e.pack, e.private ? 1 : 0, e.starred ? 1 : 0, e.text, packVersion ?? null, updatedAt ?? null);
    }
    for (const { entry } of items) {
      const source = metricSourceOf(entry.pack);
      for (const name of Object.keys(entry.metrics)) this.insertMetric.run(entry.id, name, entry.metrics[name], source, entry.localDate);
    }
    // Each name once, as INSERT OR IGNORE makes it elsewhere: an import into an empty journal writes with the keys dropped.
    for (const { entry } of items) for (const tag of once(entry.tags)) this.insertTag.run(entry.id, tag);
    for (const { entry } of items) for (const practice of once(entry.practices)) this.insertPractice.run(entry.id, practice);
  }

  update(entry: Entry, updatedAt: string): void {
    this.db.transaction(() => {
      this.updateEntry.run({ ...this.params(entry), updatedAt });
      this.clearMetrics.run(entry.id);
      this.clearTags.run(entry.id);
      this.clearPractices.run(entry.id);
      this.writeChildren(entry);
    })();
  }

  /**
   * Inserts a check-in, or merges it into that local day's check-in when one
   * exists. Runs as one IMMEDIATE transaction so concurrent runs cannot both insert.
   */
  upsertDaily(entry: Entry, merge: (existing: Entry) => Entry, updatedAt: string): { entry: Entry; updated: boolean } {
    const run = this.db.transaction(() => {
      const existing = this.dailyCheckin.get(entry.localDate);
      if (!existing) {
        this.insert(entry);
        return { entry, updated: false };
      }
      const merged = merge(this.get(existing.id)!);
      this.update(merged, updatedAt);
      return { entry: merged, updated: true };
    });
    return run.immediate();
  }

  get(id: string): Entry | undefined {
    const row = this.byId.get(id);
    return row ? fromRow(row) : undefined;
  }

  /** Ids matching a prefix: none, one, or (at most) two when ambiguous. */
  readonly idsWithPrefix: (prefix: string) => string[];

  delete(id: string): boolean {
    return this.deleteById.run(id).changes > 0;
  }

  list(filter: EntryFilter = {}): Entry[] {
    const { where, params } = filterWhere(filter);
    const sql = `${SELECT_ENTRY} ${where} ORDER BY e.created_at DESC, e.id
      ${filter.limit ? 'LIMIT ?' : ''}`;
    if (filter.limit) params.push(filter.limit);
    return this.db.prepare<unknown[], EntryRow>(sql).all(...params).map(fromRow);
  }

  latestEntry(): { createdAt: string; localDate: string } | undefined {
    const row = this.latest.get();
    return row ? { createdAt: row.created_at, localDate: row.local_date } : undefined;
  }
}
