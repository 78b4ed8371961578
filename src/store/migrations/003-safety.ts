import type { Migration } from './index.js';

// Safety flags keep only the date and the kind of trigger, never the words,
// so the summary can mention them without exposing private text.
export const safety: Migration = {
  version: 3,
  name: 'safety',
  up: (db) => {
    db.exec(`
      CREATE TABLE safety_flags (
        entry_id   TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        kind       TEXT NOT NULL,   -- low-mood, phrase, safety-question, phq9-item9
        created_at TEXT NOT NULL,
        local_date TEXT NOT NULL,
        PRIMARY KEY (entry_id, kind)
      );
      CREATE INDEX safety_flags_date ON safety_flags (local_date);
    `);
  },
};
