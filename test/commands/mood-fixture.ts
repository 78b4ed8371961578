// Shared fixed data for the mood and stats command tests.
import { randomUUID } from 'node:crypto';
import { createTestCtx, type TestCtxOptions } from '../../src/context.js';
import type { Entry } from '../../src/domain/entries.js';
import { localDateAt } from '../../src/domain/time.js';
import type { Store } from '../../src/store/index.js';

/** Today is Saturday 2026-11-21 (the test clock: 10:00 UTC, 11:00 in Berlin). */
export const TODAY = '2026-11-21';

export function entryOn(store: Store, day: string, metrics: Record<string, number>, extra: Partial<Entry> = {}): Entry {
  // 21:00 in Berlin (UTC+1 in November, UTC+2 until 25 October).
  const at = new Date(`${day}T21:00:00`);
  const entry: Entry = {
    id: randomUUID(),
    createdAt: at.toISOString(),
    utcOffset: -at.getTimezoneOffset(),
    localDate: localDateAt(at, -at.getTimezoneOffset()),
    kind: 'checkin',
    pack: null,
    private: false,
    starred: false,
    text: '',
    metrics,
    practices: [],
    tags: [],
    ...extra,
  };
  store.entries.insert(entry);
  return entry;
}

export function sessionOn(store: Store, day: string, id = randomUUID()): string {
  const at = new Date(`${day}T10:00:00`);
  store.sessions.insert({
    id, occurredAt: at.toISOString(), utcOffset: -at.getTimezoneOffset(), localDate: day,
    route: 'im', doseMg: 50, setting: '', guide: '', intention: '', notes: '',
  }, at.toISOString());
  return id;
}

/** A test context at a fixed width, without colour, and one more context on the same database. */
export function world(opts: TestCtxOptions = {}) {
  const ctx = createTestCtx({ columns: 60, color: false, ...opts });
  return { ctx, store: ctx.testStore, again: (more: TestCtxOptions = {}) => createTestCtx({ columns: 60, color: false, ...opts, ...more, store: ctx.testStore }) };
}

/** A context whose database does not exist: existingStore() finds nothing, and store() must not be called. */
export function noDatabaseCtx(opts: TestCtxOptions = {}) {
  const ctx = createTestCtx({ columns: 60, color: false, ...opts });
  let created = false;
  return {
    ctx: { ...ctx, existingStore: () => undefined, store: () => { created = true; throw new Error('store() must not be called'); } },
    created: () => created,
  };
}

export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the command to fail');
}
