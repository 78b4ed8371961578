// Where the prompt packs come from: the built-in ones shipped with the build
// and the user's own folder. Shared by journal, assess, prompts, home, summary.
import path from 'node:path';
import type { Ctx } from '../context.js';
import { sanitizeLine } from '../render/sanitize.js';
import type { LoadedPacks } from './load.js';

export function userPromptsDir(ctx: Ctx): string {
  return path.join(ctx.configDir(), 'prompts');
}

/** Built-in packs come pre-validated with the build; yaml and zod are loaded only for the user's own packs. */
export async function loadAllPacks(ctx: Ctx, warn = true): Promise<LoadedPacks> {
  const { loadInstalledPacks } = await import('./built-in.js');
  const loaded = await loadInstalledPacks(userPromptsDir(ctx));
  if (warn) {
    for (const problem of loaded.problems) {
      const file = sanitizeLine(problem.file);
      ctx.io.err(`Skipped your prompt pack ${file} (${problem.errors.length} problem${problem.errors.length === 1 ? '' : 's'}; see integrate prompts validate ${file}).\n`);
    }
  }
  return loaded;
}

