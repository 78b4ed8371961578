import type { Migration } from './index.js';

// Small facts about the user's own use, e.g. when a summary was last written
// with --out (the default start of the next summary).
export const meta: Migration = {
  version: 4,
  name: 'meta',
  up: (db) => {
    db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  },
};
