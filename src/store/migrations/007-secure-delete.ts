import type { Migration } from './index.js';

// The search index keeps its own copy of every word. With secure-delete on, a
// deleted or edited entry's words are removed from the index's pages too,
// rather than lingering until the index is next merged.
export const secureDelete: Migration = {
  version: 7,
  name: 'secure-delete',
  up: (db) => {
    db.exec(`INSERT INTO search_fts (search_fts, rank) VALUES ('secure-delete', 1);`);
  },
};
