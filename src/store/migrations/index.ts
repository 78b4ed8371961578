import type { Database } from 'better-sqlite3-multiple-ciphers';
import { initial } from './001-initial.js';
import { reflection } from './002-reflection.js';
import { safety } from './003-safety.js';
import { meta } from './004-meta.js';
import { search } from './005-search.js';
import { readIndexes } from './006-read-indexes.js';
import { secureDelete } from './007-secure-delete.js';
import { applicationId } from './008-application-id.js';
import { safetySources } from './009-safety-sources.js';
import { privateSessions } from './010-private-sessions.js';
import { metricSource } from './011-metric-source.js';
import { doseUnit } from './012-dose-unit.js';
import { childKeys } from './013-child-keys.js';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
  /** Changes no table, view, index or trigger (only header fields), so code that knows the next version can read a database still at this one's predecessor. */
  schemaNeutral?: boolean;
  /**
   * Changes how something is declared or stored, not what a read sees (the same tables, columns and
   * rows), so code that knows the next version can read a database still at this one's predecessor too.
   */
  readsAlike?: boolean;
}

/** Strictly increasing; never edit one that has shipped, add the next. */
export const MIGRATIONS: readonly Migration[] = [initial, reflection, safety, meta, search, readIndexes, secureDelete, applicationId, safetySources, privateSessions, metricSource, doseUnit, childKeys];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The first version that carries integrate's application_id; older integrate databases are recognised by their tables. */
export const APPLICATION_ID_VERSION = applicationId.version;

/** True when every migration after `version` is schema-neutral or reads alike: the database can be read as it is. */
export function readableAsIs(version: number): boolean {
  return MIGRATIONS.every((m) => m.version <= version || m.schemaNeutral === true || m.readsAlike === true);
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies pending migrations, each in its own IMMEDIATE transaction that also
 * bumps user_version, re-reading the version inside the lock so two processes
 * starting at once do not both migrate. A new database (version 0) gets them
 * all in one transaction: one commit, and one sync, instead of one each.
 */
export function migrate(db: Database, upTo = LATEST_VERSION): number {
  if (schemaVersion(db) >= upTo) return schemaVersion(db);
  const from = schemaVersion(db);
  const pending = MIGRATIONS.filter((m) => m.version > from && m.version <= upTo);
  const steps = from === 0 ? [pending] : pending.map((m) => [m]);
  for (const step of steps) {
    const apply = db.transaction(() => {
      for (const migration of step) {
        if (schemaVersion(db) >= migration.version) continue;
        migration.up(db);
        db.pragma(`user_version = ${migration.version}`);
      }
    });
    apply.immediate();
  }
  return schemaVersion(db);
}
