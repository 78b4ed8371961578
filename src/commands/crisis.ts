// `integrate crisis`: the crisis lines for your country, where that country
// came from and how to change it; --list for the countries covered, --json
// for the lines as data with their sources.
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import {
  CRISIS_DATA, coveredRegions, euEmergencyRegions, regionName, type Emergency, type Line,
} from '../domain/crisis.js';
import { crisisReport, crisisTextFor, crisisWidth, wrapCrisisText } from '../safety.js';
import { wrapItems } from '../render/wrap.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';

export interface CrisisOptions {
  region?: string;
  list?: boolean;
  json?: boolean;
}

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate crisis': [
    { cmd: 'integrate crisis', why: 'lines for your country, and where that country came from' },
    { cmd: 'integrate crisis --region AU', why: 'for Australia, whatever your settings say' },
    { cmd: 'integrate crisis --list', why: 'the countries covered' },
    { cmd: 'integrate config set region NZ', why: 'remember your country' },
  ],
} satisfies CommandExamples;

export function registerCrisis(program: Command, ctx: Ctx): void {
  program
    .command('crisis')
    .description('where to find help right now: crisis lines and emergency numbers')
    .option('--region <code>', 'a two-letter country code such as AU, GB or DE, or "international" (default: INTEGRATE_REGION, your region setting, then your locale)')
    .option('--list', 'the countries integrate has crisis lines for')
    .option('--json', 'print the lines, each with its source and check date, as JSON')
    .addHelpText('before', examplesHelp(examples['integrate crisis']))
    .addHelpText('after', related(['help crisis', 'config set region']))
    .action((opts: CrisisOptions) => runCrisis(opts, ctx));
}

export async function runCrisis(opts: CrisisOptions, ctx: Ctx): Promise<void> {
  if (opts.list) {
    listRegions(opts, ctx);
    return;
  }
  const report = crisisReport(ctx, opts.region);
  // One line each, as every warning is.
  for (const warning of report.warnings) ctx.io.err(`${warning}\n`);
  const { choice, resources } = report;
  if (opts.json) {
    ctx.io.out(`${JSON.stringify({
      region: resources.region ?? null,
      from: choice.from ? { origin: choice.from.origin, value: choice.from.value, variable: choice.from.variable ?? null } : null,
      emergency: resources.emergency ?? null,
      lines: resources.lines,
      international: resources.international,
    }, null, 2)}\n`);
    return;
  }
  const shown: (Line | Emergency)[] = [...(resources.emergency ? [resources.emergency] : []), ...resources.lines, ...resources.international];
  const dates = shown.map((l) => l.lastVerified).sort();
  const checked = dates[0] === dates.at(-1) ? `on ${dates[0]}` : `between ${dates[0]} and ${dates.at(-1)}`;
  const footer = `These lines were checked against their sources ${checked} (integrate crisis --json shows each source). If a number does not work, call your local emergency number.`;
  const width = crisisWidth(ctx);
  ctx.io.out(`${wrapCrisisText(crisisTextFor(report, true), width)}\n\n${ctx.io.c.dim(wrapCrisisText(footer, width))}\n`);
}

function listRegions(opts: CrisisOptions, ctx: Ctx): void {
  const covered = coveredRegions().map((code) => {
    const entry = CRISIS_DATA.regions[code]!;
    return { code, name: entry.name, emergency: entry.emergency.contact, lines: entry.lines.length };
  });
  const eu112 = euEmergencyRegions().map((code) => ({ code, name: regionName(code) }));
  if (opts.json) {
    ctx.io.out(`${JSON.stringify({ regions: covered, emergencyOnly: eu112, international: CRISIS_DATA.international }, null, 2)}\n`);
    return;
  }
  const width = Math.max(...covered.map((r) => r.name.length));
  const wrap = (text: string) => wrapItems(text.split(' '), crisisWidth(ctx)).join('\n');
  ctx.io.out(`${[
    wrap('Countries with their own crisis lines (integrate crisis --region CODE, or integrate config set region CODE):'),
    ...covered.map((r) => `  ${r.code}  ${r.name.padEnd(width)}  emergency: ${r.emergency}`),
    '',
    wrap(`EU countries with the emergency number 112 only: ${eu112.map((r) => `${r.code} ${r.name}`).join(', ')}.`),
    wrap(`Everyone else, and for more lines anywhere: ${CRISIS_DATA.international.map((l) => l.contact).join(', ')} (the region "international" shows only this).`),
  ].join('\n')}\n`);
}
