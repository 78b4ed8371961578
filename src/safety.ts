// The calm response shown when someone signals they may be in danger. It never
// blocks saving, never contacts anyone, and is shown at most once per run.
import type { Ctx } from './context.js';
import { regionFrom, resourcesFor, type Resource } from './domain/crisis.js';
import { isRiskFlag, type SafetyFlagKind } from './domain/safety.js';
import { wrapItems } from './render/wrap.js';

const shownFor = new WeakSet<Ctx>();

export function crisisText(ctx: Ctx, explicitRegion?: string): string {
  let configured: string | undefined;
  try {
    configured = ctx.config().region;
  } catch {
    // A broken config file must never stand between someone and these numbers.
  }
  const region = regionFrom(explicitRegion ?? (ctx.env.INTEGRATE_REGION || configured), ctx.env.LC_ALL || ctx.env.LANG);
  const { regional, international, peerSupport } = resourcesFor(region);
  const line = (r: Resource) => `  • ${r.name}: ${r.contact}`;
  const lines = [
    ...(regional.length ? regional.map(line) : ['  • Your local emergency number (911 in the US and Canada, 999 or 112 in the UK, 112 in the EU)']),
    ...international.map(line),
    ...peerSupport.map(line),
  ];
  return [
    'If you are in danger or thinking about ending your life, please reach out now — you do not have to carry this alone:',
    ...lines,
    'integrate is not monitored by anyone, so it cannot send help. Your therapist or care team wants to know how you are doing.',
  ].join('\n');
}

/** Shows the resources once per run, on stderr, whatever else happens. */
export function offerSupport(ctx: Ctx, reason: string): void {
  if (shownFor.has(ctx)) return;
  shownFor.add(ctx);
  const width = Math.max(40, Math.min(ctx.io.columns, 100));
  // Wrapped at word boundaries so a phone number never breaks across lines.
  const wrapped = crisisText(ctx).split('\n').flatMap((line) => {
    if (!line.startsWith('  • ')) return wrapItems(line.split(' '), width);
    // "name: contact" with the contact kept whole, so a phone number never breaks across lines.
    const [, name = '', contact] = /^ {2}• (.*?)(?:: (.*))?$/.exec(line)!;
    const items = name.split(' ');
    if (contact !== undefined) items[items.length - 1] += ':';
    return wrapItems(contact === undefined ? items : [...items, contact], width - 4)
      .map((l, i) => `${i === 0 ? '  • ' : '    '}${l}`);
  });
  ctx.io.err(`\n${ctx.io.c.bold(reason)}\n${wrapped.join('\n')}\n\n`);
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
