import type { Migration } from './index.js';
import { classifySafetyText } from '../../domain/safety.js';

// Flags for every text a person writes, not only entries: a flag now belongs
// to exactly one entry, session or intention (each deleted with its record).
// Still the date and the kind only, never the words. Flags from the old phrase
// list are re-read with the new rules: a text that now reads as a mention
// (past, negated, someone else's, clinical) becomes a 'mention'; one that still
// reads as risk, or that the new rules do not catch, stays as it was.
export const safetySources: Migration = {
  version: 9,
  name: 'safety-sources',
  up: (db) => {
    db.exec(`
      CREATE TABLE safety_flags_v9 (
        id           INTEGER PRIMARY KEY,
        entry_id     TEXT REFERENCES entries (id) ON DELETE CASCADE,
        session_id   TEXT REFERENCES sessions (id) ON DELETE CASCADE,
        intention_id TEXT REFERENCES intentions (id) ON DELETE CASCADE,
        kind         TEXT NOT NULL,   -- see SAFETY_FLAG_KINDS in src/domain/safety.ts
        created_at   TEXT NOT NULL,
        local_date   TEXT NOT NULL,
        CHECK ((entry_id IS NOT NULL) + (session_id IS NOT NULL) + (intention_id IS NOT NULL) = 1)
      );
      INSERT INTO safety_flags_v9 (entry_id, kind, created_at, local_date)
        SELECT entry_id, kind, created_at, local_date FROM safety_flags;
      DROP TABLE safety_flags;
      ALTER TABLE safety_flags_v9 RENAME TO safety_flags;
      CREATE UNIQUE INDEX safety_flags_entry ON safety_flags (entry_id, kind) WHERE entry_id IS NOT NULL;
      CREATE UNIQUE INDEX safety_flags_session ON safety_flags (session_id, kind) WHERE session_id IS NOT NULL;
      CREATE UNIQUE INDEX safety_flags_intention ON safety_flags (intention_id, kind) WHERE intention_id IS NOT NULL;
      CREATE INDEX safety_flags_date ON safety_flags (local_date);
    `);
    const phraseFlags = db.prepare<[], { id: number; text: string }>(`
      SELECT f.id, e.text || char(10) || coalesce((
        SELECT group_concat(json_extract(a.value, '$'), char(10)) FROM entry_answers a WHERE a.entry_id = e.id AND json_valid(a.value) AND json_type(a.value) = 'text'
      ), '') AS text
      FROM safety_flags f JOIN entries e ON e.id = f.entry_id WHERE f.kind = 'phrase'`).all();
    const soften = db.prepare(`UPDATE OR REPLACE safety_flags SET kind = 'mention' WHERE id = ?`);
    for (const flag of phraseFlags) {
      if (classifySafetyText(flag.text) === 'mention') soften.run(flag.id);
    }
  },
};
