// Where the prompt packs come from: the built-in ones shipped with the build
// and the user's own folder. Shared by journal, assess, prompts, home, summary.
import path from 'node:path';
import type { Ctx } from '../context.js';
import { sanitizeLine } from '../render/sanitize.js';
import type { FolderProblem, LoadedPacks } from './load.js';

export function userPromptsDir(ctx: Ctx): string {
  return path.join(ctx.configDir(), 'prompts');
}

/** Built-in packs come pre-validated with the build; yaml and zod are loaded only for the user's own packs. */
export async function loadAllPacks(ctx: Ctx, warn = true): Promise<LoadedPacks> {
  const { loadInstalledPacks } = await import('./built-in.js');
  const loaded = await loadInstalledPacks(userPromptsDir(ctx));
  // Said even where pack warnings are not (--json, home): without it one's own packs would just be missing.
  if (loaded.folderProblem) ctx.io.err(`${folderProblemText(loaded.folderProblem)}\n`);
  if (warn) {
    for (const problem of loaded.problems) {
      const file = sanitizeLine(problem.file);
      ctx.io.err(`Skipped your prompt pack ${file} (${problem.errors.length} problem${problem.errors.length === 1 ? '' : 's'}; see integrate prompts validate ${file}).\n`);
    }
  }
  return loaded;
}


/** One line: what is wrong with the prompts folder, that the built-in packs still work, and how to fix it. */
export function folderProblemText(problem: FolderProblem): string {
  const dir = sanitizeLine(problem.dir);
  const fix = problem.reason === 'it is not a folder'
    ? `move that file away and make a folder there (mkdir -p "${dir}")`
    : `check its owner and permissions (ls -ld "${dir}"; chmod u+rwx "${dir}")`;
  return `Your prompt packs folder ${dir} can't be read (${problem.reason}), so only the built-in packs are in use; ${fix}.`;
}
