import type { Migration } from './index.js';

// Indexes for reading years of entries quickly (bench/: 36,500 entries).
// Results do not change, only how SQLite finds the rows; each covers few rows,
// so writing an entry costs next to nothing more.
// - entry_answers flagged insight, or discuss/role: every summary reads the
//   few hundred flagged answers instead of every answer ever given.
// - entries (pack, created_at) for entries that have a pack (reflections and
//   questionnaires, not check-ins): an instrument's results, which every
//   summary and `assess` reads, without visiting every check-in.
export const readIndexes: Migration = {
  version: 6,
  name: 'read-indexes',
  up: (db) => {
    db.exec(`
      CREATE INDEX entry_answers_insight ON entry_answers (entry_id) WHERE insight = 1;
      CREATE INDEX entry_answers_discuss ON entry_answers (entry_id) WHERE discuss = 1 OR role IS NOT NULL;
      CREATE INDEX entries_pack ON entries (pack, created_at) WHERE pack IS NOT NULL;
    `);
  },
};
