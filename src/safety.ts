// The calm response shown when someone signals they may be in danger. It never
// blocks saving, never contacts anyone, and is shown at most once per run.
import type { Ctx } from './context.js';
import {
  chooseRegion, coverage, INTERNATIONAL, localeCountry, regionName, resourcesFor,
  type Line, type RegionCandidate, type RegionChoice, type Resources,
} from './domain/crisis.js';
import { isRiskFlag, type SafetyFlagKind } from './domain/safety.js';
import { sanitizeLine } from './render/sanitize.js';
import { wrapItems } from './render/wrap.js';

const shownFor = new WeakSet<Ctx>();

/** How to change the region, in one line (names no country's number). */
export const SET_REGION_HINT = 'integrate config set region XX (integrate crisis --list shows the codes)';

/** Where a region may come from, strongest first: --region, INTEGRATE_REGION, the setting, the locale. */
export function regionCandidates(ctx: Ctx, explicitRegion?: string): RegionCandidate[] {
  let configured: string | undefined;
  try {
    configured = ctx.config().region;
  } catch {
    // A broken config file must never stand between someone and these numbers.
  }
  const candidates: RegionCandidate[] = [];
  if (explicitRegion !== undefined) candidates.push({ origin: 'flag', value: explicitRegion });
  if (ctx.env.INTEGRATE_REGION) candidates.push({ origin: 'env', value: ctx.env.INTEGRATE_REGION, variable: 'INTEGRATE_REGION' });
  if (configured) candidates.push({ origin: 'config', value: configured });
  // POSIX order: LC_ALL overrides LANG. An LC_ALL that names no country at all
  // (C, POSIX, often set by scripts) says nothing about where someone is, so LANG still counts.
  if (ctx.env.LC_ALL) candidates.push({ origin: 'locale', value: ctx.env.LC_ALL, variable: 'LC_ALL' });
  if (ctx.env.LANG && (!ctx.env.LC_ALL || !localeCountry(ctx.env.LC_ALL))) candidates.push({ origin: 'locale', value: ctx.env.LANG, variable: 'LANG' });
  return candidates;
}

export interface CrisisReport {
  choice: RegionChoice;
  resources: Resources;
  /** One line per explicit region integrate could not use. */
  warnings: string[];
}

/** Which lines to show for this run, where the choice came from, and what was passed over. */
export function crisisReport(ctx: Ctx, explicitRegion?: string): CrisisReport {
  const choice = chooseRegion(regionCandidates(ctx, explicitRegion));
  const resources = resourcesFor(choice.region);
  const instead = choice.region && choice.from
    ? `${choice.region === INTERNATIONAL ? 'the international directory' : `lines for ${regionName(choice.region)}`} (${originText(choice.from)})`
    : 'the international directory';
  const warnings = choice.skipped
    .filter((s) => s.candidate.origin !== 'locale')
    .map((s) => `${explicitLabel(s.candidate)}: no crisis lines for ${describeCode(s.candidate.value, s.code)} in integrate; showing ${instead}. See integrate crisis --list.`);
  return { choice, resources, warnings };
}

/** "from your locale en_GB.UTF-8", "from your settings", "from INTEGRATE_REGION", "from --region". */
export function originText(from: RegionCandidate): string {
  switch (from.origin) {
    case 'flag': return 'from --region';
    case 'env': return 'from INTEGRATE_REGION';
    case 'config': return 'from your settings';
    case 'locale': return `from your locale ${sanitizeLine(from.value)}`;
  }
}

function explicitLabel(c: RegionCandidate): string {
  if (c.origin === 'flag') return `--region ${JSON.stringify(sanitizeLine(c.value))}`;
  if (c.origin === 'env') return `INTEGRATE_REGION=${JSON.stringify(sanitizeLine(c.value))}`;
  return `The region setting ${JSON.stringify(sanitizeLine(c.value))}`;
}

function describeCode(value: string, code: string | undefined): string {
  if (!code) return `"${sanitizeLine(value)}" (not a two-letter country code)`;
  const name = regionName(code);
  return name === code ? code : `${name} (${code})`;
}

function bullet(line: Line): string {
  // Peer support is labelled so nobody mistakes it for a crisis service.
  const name = line.kind !== 'peer' ? line.name
    : line.name.endsWith(')') ? `${line.name.slice(0, -1)}, not an emergency service)` : `${line.name} (not an emergency service)`;
  return `  • ${name}: ${line.contact}${line.hours ? ` · ${line.hours}` : ''}`;
}

/** "Australia, from your locale en_AU.UTF-8", or a note that no country is known, for the welcome screen. */
export function regionSummary(ctx: Ctx): string {
  const { choice, resources } = crisisReport(ctx);
  if (!choice.region || !choice.from) return 'no country known yet';
  if (choice.region === INTERNATIONAL) return `international directory only, ${originText(choice.from)}`;
  return `${resources.region!.name}, ${originText(choice.from)}`;
}

/** The lines as bullets: emergency number, national lines, then the international directory. */
function bullets(r: Resources): string[] {
  const local = r.emergency
    ? [`  • Emergency services${r.region ? ` (${r.region.name})` : ''}: ${r.emergency.contact}`, ...r.lines.map(bullet)]
    : ['  • Your local emergency number'];
  return [...local, ...r.international.map(bullet)];
}

