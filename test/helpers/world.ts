// Shared building blocks for command tests: an in-memory database with
// contexts (runs) on it, an entry builder, temp folders, and awaiting a failure.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createTestCtx, type TestCtxOptions } from '../../src/context.js';
import type { Entry } from '../../src/domain/entries.js';
import type { Store } from '../../src/store/index.js';

/** A fresh in-memory database; `ctx(...)` makes contexts on it (with `defaults` under each run's options). */
export function testWorld(defaults: TestCtxOptions = {}) {
  const store = createTestCtx().testStore;
  return {
    store,
    ctx: (opts: TestCtxOptions = {}) => createTestCtx({ ...defaults, ...opts, store }),
    entries: () => store.entries.list({ limit: 10_000 }),
  };
}

/** Inserts a check-in on 2026-11-20 09:00 UTC (10:00 Berlin), with any field overridden. */
export function insertEntry(store: Store, overrides: Partial<Entry>): Entry {
  const entry: Entry = {
    id: crypto.randomUUID(), createdAt: '2026-11-20T09:00:00.000Z', utcOffset: 60, localDate: '2026-11-20',
    kind: 'checkin', pack: null, private: false, starred: false, text: '', metrics: {}, practices: [], tags: [],
    ...overrides,
  };
  store.entries.insert(entry);
  return entry;
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the command to fail');
}

/** A maker of temp folders, all removed after each test. */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}
