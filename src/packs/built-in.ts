// The packs a run uses: the built-in ones, then the user's own from the
// config folder (same id overrides). prompts/*.yaml is the source; the build
// reads and validates it once and ships the result as JSON inside the bundle
// (scripts/build.mjs), so a run that needs only the built-in packs (home,
// assess, journal without packs of one's own) loads neither yaml nor zod.
// Run from src/ (tests), there is no JSON and the YAML is read as before.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pack } from '../domain/packs.js';
import type { LoadedPacks } from './load.js';

/** The validated built-in packs as JSON (`file` is the name in prompts/), defined by the build; undeclared in src/. */
declare const __INTEGRATE_BUILT_IN_PACKS__: string | undefined;

/** The built-in packs as the build shipped them, or undefined when running from src/. */
export function shippedPacks(): Pack[] | undefined {
  return typeof __INTEGRATE_BUILT_IN_PACKS__ === 'string' ? (JSON.parse(__INTEGRATE_BUILT_IN_PACKS__) as Pack[]) : undefined;
}

/** The installed package's root (holds package.json and prompts/), from src/ or dist/. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'prompts'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the integrate package folder (prompts/ is missing)');
    dir = parent;
  }
}

export function builtInPromptsDir(): string {
  return path.join(packageRoot(), 'prompts');
}

/** Whether the user's folder may hold packs: a folder that cannot be read is left to the full loader to report. */
function mayHoldPacks(dir: string): boolean {
  try {
    return fs.readdirSync(dir).some((f) => /\.ya?ml$/i.test(f));
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

let fromSource: Pack[] | null | undefined;

/**
 * Run from src/ (tests, development): prompts/*.yaml read and validated once
 * per process, then copied for each caller like the shipped JSON. With a
 * problem in a built-in pack, null: every load then reports it.
 */
async function sourcePacks(): Promise<Pack[] | undefined> {
  if (fromSource === undefined) {
    const dir = builtInPromptsDir();
    const { packs, problems } = (await import('./load.js')).loadPacks(undefined, dir);
    fromSource = problems.length ? null : [...packs.values()].map((pack) => ({ ...pack, file: path.basename(pack.file!) }));
  }
  return fromSource ? structuredClone(fromSource) : undefined;
}

/** Built-in and user packs; yaml and zod are imported only for user packs (or when running from src/). */
export async function loadInstalledPacks(userDir: string | undefined): Promise<LoadedPacks> {
  const shipped = shippedPacks() ?? (await sourcePacks());
  if (!shipped) return (await import('./load.js')).loadPacks(userDir); // a broken built-in pack: reported on every load
  const dir = builtInPromptsDir();
  const packs = new Map<string, Pack>(shipped.map((pack) => [pack.id, { ...pack, file: path.join(dir, pack.file!) }]));
  if (!userDir || !mayHoldPacks(userDir)) return { packs, problems: [] };
  const load = await import('./load.js');
  // Held to the same ranges as when the built-in packs are read from YAML first.
  const user = load.loadPacks(userDir, null, load.fixedMetricRanges([...packs.values()]));
  for (const [id, pack] of user.packs) packs.set(id, pack);
  return { packs, problems: user.problems, ...(user.folderProblem ? { folderProblem: user.folderProblem } : {}) };
}
