import type { Migration } from './index.js';

// A session can be private like an entry: kept out of summaries and of the
// csv/md exports made for sharing, unless asked for by name. Existing sessions
// stay shared (0), as they were.
export const privateSessions: Migration = {
  version: 10,
  name: 'private-sessions',
  up: (db) => {
    db.exec(`ALTER TABLE sessions ADD COLUMN private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1));`);
  },
};
