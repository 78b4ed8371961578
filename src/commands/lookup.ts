import type { Ctx } from '../context.js';
import type { Entry } from '../domain/entries.js';
import { NotFoundError, UsageError } from '../errors.js';
import { sanitizeLine } from '../render/sanitize.js';

/** Finds an entry by its id or any unique prefix of at least 4 characters, like git. */
export function findEntry(ctx: Ctx, rawId: string): Entry {
  const prefix = rawId.trim().toLowerCase();
  if (!/^[0-9a-f-]{4,36}$/.test(prefix)) {
    throw new UsageError(`"${sanitizeLine(rawId)}" is not an entry id. Use the id (or its first 4+ characters) shown by integrate list.`);
  }
  const store = ctx.existingStore();
  const ids = store?.entries.idsWithPrefix(prefix) ?? [];
  if (ids.length === 0) throw new NotFoundError(`No entry with id ${prefix}. See integrate list for ids.`);
  if (ids.length > 1) throw new UsageError(`The id ${prefix} matches more than one entry; give more characters.`);
  return store!.entries.get(ids[0]!)!;
}
