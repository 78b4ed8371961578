import type { Migration } from './index.js';

// Dosing sessions, journal answers, intentions and drafts. The session an entry
// belongs to is derived (the latest session before it), never stored, so it
// stays right when a session or an entry is re-dated.
export const reflection: Migration = {
  version: 2,
  name: 'reflection',
  up: (db) => {
    db.exec(`
      ALTER TABLE entries ADD COLUMN pack_version INTEGER;

      CREATE TABLE sessions (
        id          TEXT PRIMARY KEY,
        occurred_at TEXT NOT NULL,              -- UTC ISO instant of the dosing session
        utc_offset  INTEGER NOT NULL,
        local_date  TEXT NOT NULL,
        route       TEXT NOT NULL CHECK (route IN ('iv', 'im', 'oral', 'sublingual', 'intranasal', 'other')),
        dose_mg     REAL CHECK (dose_mg IS NULL OR dose_mg > 0),
        setting     TEXT NOT NULL DEFAULT '',
        guide       TEXT NOT NULL DEFAULT '',
        intention   TEXT NOT NULL DEFAULT '',
        notes       TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL,
        updated_at  TEXT
      );
      CREATE INDEX sessions_occurred_at ON sessions (occurred_at);

      CREATE TABLE entry_answers (
        entry_id    TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        type        TEXT NOT NULL,
        prompt      TEXT NOT NULL,              -- the question as it was asked
        value       TEXT NOT NULL,              -- JSON: string, number, boolean or array
        insight     INTEGER NOT NULL DEFAULT 0,
        discuss     INTEGER NOT NULL DEFAULT 0,
        role        TEXT,                       -- e.g. decision, unreal: what the summary should surface
        PRIMARY KEY (entry_id, question_id)
      );

      CREATE TABLE intentions (
        id              TEXT PRIMARY KEY,
        text            TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        utc_offset      INTEGER NOT NULL,
        source_entry_id TEXT REFERENCES entries (id) ON DELETE SET NULL,
        status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
        due_date        TEXT,
        closed_at       TEXT
      );
      CREATE INDEX intentions_status ON intentions (status, created_at);

      CREATE TABLE drafts (
        id           TEXT PRIMARY KEY,
        pack         TEXT NOT NULL,
        pack_version INTEGER NOT NULL,
        started_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        utc_offset   INTEGER NOT NULL,
        entry_at     TEXT,                      -- --date given for the reflection, UTC ISO
        private      INTEGER NOT NULL DEFAULT 0,
        answers      TEXT NOT NULL DEFAULT '{}' -- JSON keyed by question id, in answer order
      );
    `);
  },
};
