// Gathers the therapist summary from the store: each part is read with the
// privacy filter applied in SQL, then shaped by the pure helpers of
// domain/summary. The command chooses the period and the questionnaires'
// results; renderers never see an entry, only this model.
import { classifyChange, maxScoreOf, neededItemIds } from '../domain/assessments.js';
import { metricSpec } from '../domain/metrics.js';
import { formatAnswer, type AnswerValue, type Pack, type Question } from '../domain/packs.js';
import { SAFETY_FLAG_LABELS, SAFETY_FLAG_SEVERITY, type SafetyFlagKind } from '../domain/safety.js';
import { ROUTE_LABELS, entrySessionLabel, sessionBefore, type NumberedSession } from '../domain/sessions.js';
import {
  changeLabel, excerpt, mergeIntentions, sameText, shortLabel,
  type AttentionItem, type SummaryDiscuss, type SummaryMeasure, type SummaryMetric, type SummaryModel,
  type SummaryRating, type SummaryReflection, type SummarySession,
} from '../domain/summary.js';
import { addDays, daysBetween, localDateAt, localDateTimeAt, utcOffsetMinutes } from '../domain/time.js';
import { beforeAfter, comparePeriods, dailySeries, previousPeriod, sessionNeighbours, summarize } from '../domain/trends.js';
import type { Store } from '../store/index.js';
import type { TextFilter } from '../store/summary.js';

export interface InstrumentResults {
  pack: Pack;
  /** Every scored result of the instrument, oldest first. */
  results: { entryId: string; date: string; score: number; band: string | null }[];
}

export interface SummaryInput {
  from: string;
  to: string;
  now: Date;
  filter: TextFilter;
  packs: ReadonlyMap<string, Pack>;
  instruments: InstrumentResults[];
}

/** Reflections told per session (and outside sessions): a long period stays a short read. */
const MAX_REFLECTIONS = 6;
/** Days on each side of a session for its before/after mood. */
const AROUND_SESSION = 7;
/** The softer label of a mention flag (past, negated, someone else's). */
const MENTION_LABEL = 'mentioned in a reflection (past, negated or about someone else)';
const ATTENTION_ORDER: Record<AttentionItem['kind'], number> = { risk: 0, 'safety-item': 0, decision: 1, unreal: 2, mention: 3 };

function textOf(value: AnswerValue): string {
  return formatAnswer({ type: 'text' }, value);
}

const dayOf = (iso: string) => localDateAt(new Date(iso), utcOffsetMinutes(new Date(iso)));

/** Where an entry sits among the sessions; a pre-session reflection looks ahead to its session. */
function contextOf(sessions: readonly NumberedSession[], at: { createdAt: string; localDate: string; pack: string | null }): string | undefined {
  if (at.pack === 'pre-session') {
    const next = sessions.find((s) => s.occurredAt > at.createdAt);
    if (next) {
      const days = daysBetween(at.localDate, next.localDate);
      return days === 0 ? `the day of session ${next.number}, before it` : days === 1 ? `the day before session ${next.number}` : `${days} days before session ${next.number}`;
    }
  }
  return entrySessionLabel(sessions, at);
}

/** Label and scale of a check-in metric: the core metrics' own, else the question that records it. */
function metricInfo(name: string, packs: ReadonlyMap<string, Pack>): Pick<SummaryMetric, 'label' | 'scale' | 'unit' | 'min' | 'max'> {
  const spec = metricSpec(name);
  if (spec) {
    return spec.unit === 'h'
      ? { label: spec.label, scale: 'hours', unit: spec.unit, min: spec.min, max: 12 }
      : { label: spec.label, scale: `${spec.min}–${spec.max}, ${spec.scale}`, min: spec.min, max: spec.max };
  }
  const question = questionFor(packs.get('daily'), name) ?? [...packs.values()].map((p) => questionFor(p, name)).find(Boolean);
  const label = `${name.charAt(0).toUpperCase()}${name.slice(1).replace(/[-_]+/g, ' ')}`;
  return { label, scale: question ? scaleOf(question) : 'as recorded', min: question?.min ?? 0, max: question?.max ?? 10 };
}

function questionFor(pack: Pack | undefined, metric: string): Question | undefined {
  return pack?.questions.find((q) => q.metric === metric);
}

function scaleOf(q: Question): string {
  if (q.min === undefined || q.max === undefined) return q.unit ?? '';
  const ends = q.labels?.min || q.labels?.max ? `, ${q.min} = ${q.labels?.min ?? '…'}, ${q.max} = ${q.labels?.max ?? '…'}` : '';
  return `${q.min}–${q.max}${q.unit ? ` ${q.unit}` : ''}${ends}`;
}