/** One or two sentences on which country this is for and how to change it. */
function regionNote(report: CrisisReport, detail: boolean): string[] {
  const { choice, resources } = report;
  const region = choice.region;
  if (!region) {
    const guessed = choice.skipped.find((s) => s.candidate.origin === 'locale' && s.code);
    const why = guessed
      ? `integrate has no lines for ${regionName(guessed.code!)} (your locale ${sanitizeLine(guessed.candidate.value)}) yet; findahelpline.com lists them.`
      : 'integrate does not know your country, so it shows no national lines.';
    return [why, `To set your country: ${SET_REGION_HINT}`];
  }
  const from = originText(choice.from!);
  if (region === INTERNATIONAL) return [`Showing the international directory only (${from}). To change it: ${SET_REGION_HINT}`];
  const name = resources.region!.name;
  const only112 = coverage(region) === 'eu-112'
    ? [`integrate lists only the EU emergency number 112 for ${name}; findahelpline.com has its crisis lines.`]
    : [];
  if (!detail) {
    // After saving, stay short, but say when the country was only guessed.
    return choice.from!.origin === 'locale' ? [...only112, `Lines for ${name}, ${from}. Not where you are? ${SET_REGION_HINT}`] : only112;
  }
  return [...only112, `Lines for ${name} (${region}), ${from}. To change it: ${SET_REGION_HINT}`];
}

/**
 * The resources as text. `detail` (integrate crisis, help crisis) also says
 * where the region came from and how to change it; without it (after saving)
 * only a guessed or missing region gets a line.
 */
export function crisisText(ctx: Ctx, explicitRegion?: string, opts: { detail?: boolean } = {}): string {
  return crisisTextFor(crisisReport(ctx, explicitRegion), opts.detail ?? false);
}

const REACH_OUT = 'If you are in danger or thinking about ending your life, please reach out now';

/** `afterReason`: the line just before already says the person need not be alone with it, so the list does not say it again. */
export function crisisTextFor(report: CrisisReport, detail: boolean, afterReason = false): string {
  return [
    afterReason ? `${REACH_OUT}:` : `${REACH_OUT} — you do not have to carry this alone:`,
    ...bullets(report.resources),
    'integrate is not monitored by anyone, so it cannot send help. Your therapist or care team wants to know how you are doing.',
    ...regionNote(report, detail),
  ].join('\n');
}

/** Wraps crisis text to `width` at word boundaries; a bullet's contact is kept whole, so a phone number never breaks. */
export function wrapCrisisText(text: string, width: number): string {
  return text.split('\n').flatMap((line) => {
    if (!line.startsWith('  • ')) return line ? wrapItems(line.split(' '), width) : [''];
    const [, name = '', contact] = /^ {2}• (.*?)(?:: (.*))?$/.exec(line)!;
    const items = name.split(' ');
    if (contact !== undefined) items[items.length - 1] += ':';
    return wrapItems(contact === undefined ? items : [...items, contact], width - 4)
      .map((l, i) => `${i === 0 ? '  • ' : '    '}${l}`);
  }).join('\n');
}

/** The width crisis text is wrapped to: the terminal's, within 40 to 100 columns. */
export function crisisWidth(ctx: Ctx): number {
  return Math.max(40, Math.min(ctx.io.columns, 100));
}

/** Shows the resources once per run, on stderr, whatever else happens. */
export function offerSupport(ctx: Ctx, reason: string): void {
  if (shownFor.has(ctx)) return;
  shownFor.add(ctx);
  const report = crisisReport(ctx);
  // The list is introduced without "you do not have to carry this alone" only when the line before says so already.
  const text = [...report.warnings, crisisTextFor(report, false, /\balone\b/i.test(reason))].join('\n');
  ctx.io.err(`\n${ctx.io.c.bold(reason)}\n${wrapCrisisText(text, crisisWidth(ctx))}\n\n`);
}

/** A warm first line that fits what was noticed. */
export function supportReason(kinds: readonly SafetyFlagKind[]): string {
  if (kinds.includes('safety-question') || kinds.includes('phq9-item9') || kinds.includes('safety-item')) {
    return 'Thank you for answering that honestly. You deserve support right now.';
  }
  if (kinds.includes('phrase')) return 'Some of what you wrote sounds very heavy. You do not have to hold it alone.';
  return 'That sounds like a really hard day. You do not have to get through it alone.';
}

/** The gentle line for a mention (past, negated, someone else's, clinical): no list, just where to look. */
export const MENTION_POINTER = 'If any of this feels close right now, integrate crisis lists people you can reach at any hour.';

const pointedFor = new WeakSet<Ctx>();

/**
 * After saving: a risk flag shows the resources (once per run); a mention alone
 * gets one quiet line pointing to `integrate crisis` (once per run, and never
 * after the resources themselves). On stderr, never blocking.
 */
export function respondToFlags(ctx: Ctx, kinds: readonly SafetyFlagKind[]): void {
  if (kinds.length === 0) return;
  if (isRiskFlag(kinds)) {
    offerSupport(ctx, supportReason(kinds));
    return;
  }
  if (shownFor.has(ctx) || pointedFor.has(ctx)) return;
  pointedFor.add(ctx);
  ctx.io.err(`${ctx.io.c.dim(MENTION_POINTER)}\n`);
}
