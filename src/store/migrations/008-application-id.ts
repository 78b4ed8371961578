import type { Migration } from './index.js';

/**
 * integrate's mark in the SQLite header (PRAGMA application_id, offset 68):
 * the ASCII bytes "INTG", 0x494E5447 = 1229870151. With it, a file can be
 * recognised as ours from its first 100 bytes, and a database of another
 * program (which carries its own id, or none) is refused before anything in
 * it is touched. Databases written before this migration carry 0 and are
 * recognised by their schema instead (see store/schema.ts).
 */
export const APPLICATION_ID = 0x494e5447;

export const applicationId: Migration = {
  version: 8,
  name: 'application-id',
  // Only a header field changes: a read-only database one step behind can still be read.
  schemaNeutral: true,
  up: (db) => {
    db.pragma(`application_id = ${APPLICATION_ID}`);
  },
};
