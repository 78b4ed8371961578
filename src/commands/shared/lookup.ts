import type { Ctx } from '../../context.js';
import type { Entry } from '../../domain/entries.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { sanitizeLine } from '../../render/sanitize.js';

interface ByPrefix<T> {
  idsWithPrefix(prefix: string): string[];
  get(id: string): T | undefined;
}

/**
 * Finds a record by its id or any unique prefix of at least 4 characters, like
 * git: one shape for entries, sessions and intentions, with their own words.
 */
export function findByPrefix<T>(
  raw: string,
  repo: ByPrefix<T> | undefined,
  words: { noun: string; invalid: string; seeAlso: string },
): T {
  const prefix = raw.trim().toLowerCase();
  if (!/^[0-9a-f-]{4,36}$/.test(prefix)) throw new UsageError(`"${sanitizeLine(raw)}" ${words.invalid}`);
  const ids = repo?.idsWithPrefix(prefix) ?? [];
  if (ids.length === 0) throw new NotFoundError(`No ${words.noun} with id ${prefix}. ${words.seeAlso}`);
  if (ids.length > 1) throw new UsageError(`The id ${prefix} matches more than one ${words.noun}; give more characters.`);
  return repo!.get(ids[0]!)!;
}

/** Finds an entry by its id or any unique prefix of at least 4 characters. */
export function findEntry(ctx: Ctx, rawId: string): Entry {
  return findByPrefix(rawId, ctx.existingStore()?.entries, {
    noun: 'entry',
    invalid: 'is not an entry id. Use the id (or its first 4+ characters) shown by integrate list.',
    seeAlso: 'See integrate list for ids.',
  });
}
