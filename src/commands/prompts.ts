import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';
import { requirePackIn } from '../domain/packs.js';
import { cadenceOf, isInstrument } from '../domain/assessments.js';
import { sanitizeLine } from '../render/sanitize.js';
import { truncate } from '../render/text.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { loadAllPacks, userPromptsDir } from '../packs/installed.js';
import { toJson } from '../render/json.js';
import { byCodeUnit } from '../domain/order.js';
import { packSummaryJson } from '../domain/json-shapes.js';

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate prompts': [
    { cmd: 'integrate prompts list', why: 'built-in and your own packs' },
    { cmd: 'integrate prompts show post-session', why: 'the questions in a pack' },
    { cmd: 'integrate prompts validate my-pack.yaml', why: 'check a pack you wrote' },
  ],
  'integrate prompts list': [
    { cmd: 'integrate prompts list', why: 'id, title and where each comes from' },
  ],
  'integrate prompts show': [
    { cmd: 'integrate prompts show weekly', why: 'the weekly review' },
  ],
  'integrate prompts validate': [
    { cmd: 'integrate prompts validate evening.yaml', why: 'before copying it into your prompts folder' },
  ],
} satisfies CommandExamples;

export function registerPrompts(program: Command, ctx: Ctx): void {
  const cmd = program.command('prompts').description('the prompt packs journal uses: list, show, validate your own')
    .addHelpText('before', examplesHelp(examples['integrate prompts']))
    .addHelpText('after', related(['journal', 'help packs']));
  cmd.command('list').description('list prompt packs').option('--json', 'print JSON')
    .addHelpText('before', examplesHelp(examples['integrate prompts list']))
    .action((opts: { json?: boolean }) => runPromptsList(opts, ctx));
  cmd.command('show').description('show the questions of a pack').argument('<id>', 'pack id').option('--json', 'print JSON')
    .addHelpText('before', examplesHelp(examples['integrate prompts show']))
    .action((id: string, opts: { json?: boolean }) => runPromptsShow(id, opts, ctx));
  cmd.command('validate').description('check a pack file and report every problem').argument('<file>', 'a YAML pack file')
    .addHelpText('before', examplesHelp(examples['integrate prompts validate']))
    .action((file: string) => runPromptsValidate(file, ctx));
}

export async function runPromptsList(opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  const loaded = await loadAllPacks(ctx, !opts.json);
  const packs = [...loaded.packs.values()].sort((a, b) => byCodeUnit(a.id, b.id));
  if (opts.json) {
    ctx.io.out(`${toJson(packs.map(packSummaryJson), 2)}\n`);
    return;
  }
  const width = Math.max(...packs.map((p) => p.id.length));
  ctx.io.out(`${packs.map((p) => truncate(`${sanitizeLine(p.id).padEnd(width)}  ${sanitizeLine(p.title)}  ${ctx.io.c.dim(`(${p.origin}; ${sanitizeLine(p.when)})`)}`, ctx.io.columns + 10)).join('\n')}\n`);
  ctx.io.err(`Your own packs go in ${sanitizeLine(userPromptsDir(ctx))} (see integrate help packs).\n`);
}

export async function runPromptsShow(id: string, opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  const pack = requirePackIn(await loadAllPacks(ctx, !opts.json), id);
  if (opts.json) {
    ctx.io.out(`${toJson(pack, 2)}\n`);
    return;
  }
  const { c } = ctx.io;
  const lines = [`${c.bold(sanitizeLine(pack.title))} ${c.dim(`(${pack.id} v${pack.version}, ${pack.origin})`)}`, sanitizeLine(pack.description)];
  if (pack.when) lines.push(c.dim(`When: ${sanitizeLine(pack.when)}`));
  if (pack.scoring) {
    const { bands, reliableChange, unit } = pack.scoring;
    lines.push(c.dim(`Bands (raw total): ${bands.map((b) => `${b.min}-${b.max} ${sanitizeLine(b.label)}`).join(', ')}`));
    lines.push(c.dim(reliableChange === undefined
      ? 'Reliable change: not set (changes are shown without calling them better or worse)'
      : `Reliable change: ${reliableChange}${unit === '%' ? ' percentage points' : sanitizeLine(unit ?? '')} or more`));
  }
  if (isInstrument(pack)) {
    const days = cadenceOf(pack, ctx.config().cadence);
    const own = days === pack.cadenceDays ? '' : ` (your setting; the pack says ${pack.cadenceDays})`;
    lines.push(c.dim(`Due every ${days} days${own}; change it with integrate config set cadence.${pack.id} N`));
  }
  if (pack.source) lines.push(`Source: ${sanitizeLine(pack.source)}`);
  lines.push('');
  pack.questions.forEach((q, i) => {
    const marks = [q.type, q.required ? 'required' : '', q.metric ? `metric ${q.metric}` : '', q.insight ? 'insight' : '', q.discuss ? 'discuss' : '', q.showIf ? `if ${(q.showIf.anyOf ?? [q.showIf.question]).join(' or ')}${q.showIf.above !== undefined ? ` above ${q.showIf.above}` : ''}` : '']
      .filter(Boolean).join(', ');
    lines.push(`${String(i + 1).padStart(2)}. ${sanitizeLine(q.prompt)} ${c.dim(`[${q.id}: ${sanitizeLine(marks)}]`)}`);
  });
  ctx.io.out(`${lines.join('\n')}\n`);
}

export async function runPromptsValidate(file: string, ctx: Ctx): Promise<void> {
  const { readPackFile, userPackRanges } = await import('../packs/load.js');
  const result = readPackFile(file, userPackRanges());
  if ('errors' in result) {
    // Every problem on its own line; the last one is thrown so the exit code is 2.
    for (const error of result.errors.slice(0, -1)) ctx.io.err(`integrate: ${sanitizeLine(error)}\n`);
    throw new UsageError(`${sanitizeLine(result.errors.at(-1)!)}${result.errors.length > 1 ? ` (${result.errors.length} problems)` : ''}`);
  }
  ctx.io.err(`${sanitizeLine(file)} is a valid pack: "${sanitizeLine(result.pack.title)}" (${result.pack.id}), ${result.pack.questions.length} questions.\n`);
}
