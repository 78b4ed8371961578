// Reads prompt packs from YAML and checks them (yaml and zod live here): the
// built-in ones in prompts/, then the user's own in the config folder's
// prompts/ (same id overrides). A broken user pack is reported and skipped;
// it never stops the built-in packs from working. Runs load packs through
// built-in.ts, which ships the built-in ones pre-validated.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Pack } from '../domain/packs.js';
import { UsageError } from '../errors.js';
import { builtInPromptsDir } from './built-in.js';
import { CORE_METRIC_RANGES, type MetricRange } from '../domain/metrics.js';
import { parsePack } from './schema.js';

export { builtInPromptsDir, packageRoot } from './built-in.js';

export interface PackProblem {
  file: string;
  errors: string[];
}

/** The user's prompts folder exists but cannot be listed: its packs are not in use until it is fixed. */
export interface FolderProblem {
  dir: string;
  /** "permission denied", "not a folder", or the system's code. */
  reason: string;
}

export interface LoadedPacks {
  packs: Map<string, Pack>;
  problems: PackProblem[];
  folderProblem?: FolderProblem;
}

/** Reads and validates one pack file; errors are "file: question "x" field "y": message" lines. */
export function readPackFile(file: string, fixed: ReadonlyMap<string, MetricRange> = CORE_METRIC_RANGES): { pack: Pack } | { errors: string[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const reason = folderReason(err);
    return { errors: [reason === undefined ? `${file}: there is no such file` : `${file}: can't be read (${reason})`] };
  }
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true, maxAliasCount: 100, merge: true });
  } catch (err) {
    const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    return { errors: [`${file}: not valid YAML${line ? ` (line ${line})` : ''}: ${(err as Error).message.split('\n')[0]}`] };
  }
  const result = parsePack(data, fixed);
  if ('errors' in result) return { errors: result.errors.map((e) => `${file}: ${e}`) };
  return { pack: { ...result.pack, file } };
}

/** Why a folder cannot be listed, in words; undefined when it simply does not exist (no packs of one's own yet). */
export function folderReason(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return undefined;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'it is not a folder';
  return code ?? (err as Error).message;
}

function yamlFiles(dir: string): { files: string[] } | FolderProblem {
  try {
    return { files: fs.readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f)).sort().map((f) => path.join(dir, f)) };
  } catch (err) {
    const reason = folderReason(err);
    return reason === undefined ? { files: [] } : { dir, reason };
  }
}

/** `builtInDir` null reads the user's packs only. */
export function loadPacks(
  userDir: string | undefined,
  builtInDir: string | null = builtInPromptsDir(),
  /** Without builtInDir: the ranges user packs are held to (fixedMetricRanges of the built-in packs already read). */
  userRanges: ReadonlyMap<string, MetricRange> = CORE_METRIC_RANGES,
): LoadedPacks {
  const packs = new Map<string, Pack>();
  const problems: PackProblem[] = [];
  let folderProblem: FolderProblem | undefined;
  let fixed = userRanges;
  for (const [dir, source] of [[builtInDir, 'built-in'], [userDir, 'user']] as const) {
    if (!dir) continue;
    const listed = yamlFiles(dir);
    if ('reason' in listed) {
      // The built-in folder is part of the install: not being able to read it is a broken install, not a choice.
      if (source === 'built-in') throw new Error(`cannot read the built-in prompt packs in ${dir} (${listed.reason})`);
      folderProblem = listed;
      continue;
    }
    for (const file of listed.files) {
      const result = readPackFile(file, fixed);
      if ('errors' in result) problems.push({ file, errors: result.errors });
      else packs.set(result.pack.id, { ...result.pack, origin: source });
    }
    // User packs are held to the ranges of the core metrics and of those the built-in packs record.
    if (source === 'built-in') fixed = fixedMetricRanges([...packs.values()]);
  }
  return { packs, problems, ...(folderProblem ? { folderProblem } : {}) };
}

/** The core metrics' ranges plus those the given (built-in) packs' scale and number questions set. */
export function fixedMetricRanges(builtIn: readonly Pack[]): ReadonlyMap<string, MetricRange> {
  const ranges = new Map(CORE_METRIC_RANGES);
  for (const pack of builtIn) {
    for (const q of pack.questions) {
      if (!q.metric || ranges.has(q.metric) || q.min === undefined || q.max === undefined) continue;
      ranges.set(q.metric, { min: q.min, max: q.max, integer: q.type === 'scale', source: pack.id });
    }
    // An assessment's score (phq9, who5, ...) spans its bands.
    const scoring = pack.scoring;
    if (scoring && !ranges.has(scoring.metric)) {
      ranges.set(scoring.metric, {
        min: Math.min(...scoring.bands.map((b) => b.min)), max: Math.max(...scoring.bands.map((b) => b.max)), integer: false, source: pack.id,
      });
    }
  }
  return ranges;
}

/** The ranges a user's pack is checked against: the core metrics' and the built-in packs'. */
export function userPackRanges(builtInDir = builtInPromptsDir()): ReadonlyMap<string, MetricRange> {
  return fixedMetricRanges([...loadPacks(undefined, builtInDir).packs.values()]);
}


/** Reads an answers file (JSON or YAML, "-" for stdin text already read) into a plain object. */
export function parseAnswersText(text: string, source: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 100 }); // YAML is a superset of JSON
  } catch (err) {
    throw new UsageError(`${source} is not valid JSON or YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UsageError(`${source} must be an object keyed by question id, e.g. {"mood": 6, "note": "..."}.`);
  }
  return data as Record<string, unknown>;
}