/** "item 9" for an item id such as item9, else the question's short label. */
function itemLabel(q: Question): string {
  const n = /^item[-_]?(\d+)$/i.exec(q.id);
  return n ? `item ${n[1]}` : shortLabel(q.id, q.prompt);
}

export function buildSummary(store: Store, input: SummaryInput): SummaryModel {
  const { from, to, filter, packs } = input;
  const sessionsAll = store.sessions.list();
  const sessions = sessionsAll.filter((s) => s.localDate >= from && s.localDate <= to);
  const packTitle = (id: string | null) => (id ? packs.get(id)?.title ?? id : 'Reflection');

  // ---- sessions and their reflections
  const reflections = new Map<string, SummaryReflection & { at: string; pack: string | null }>();
  for (const a of store.summary.reflectionAnswers(from, to, filter)) {
    let r = reflections.get(a.entryId);
    if (!r) {
      r = { date: a.localDate, context: contextOf(sessionsAll, a), title: packTitle(a.pack), excerpts: [], at: a.createdAt, pack: a.pack };
      reflections.set(a.entryId, r);
    }
    const text = excerpt(textOf(a.value));
    if (text) r.excerpts.push({ label: shortLabel(a.questionId, a.prompt), text });
  }
  for (const note of store.summary.starred(from, to, filter)) {
    if (reflections.has(note.entryId)) continue; // a starred reflection is told once, by its answers
    reflections.set(note.entryId, {
      date: note.localDate, context: contextOf(sessionsAll, { ...note, pack: null }), title: 'Starred note',
      excerpts: [{ label: 'Note', text: excerpt(note.text) }], at: note.createdAt, pack: null,
    });
  }
  const bySession = new Map<number, SummaryReflection[]>(sessions.map((s) => [s.number, []]));
  const otherReflections: SummaryReflection[] = [];
  for (const r of [...reflections.values()].sort((a, b) => a.at.localeCompare(b.at))) {
    if (!r.excerpts.length) continue;
    const owner = r.pack === 'pre-session' ? sessionsAll.find((s) => s.occurredAt > r.at) ?? sessionBefore(sessionsAll, r.at) : sessionBefore(sessionsAll, r.at);
    const { at: _at, pack: _pack, ...reflection } = r;
    const list = owner ? bySession.get(owner.number) : undefined;
    if (list && owner) {
      reflection.excerpts = reflection.excerpts.filter((e) => !(e.label === 'Intention' && sameText(e.text, owner.intention)));
      if (reflection.excerpts.length) list.push(reflection);
    } else {
      otherReflections.push(reflection);
    }
  }

  const sessionDays = sessionsAll.map((s) => s.localDate);
  const moodRows = sessions.length
    ? store.metrics.dailyMeans('mood', addDays(sessions[0]!.localDate, -AROUND_SESSION), addDays(sessions.at(-1)!.localDate, AROUND_SESSION), 'checkin')
      .map((r) => ({ date: r.date, value: r.mean }))
    : [];
  const neighbours = sessionNeighbours(sessions.map((s) => s.localDate), sessionDays);
  const summarySessions: SummarySession[] = sessions.map((s, i) => {
    const mood = beforeAfter(moodRows, s.localDate, AROUND_SESSION, undefined, neighbours[i]);
    // A private session keeps its place in the numbering; its details stay out unless asked for.
    const hidden = s.private && !filter.includePrivate;
    return {
      number: s.number, date: s.localDate, route: hidden ? 'private session (details left out)' : ROUTE_LABELS[s.route], doseMg: hidden ? null : s.doseMg, doseUnit: s.doseUnit,
      setting: hidden ? '' : s.setting, intention: hidden ? '' : s.intention, notes: hidden ? '' : excerpt(s.notes, 240),
      reflections: (bySession.get(s.number) ?? []).slice(0, MAX_REFLECTIONS), moreReflections: Math.max(0, (bySession.get(s.number)?.length ?? 0) - MAX_REFLECTIONS),
      mood: mood.before.n + mood.after.n > 0 ? mood : null,
    };
  });

  // ---- needs attention
  const attention: AttentionItem[] = [];
  const safetyItemDays = new Set<string>();
  const measures: SummaryMeasure[] = [];
  for (const { pack, results } of input.instruments) {
    const scoring = pack.scoring!;
    const inPeriod = results.filter((r) => r.date >= from && r.date <= to);
    if (!inPeriod.length) continue;
    const before = results.filter((r) => r.date < from).at(-1);
    const baselineRow = before ?? (inPeriod.length > 1 ? inPeriod[0] : undefined);
    const latestRow = inPeriod.at(-1)!;
    const point = (r: { date: string; score: number; band: string | null }) => ({ date: r.date, score: r.score, band: r.band });
    const change = baselineRow ? classifyChange(scoring, baselineRow.score, latestRow.score) : null;
    const safetyQuestion = scoring.safetyItem ? pack.questions.find((q) => q.id === scoring.safetyItem!.question) : undefined;
    let safetyItem: SummaryMeasure['safetyItem'];
    for (const r of inPeriod) {
      const answers = new Map(store.reflections.answers(r.entryId).map((a) => [a.questionId, a.value]));
      const value = safetyQuestion ? answers.get(safetyQuestion.id) : undefined;
      if (safetyQuestion && typeof value === 'number') {
        const answer = formatAnswer(safetyQuestion, value);
        if (r === latestRow) safetyItem = { label: itemLabel(safetyQuestion), answer };
        if (value > scoring.safetyItem!.above) {
          // The item is described by its own words, so a user's own instrument reads as truly as PHQ-9.
          const asked = excerpt(safetyQuestion.prompt, 100).replace(/[?.]$/, '');
          attention.push({ date: r.date, kind: 'safety-item', label: `${pack.title} ${itemLabel(safetyQuestion)} (${asked.charAt(0).toLowerCase()}${asked.slice(1)}): ${answer}` });
          safetyItemDays.add(r.date);
        }
      }
    }
    // Answers recorded beside the score (not scored), e.g. how much the problems get in the way.
    const scored = neededItemIds(pack);
    const latestAnswers = store.reflections.answers(latestRow.entryId);
    const extras = latestAnswers
      .filter((a) => !scored.has(a.questionId) && a.questionId !== safetyQuestion?.id && a.value !== null && a.value !== '')
      .map((a) => {
        const q = pack.questions.find((x) => x.id === a.questionId);
        return { label: q ? shortLabel(q.id, '') : shortLabel(a.questionId), text: excerpt(q ? formatAnswer(q, a.value) : textOf(a.value), 120) };
      });
    measures.push({
      id: pack.id, title: pack.title, unit: scoring.unit ?? '', higherIsBetter: scoring.higherIsBetter,
      maxScore: maxScoreOf(pack),
      bands: scoring.bands.map((b) => ({ min: b.min * scoring.multiplier, max: b.max * scoring.multiplier, label: b.label })),
      baseline: baselineRow ? point(baselineRow) : null, latest: point(latestRow), n: inPeriod.length,
      change, changeLabel: changeLabel(change),
      results: [...(before ? [point(before)] : []), ...inPeriod.map(point)],
      ...(safetyItem ? { safetyItem } : {}), extras,
    });
  }

  const listed = store.summary.safetyFlags(from, to, filter).filter((f) => {
    const severity = SAFETY_FLAG_SEVERITY[f.kind as SafetyFlagKind] ?? 'risk';
    // A mention in a private entry is left out; a risk flag is listed, by date and kind only.
    if (severity === 'mention' && !f.shareable) return false;
    // The questionnaire's own line already says it, with the level.
    if ((f.kind === 'phq9-item9' || f.kind === 'safety-item') && safetyItemDays.has(f.localDate)) return false;
    return true;
  });
  for (const f of listed) {
    const severity = SAFETY_FLAG_SEVERITY[f.kind as SafetyFlagKind] ?? 'risk';
    attention.push({ date: f.localDate, kind: severity, label: severity === 'mention' ? MENTION_LABEL : SAFETY_FLAG_LABELS[f.kind as SafetyFlagKind] ?? f.kind });
  }

  const discuss: SummaryDiscuss[] = [];
  for (const a of store.summary.flaggedAnswers(from, to, 'discuss-or-role', filter).reverse()) {
    const text = textOf(a.value).trim();
    if (!text || typeof a.value === 'boolean') continue;
    const context = contextOf(sessionsAll, a);
    if (a.role === 'decision' || a.role === 'unreal') {
      attention.push({ date: a.localDate, kind: a.role, label: a.role === 'decision' ? 'big decision being considered' : 'unsure what was real', text: excerpt(text, 300), ...(context ? { context } : {}) });
    } else {
      discuss.push({ date: a.localDate, ...(context ? { context } : {}), label: shortLabel(a.questionId, a.prompt), text: excerpt(text, 300) });
    }
  }
  attention.sort((a, b) => ATTENTION_ORDER[a.kind] - ATTENTION_ORDER[b.kind] || a.date.localeCompare(b.date));

  // ---- check-in metrics and the ratings asked inside packs
  // Series start at the first entry when the period reaches further back ("all time" from 1900 holds
  // decades of empty days): the same numbers, without building them day by day.
  const first = store.summary.firstDay();
  const dataFrom = first && from < first && first <= to ? first : from;
  const previous = previousPeriod(dataFrom, to);
  const metrics: SummaryMetric[] = store.metrics.names('checkin').flatMap((name) => {
    const rows = store.metrics.dailyMeans(name, previous.from, to, 'checkin');
    const series = dailySeries(rows, dataFrom, to).map((p) => ({ date: p.date, value: p.value }));
    const stats = summarize(series.map((p) => p.value));
    if (!stats.n) return [];
    const comparison = comparePeriods(rows.map((r) => ({ date: r.date, value: r.mean })), dataFrom, to);
    return [{ name, ...metricInfo(name, packs), stats, comparison, series }];
  });

  const instrumentIds = new Set(input.instruments.map((i) => i.pack.id));
  const ratings = new Map<string, SummaryRating>();
  for (const row of store.metrics.otherSources(from, to)) {
    const pack = packs.get(row.source);
    if (instrumentIds.has(row.source) || pack?.kind === 'assessment') continue;
    const key = `${row.source}\u0000${row.name}`;
    let rating = ratings.get(key);
    if (!rating) {
      const q = questionFor(pack, row.name);
      rating = { source: row.source, packTitle: packTitle(row.source), label: q?.prompt ?? row.name, scale: q ? scaleOf(q) : '', values: [], mean: null };
      ratings.set(key, rating);
    }
    rating.values.push({ date: row.date, value: row.mean });
  }
  for (const r of ratings.values()) r.mean = summarize(r.values.map((v) => v.value)).mean;

  // ---- intentions: an intention written in a private (or excluded) reflection is that reflection's text
  const sources = new Map<string, { localDate: string; shareable: boolean }>();
  const sourceOf = (id: string) => {
    if (!sources.has(id)) {
      const e = store.entries.get(id);
      sources.set(id, { localDate: e?.localDate ?? '', shareable: !e || ((filter.includePrivate || !e.private) && !e.tags.some((t) => filter.excludeTags.includes(t))) });
    }
    return sources.get(id)!;
  };
  const intentions = store.intentions.all().filter((i) => !i.sourceEntryId || sourceOf(i.sourceEntryId).shareable);
  // An intention is dated by the reflection it came from (it may be saved later than it was written).
  const setOn = (i: (typeof intentions)[number]) => (i.sourceEntryId && sourceOf(i.sourceEntryId).localDate) || dayOf(i.createdAt);
  const inRange = (day: string) => day >= from && day <= to;

  const overview = store.summary.overview(from, to);
  return {
    from, to, days: daysBetween(from, to) + 1,
    generatedAt: localDateTimeAt(input.now.toISOString(), utcOffsetMinutes(input.now)),
    overview: { entries: overview.entries, daysWithEntries: overview.days, sessions: sessions.length },
    attention,
    privateFlags: listed.some((f) => f.private),
    sessions: summarySessions,
    otherReflections: otherReflections.slice(-MAX_REFLECTIONS * 2),
    moreOtherReflections: Math.max(0, otherReflections.length - MAX_REFLECTIONS * 2),
    measures,
    metrics,
    ratings: [...ratings.values()],
    intentions: {
      open: mergeIntentions(intentions.filter((i) => i.status === 'open' && setOn(i) <= to).map((i) => ({ text: i.text, date: setOn(i) }))),
      done: mergeIntentions(intentions.filter((i) => i.status === 'done' && i.closedAt && inRange(dayOf(i.closedAt))).map((i) => ({ text: i.text, date: dayOf(i.closedAt!) }))),
      setAside: mergeIntentions(intentions.filter((i) => i.status === 'dropped' && i.closedAt && inRange(dayOf(i.closedAt))).map((i) => ({ text: i.text, date: dayOf(i.closedAt!) }))),
    },
    discuss,
    themes: store.summary.tagCounts(from, to, filter).map((t) => ({ name: t.tag, count: t.count })),
    practices: store.summary.practiceCounts(from, to, filter).map((p) => ({ name: p.practice, count: p.count })),
    includePrivate: filter.includePrivate,
    excludedTags: filter.excludeTags,
    sessionDays: sessions.map((s) => ({ number: s.number, date: s.localDate })),
  };
}

