import type { Migration } from './index.js';

// Full-text search over everything the user wrote. Triggers keep the index in
// the same transaction as the text, so it can never drift. `ref` is the id of
// the entry, session or intention; `kind` says which.
export const search: Migration = {
  version: 5,
  name: 'search',
  up: (db) => {
    db.exec(`
      CREATE VIRTUAL TABLE search_fts USING fts5(body, kind UNINDEXED, ref UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');

      CREATE TRIGGER entries_search_ai AFTER INSERT ON entries WHEN new.text != '' BEGIN
        INSERT INTO search_fts (body, kind, ref) VALUES (new.text, 'entry', new.id);
      END;
      CREATE TRIGGER entries_search_au AFTER UPDATE OF text ON entries BEGIN
        DELETE FROM search_fts WHERE kind = 'entry' AND ref = old.id;
        INSERT INTO search_fts (body, kind, ref) SELECT new.text, 'entry', new.id WHERE new.text != '';
      END;
      CREATE TRIGGER entries_search_ad AFTER DELETE ON entries WHEN old.text != '' BEGIN
        DELETE FROM search_fts WHERE kind = 'entry' AND ref = old.id;
      END;

      CREATE TRIGGER sessions_search_ai AFTER INSERT ON sessions BEGIN
        INSERT INTO search_fts (body, kind, ref) VALUES (concat_ws(char(10), new.intention, new.notes, new.setting, new.guide), 'session', new.id);
      END;
      CREATE TRIGGER sessions_search_au AFTER UPDATE ON sessions BEGIN
        DELETE FROM search_fts WHERE kind = 'session' AND ref = old.id;
        INSERT INTO search_fts (body, kind, ref) VALUES (concat_ws(char(10), new.intention, new.notes, new.setting, new.guide), 'session', new.id);
      END;
      CREATE TRIGGER sessions_search_ad AFTER DELETE ON sessions BEGIN
        DELETE FROM search_fts WHERE kind = 'session' AND ref = old.id;
      END;

      CREATE TRIGGER intentions_search_ai AFTER INSERT ON intentions BEGIN
        INSERT INTO search_fts (body, kind, ref) VALUES (new.text, 'intention', new.id);
      END;
      CREATE TRIGGER intentions_search_au AFTER UPDATE OF text ON intentions BEGIN
        DELETE FROM search_fts WHERE kind = 'intention' AND ref = old.id;
        INSERT INTO search_fts (body, kind, ref) VALUES (new.text, 'intention', new.id);
      END;
      CREATE TRIGGER intentions_search_ad AFTER DELETE ON intentions BEGIN
        DELETE FROM search_fts WHERE kind = 'intention' AND ref = old.id;
      END;

      INSERT INTO search_fts (body, kind, ref) SELECT text, 'entry', id FROM entries WHERE text != '';
      INSERT INTO search_fts (body, kind, ref) SELECT concat_ws(char(10), intention, notes, setting, guide), 'session', id FROM sessions;
      INSERT INTO search_fts (body, kind, ref) SELECT text, 'intention', id FROM intentions;
    `);
  },
};
