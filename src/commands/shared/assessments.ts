// The stored results of an instrument, scored as the pack now reads them, with
// the one sentence about results that could not be rescored (assess, home, summary).
import type { Ctx } from '../../context.js';
import { historyNote, scoreResults, type Instrument, type InstrumentHistory } from '../../domain/assessments.js';
import { sanitizeLine } from '../../render/sanitize.js';
import type { Store } from '../../store/index.js';

/** `say` false leaves the note unsaid (a second read in the same run, or output that must stay quiet). */
export function instrumentHistory(store: Store | undefined, instrument: Instrument, ctx: Ctx, say = true): InstrumentHistory {
  if (!store) return { results: [], storedScores: 0, unreadable: 0 };
  const history = scoreResults(instrument, store.assessments.results(instrument.id));
  const note = historyNote(instrument, history);
  if (note && say) ctx.io.err(`Note: ${sanitizeLine(note)}\n`);
  return history;
}
