import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { cadenceInstrument, DEFAULT_CONFIG, knownKey, readConfigFile, settingKeys, specOf, writeConfigFile } from '../config.js';
import { UsageError } from '../errors.js';
import { sanitizeLine } from '../render/sanitize.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';
import { toJson } from '../render/json.js';

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate config': [
    { cmd: 'integrate config list', why: 'every setting, its value and what it does' },
    { cmd: 'integrate config set region GB', why: 'crisis lines for the United Kingdom' },
    { cmd: 'integrate config set cadence.who5 14', why: 'WHO-5 every two weeks' },
  ],
  'integrate config list': [
    { cmd: 'integrate config list', why: 'values and defaults' },
  ],
  'integrate config get': [
    { cmd: 'integrate config get weekStart', why: 'monday unless you changed it' },
  ],
  'integrate config set': [
    { cmd: 'integrate config set dateFormat DD.MM.YYYY', why: 'dates as 21.11.2026 in lists' },
  ],
  'integrate config unset': [
    { cmd: 'integrate config unset dateFormat', why: 'back to YYYY-MM-DD' },
  ],
  'integrate config path': [
    { cmd: 'integrate config path', why: 'the settings file (may not exist yet)' },
  ],
} satisfies CommandExamples;

export function registerConfig(program: Command, ctx: Ctx): void {
  const cmd = program.command('config').description('your settings: region, editor, default pack, reminders, week start, date format')
    .addHelpText('before', examplesHelp(examples['integrate config']))
    .addHelpText('after', related(['crisis', 'assess', 'help privacy']));
  cmd.command('list').description('show every setting').option('--json', 'print JSON')
    .addHelpText('before', examplesHelp(examples['integrate config list']))
    .action((opts: { json?: boolean }) => runConfigList(opts, ctx));
  cmd.command('get').description('print one setting').argument('<key>', 'a setting name')
    .addHelpText('before', examplesHelp(examples['integrate config get']))
    .action((key: string) => runConfigGet(key, ctx));
  cmd.command('set').description('change a setting').argument('<key>', 'a setting name').argument('<value>', 'the new value')
    .addHelpText('before', examplesHelp(examples['integrate config set']))
    .action((key: string, value: string) => runConfigSet(key, value, ctx));
  cmd.command('unset').description('go back to the default').argument('<key>', 'a setting name')
    .addHelpText('before', examplesHelp(examples['integrate config unset']))
    .action((key: string) => runConfigUnset(key, ctx));
  cmd.command('path').description('where the settings file is')
    .addHelpText('before', examplesHelp(examples['integrate config path']))
    .action(() => ctx.io.out(`${ctx.configPath()}\n`));
}

/** The installed instruments' cadences from their packs, by id: what `cadence.<id>` falls back to. */
async function instrumentCadences(ctx: Ctx): Promise<Map<string, number>> {
  const { loadAllPacks } = await import('../packs/installed.js');
  const { instrumentsOf } = await import('../domain/assessments.js');
  return new Map(instrumentsOf((await loadAllPacks(ctx, false)).packs.values()).map((p) => [p.id, p.cadenceDays]));
}

/** Checks the key; a cadence key must name an installed questionnaire. Returns its default, or '(not set)'. */
async function defaultOf(key: string, ctx: Ctx): Promise<string> {
  knownKey(key);
  const instrument = cadenceInstrument(key);
  if (instrument !== undefined) {
    const cadences = await instrumentCadences(ctx);
    const days = cadences.get(instrument);
    if (days === undefined) {
      throw new UsageError(`There is no questionnaire "${sanitizeLine(instrument)}" to set a cadence for. Questionnaires: ${[...cadences.keys()].join(', ')}.`);
    }
    return String(days);
  }
  const value = (DEFAULT_CONFIG as unknown as Record<string, unknown>)[key];
  return value === undefined ? '(not set)' : String(value);
}

export async function runConfigList(opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  const values = readConfigFile(ctx.configPath());
  const cadences = await instrumentCadences(ctx);
  const keys = settingKeys([...cadences.keys()]);
  if (opts.json) {
    ctx.io.out(`${toJson(Object.fromEntries(keys.map((k) => [k, values[k] ?? null])), 2)}\n`);
    return;
  }
  const width = Math.max(...keys.map((k) => k.length));
  const lines = await Promise.all(keys.map(async (key) => {
    const fallback = await defaultOf(key, ctx);
    const value = values[key] === undefined ? ctx.io.c.dim(fallback === '(not set)' ? fallback : `${fallback} (default)`) : sanitizeLine(String(values[key]));
    return `${key.padEnd(width)}  ${value}\n${' '.repeat(width + 2)}${ctx.io.c.dim(specOf(key)!.describe)}`;
  }));
  ctx.io.out(`${lines.join('\n')}\n`);
}

export async function runConfigGet(key: string, ctx: Ctx): Promise<void> {
  const fallback = await defaultOf(key, ctx);
  const value = readConfigFile(ctx.configPath())[key];
  ctx.io.out(`${value === undefined ? fallback : sanitizeLine(String(value))}\n`);
}

export async function runConfigSet(key: string, raw: string, ctx: Ctx): Promise<void> {
  const spec = knownKey(key);
  await defaultOf(key, ctx);
  const value = spec.parse(raw);
  const note = spec.check?.(value);
  const file = ctx.configPath();
  const values = readConfigFile(file);
  values[key] = value;
  writeConfigFile(file, values, ctx.dbPath().path);
  ctx.io.err(`Set ${key} to ${sanitizeLine(String(value))}.${note ? ` ${note}` : ''}\n`);
}

export async function runConfigUnset(key: string, ctx: Ctx): Promise<void> {
  const file = ctx.configPath();
  const values = readConfigFile(file);
  // Keys without a default (region, editor, defaultPack) are simply not set.
  // A cadence set for a questionnaire that was since removed can still be removed.
  const gone = key in values && cadenceInstrument(key) !== undefined;
  const fallback = gone ? await defaultOf(key, ctx).catch(() => '(not set)') : await defaultOf(key, ctx);
  const hasDefault = fallback !== '(not set)';
  if (!(key in values)) {
    ctx.io.err(hasDefault ? `${key} was not set; it stays at its default (${fallback}).\n` : `${key} was not set.\n`);
    return;
  }
  delete values[key];
  writeConfigFile(file, values, ctx.dbPath().path);
  ctx.io.err(hasDefault ? `Removed ${key}; back to the default (${fallback}).\n` : `Removed ${key}; it is not set now.\n`);
}
