// A gentle nudge after a break: people who stop checking in tend to drift
// away from integration work, so returning deserves a kind word, not a scold.
import type { Ctx } from '../../context.js';
import { daysBetween, localDate } from '../../domain/time.js';

/** More days than this since the latest entry earn a welcome back. */
export const WELCOME_AFTER_DAYS = 3;

/**
 * "Welcome back — last check-in 5 days ago." when the latest entry (of any
 * kind) is more than 3 local days before today; otherwise undefined, and
 * undefined when there is no database or no entry yet. Never creates the
 * database. Call it BEFORE saving the new entry; the caller decides where it
 * goes (stderr, on a TTY only).
 */
export function welcomeBackLine(ctx: Ctx): string | undefined {
  const latest = ctx.existingStore()?.entries.latestEntry();
  if (!latest) return undefined;
  const days = daysBetween(latest.localDate, localDate(ctx.clock.now()));
  return days > (ctx.config().checkinReminderDays ?? WELCOME_AFTER_DAYS) ? `Welcome back — last check-in ${days} days ago.` : undefined;
}
