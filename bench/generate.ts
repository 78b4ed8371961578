// Builds realistic benchmark databases through integrate's own code: the
// store opens and migrates the file, check-ins go through
// EntryRepository.insert, reflections and assessments through the built-in
// prompt packs (reflectionParts) and ReflectionRepository.save, sessions
// through SessionRepository, safety flags through the same rules a real
// check-in uses. Deterministic: a seeded PRNG decides everything, and the
// days are counted back from the end date (today, so `mood --days 365`
// has data), which is part of the cache key.
//
//   node scripts/run-ts.mjs bench/generate.ts [year|decade|heavy ...] [--force]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Entry } from '../src/domain/entries.js';
import { normalisePractice, normaliseTag, uniqueSorted, KNOWN_PRACTICES } from '../src/domain/entries.js';
import type { Intention } from '../src/domain/intentions.js';
import { reflectionParts, visibleQuestions, type Answers, type Pack } from '../src/domain/packs.js';
import { scoreAssessment, safetyItemTriggered } from '../src/domain/assessments.js';
import { safetyTriggers } from '../src/domain/safety.js';
import type { Route, Session } from '../src/domain/sessions.js';
import { addDays, localDate, localDateAt, utcOffsetMinutes } from '../src/domain/time.js';
import { loadPacks } from '../src/packs/load.js';
import { Store } from '../src/store/index.js';
import { openDatabase } from '../src/store/open.js';
import { LATEST_VERSION } from '../src/store/migrations/index.js';

// Local days are Berlin days here and in every benchmarked process.
process.env.TZ = 'Europe/Berlin';

/** Bump when the generated content changes, so cached databases are rebuilt (5: 8 KiB pages, as a new journal has). */
const GENERATOR_VERSION = 5;

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url)).replace(/[/\\]out[/\\]\.run$/, '');
export const OUT_DIR = path.join(BENCH_DIR, 'out');

export type DatasetName = 'year' | 'decade' | 'heavy';
export const DATASETS: readonly DatasetName[] = ['year', 'decade', 'heavy'];

export interface DatasetMeta {
  name: DatasetName;
  generator: number;
  /** The schema the database was built with (a new migration rebuilds the cache). */
  schema: number;
  endDate: string;
  tz: string;
  days: number;
  entries: number;
  checkins: number;
  journals: number;
  assessments: number;
  sessions: number;
  intentions: number;
  words: number;
  /** A journal entry with answers, for `show`. */
  sampleId: string;
  /** A word in about a third of all entries, and one in a handful. */
  commonWord: string;
  rareWord: string;
  seconds: number;
  bytes: number;
}

// ---------------------------------------------------------------- randomness

/** sfc32: small, fast, and the same sequence on every machine. */
function prng(seed: number) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  const rand = {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    /** A value around `mean`, clamped to [min, max]. */
    around: (mean: number, spread: number, min: number, max: number) => {
      const v = mean + (next() + next() + next() - 1.5) * spread;
      return Math.min(max, Math.max(min, v));
    },
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${(8 + Math.floor(next() * 4)).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
    subset: <T>(items: readonly T[], max: number): T[] => {
      const n = Math.floor(next() * (max + 1));
      const chosen = new Set<T>();
      while (chosen.size < Math.min(n, items.length)) chosen.add(items[Math.floor(next() * items.length)]!);
      return [...chosen];
    },
  };
  return rand;
}
type Rand = ReturnType<typeof prng>;

// ---------------------------------------------------------------- words

export const COMMON_WORD = 'felt';
export const RARE_WORD = 'lighthouse';

// Everyday integration-journal words, most frequent first; a Zipf law over
// them (plus a long tail of invented words) gives FTS a realistic index.
const WORDS = `
the i and to a of it was my in that today with me for this but not at so on about be more like what when
had after feel some just all time out day much still body calm walk slept morning work again little noticed
breath sleep tired session better less lighter heavy week night good family friend therapist talked anxious
mood quiet meditation breathwork evening long tea water rain sun garden park music walked listened wrote
journal thought thoughts memory mother father sister brother partner child children dog cat kitchen window
tired restless hopeful grateful sad angry afraid open soft tense shoulders chest stomach jaw hands warm cold
integration intention practice patience kindness grief joy shame fear trust anger love old new small big
slowly gently suddenly again maybe perhaps really almost enough nothing something everything someone nobody
remember forget notice allow stay rest move breathe cry laugh sit lie stand run cook clean read call text
yoga nature art community therapy movement bodywork forest river lake mountain beach city train bus car
office meeting deadline email boss colleague project weekend holiday birthday dinner lunch breakfast coffee
headache nausea dizzy clear foggy sharp bright dark grey blue green colour colours shapes images dream dreams
`.trim().split(/\s+/);

function buildVocabulary(rand: Rand): string[] {
  const syllables = ['ka', 'lo', 'mi', 'ren', 'ta', 'vo', 'sel', 'du', 'ne', 'ri', 'pa', 'shi', 'mor', 'en', 'tal', 'qui', 'bra', 'zen'];
  const tail = new Set<string>();
  while (tail.size < 3000) {
    let w = '';
    for (let i = rand.int(2, 4); i > 0; i--) w += rand.pick(syllables);
    if (!WORDS.includes(w) && w !== RARE_WORD) tail.add(w);
  }
  return [...WORDS, ...tail];
}

class TextMaker {
  private readonly cumulative: number[];
  count = 0;
  constructor(private readonly rand: Rand, private readonly vocabulary: string[]) {
    let sum = 0;
    this.cumulative = vocabulary.map((_, i) => (sum += 1 / (i + 2.7) ** 1.07));
    const total = sum;
    this.cumulative = this.cumulative.map((c) => c / total);
  }

  private word(): string {
    const x = this.rand.next();
    let lo = 0, hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return this.vocabulary[lo]!;
  }

  /** About `words` words in sentences; the common word is in about a third of the heavy user's texts, the rare one in a handful. */
  text(words: number): string {
    if (words <= 0) return '';
    const sentences: string[] = [];
    let left = words;
    while (left > 0) {
      const n = Math.min(left, this.rand.int(5, 14));
      const parts = Array.from({ length: n }, () => this.word());
      if (this.rand.chance(0.00005)) parts[this.rand.int(0, n - 1)] = RARE_WORD;
      if (this.rand.chance(0.05)) parts[this.rand.int(0, n - 1)] = COMMON_WORD;
      parts[0] = parts[0]!.charAt(0).toUpperCase() + parts[0]!.slice(1);
      sentences.push(`${parts.join(' ')}${this.rand.chance(0.1) ? '…' : this.rand.chance(0.1) ? '!' : '.'}`);
      left -= n;
    }
    this.count += words;
    return sentences.join(' ');
  }
}

// ---------------------------------------------------------------- the shape of each dataset

interface Plan {
  days: number;
  seed: number;
  /** Check-ins per day (the rest of `perDay` are reflections). */
  checkinsPerDay: number;
  /** Entries per day in all (heavy: ten); 0 means the year/decade rhythm below. */
  perDay: number;
  checkinWords: [number, number];
  /** Chance of a note on a check-in. */
  noteChance: number;
  journalWords: number;
  sessionEvery: [number, number];
  assessEvery: number;
}

const PLANS: Record<DatasetName, Plan> = {
  // 365 check-ins, ~100 reflections (weekly reviews, post-session, a daily one now and then), 12 sessions.
  year: { days: 365, seed: 1, checkinsPerDay: 1, perDay: 0, checkinWords: [5, 40], noteChance: 0.6, journalWords: 120, sessionEvery: [30, 31], assessEvery: 28 },
  decade: { days: 3650, seed: 10, checkinsPerDay: 1, perDay: 0, checkinWords: [5, 40], noteChance: 0.6, journalWords: 120, sessionEvery: [30, 31], assessEvery: 28 },
  // Ten entries a day for ten years, ~80 words each, sessions every few weeks.
  heavy: { days: 3650, seed: 100, checkinsPerDay: 7, perDay: 10, checkinWords: [70, 90], noteChance: 1, journalWords: 80, sessionEvery: [18, 40], assessEvery: 14 },
};

const ROUTES: readonly Route[] = ['iv', 'im', 'sublingual', 'intranasal'];
const TAGS = ['work', 'family', 'grief', 'sleep', 'body', 'dreams', 'partner', 'anxiety', 'gratitude', 'nature', 'friends', 'health', 'money', 'creativity', 'stuck'];

/** A local wall-clock time on a day, as an instant (DST handled by the process time zone). */
function at(day: string, minutes: number): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, Math.floor(minutes / 60), minutes % 60, 0);
}

function timing(when: Date): Pick<Entry, 'createdAt' | 'utcOffset' | 'localDate'> {
  const offset = utcOffsetMinutes(when);
  return { createdAt: when.toISOString(), utcOffset: offset, localDate: localDateAt(when, offset) };
}

/** Answers a reflection pack the way a person might, question by question, in the order shown. */
function answerPack(pack: Pack, rand: Rand, texts: TextMaker, mood: number, words: number, intentionChance: number): Answers {
  const answers: Answers = {};
  const longQuestions = pack.questions.filter((q) => q.type === 'longtext' || q.type === 'text').length || 1;
  const perText = Math.max(4, Math.round(words / Math.max(1, longQuestions * 0.7)));
  for (const q of pack.questions) {
    if (!visibleQuestions(pack, answers).includes(q)) continue;
    switch (q.type) {
      case 'scale':
        answers[q.id] = q.options
          ? rand.pick(q.options).value
          : Math.round(q.metric === 'mood' ? mood : rand.around(((q.min ?? 0) + (q.max ?? 10)) / 2 + 1, 4, q.min ?? 0, q.max ?? 10));
        break;
      case 'number':
        answers[q.id] = Math.round(rand.around(7, 3, q.min ?? 0, q.max ?? 24) * 2) / 2;
        break;
      case 'text':
      case 'longtext':
        if (q.required || rand.chance(0.7)) answers[q.id] = texts.text(rand.int(Math.ceil(perText / 2), Math.ceil(perText * 1.5)));
        break;
      case 'select':
        answers[q.id] = rand.pick(q.choices ?? [{ value: 'x', label: 'x' }]).value;
        break;
      case 'multiselect':
        answers[q.id] = rand.subset((q.choices ?? []).map((c) => c.value), 3);
        break;
      case 'confirm':
        answers[q.id] = rand.chance(0.08);
        break;
      case 'intention':
        if (rand.chance(intentionChance)) answers[q.id] = [texts.text(rand.int(4, 9))];
        break;
      case 'tags':
        answers[q.id] = rand.subset(TAGS, 2);
        break;
      case 'safety':
        answers[q.id] = rand.chance(0.002);
        break;
    }
  }
  return answers;
}

/** Answers an assessment with item values that drift with mood. */
function answerInstrument(pack: Pack, rand: Rand, mood: number): Answers {
  const answers: Answers = {};
  for (const q of pack.questions) {
    const max = q.max ?? 3;
    const wellbeing = pack.scoring?.higherIsBetter ? mood / 10 : 1 - mood / 10;
    answers[q.id] = Math.round(rand.around(wellbeing * max, 1.5, q.min ?? 0, max));
  }
  return answers;
}

export function datasetPath(name: DatasetName): string {
  return path.join(OUT_DIR, `${name}.db`);
}

function metaPath(name: DatasetName): string {
  return path.join(OUT_DIR, `${name}.json`);
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
}

export function generate(name: DatasetName, endDate: string): DatasetMeta {
  const started = process.hrtime.bigint();
  const plan = PLANS[name];
  const rand = prng(plan.seed);
  const texts = new TextMaker(rand, buildVocabulary(rand));
  const packs = loadPacks(undefined).packs;
  const pack = (id: string) => packs.get(id) ?? (() => { throw new Error(`no built-in pack ${id}`); })();
  const [daily, weekly, postSession, realms] = ['daily', 'weekly', 'post-session', 'realms'].map(pack) as [Pack, Pack, Pack, Pack];
  const instruments = ['phq9', 'gad7', 'who5'].map(pack);

  fs.mkdirSync(OUT_DIR, { recursive: true });
  const file = datasetPath(name);
  const tmp = `${file}.tmp`;
  removeDatabase(tmp);
  const opened = openDatabase(tmp, { create: true, ownsDirectory: false })!;
  const store = new Store(opened.db, opened.path);
  const db = store.db;

  const counts = { entries: 0, checkins: 0, journals: 0, assessments: 0, sessions: 0, intentions: 0 };
  let sampleId = '';
  const firstDay = addDays(endDate, -(plan.days - 1));
  let nextSession = addDays(firstDay, rand.int(5, 20));
  let daysSinceSession = 99;
  let mood = 5;

  const saveReflection = (p: Pack, day: string, minutes: number, words: number, intentionChance: number) => {
    const when = at(day, minutes);
    const answers = answerPack(p, rand, texts, mood, words, intentionChance);
    const parts = reflectionParts(p, answers);
    const entry: Entry = {
      id: rand.uuid(), ...timing(when), kind: 'journal', pack: p.id, private: rand.chance(0.05), starred: rand.chance(0.01),
      text: parts.text, metrics: parts.metrics,
      practices: uniqueSorted(parts.practices.map((x) => normalisePractice(x))),
      tags: uniqueSorted(parts.tags.map((t) => normaliseTag(t))),
    };
    // Intentions older than a few months were done or dropped; recent ones are still open.
    const ageDays = Math.round((Date.parse(`${endDate}T12:00:00Z`) - Date.parse(`${day}T12:00:00Z`)) / 86_400_000);
    const intentions: Intention[] = parts.intentions.map((text) => {
      const closed = ageDays > 90 || rand.chance(0.5);
      return {
        id: rand.uuid(), text, createdAt: entry.createdAt, utcOffset: entry.utcOffset, sourceEntryId: entry.id,
        status: closed ? (rand.chance(0.7) ? 'done' : 'dropped') : 'open', dueDate: null,
        closedAt: closed ? new Date(when.getTime() + rand.int(3, 40) * 86_400_000).toISOString() : null,
      };
    });
    const textAnswers = parts.records.filter((r) => typeof r.value === 'string').map((r) => r.value as string);
    const triggers = safetyTriggers({ metrics: parts.metrics, isCheckin: p.id === 'daily', texts: textAnswers, safetyQuestionYes: parts.safetyYes });
    store.reflections.save(entry, p.version, parts.records, intentions);
    if (triggers.length) store.safety.addTo('entry', entry.id, triggers, entry.createdAt, entry.localDate);
    counts.entries++;
    counts.journals++;
    counts.intentions += intentions.length;
    if (!sampleId && day >= addDays(endDate, -Math.floor(plan.days / 2)) && parts.records.length > 4) sampleId = entry.id;
  };

  const saveCheckin = (day: string, minutes: number, withSleep: boolean) => {
    const metrics: Record<string, number> = {
      mood: Math.round(rand.around(mood, 3, 0, 10)),
      anxiety: Math.round(rand.around(10 - mood, 4, 0, 10)),
      energy: Math.round(rand.around(mood, 4, 0, 10)),
    };
    if (withSleep) metrics.sleep = Math.round(rand.around(7, 3, 3, 11) * 2) / 2;
    const [lo, hi] = plan.checkinWords;
    const text = rand.chance(plan.noteChance) ? texts.text(rand.int(lo, hi)) : '';
    const entry: Entry = {
      id: rand.uuid(), ...timing(at(day, minutes)), kind: 'checkin', pack: null, private: rand.chance(0.03), starred: rand.chance(0.005),
      text, metrics,
      practices: uniqueSorted(rand.subset(KNOWN_PRACTICES, 2)),
      tags: uniqueSorted(rand.subset(TAGS, 3)),
    };
    store.entries.insert(entry);
    const triggers = safetyTriggers({ metrics, isCheckin: true, texts: [text] });
    if (triggers.length) store.safety.addTo('entry', entry.id, triggers, entry.createdAt, entry.localDate);
    counts.entries++;
    counts.checkins++;
  };

  const saveAssessment = (p: Pack, day: string, minutes: number) => {
    const answers = answerInstrument(p, rand, mood);
    const result = scoreAssessment(p, answers);
    const parts = reflectionParts(p, answers);
    const entry: Entry = {
      id: rand.uuid(), ...timing(at(day, minutes)), kind: 'assessment', pack: p.id, private: false, starred: false, text: '',
      metrics: { [p.scoring!.metric]: result.score }, practices: [], tags: [],
    };
    store.reflections.save(entry, p.version, parts.records, []);
    if (safetyItemTriggered(p, result)) store.safety.addTo('entry', entry.id, ['phq9-item9'], entry.createdAt, entry.localDate);
    counts.entries++;
    counts.assessments++;
  };

  const saveSession = (day: string) => {
    const when = at(day, 10 * 60);
    const session: Session = {
      id: rand.uuid(), occurredAt: when.toISOString(), utcOffset: utcOffsetMinutes(when), localDate: day,
      route: rand.pick(ROUTES), doseMg: rand.chance(0.9) ? rand.int(20, 100) : null,
      setting: rand.chance(0.8) ? texts.text(rand.int(3, 8)) : '', guide: rand.chance(0.6) ? 'Dr. ' + rand.pick(['Weber', 'Okafor', 'Lindqvist', 'Nakamura']) : '',
      intention: texts.text(rand.int(5, 15)), notes: rand.chance(0.7) ? texts.text(rand.int(20, 60)) : '',
    };
    store.sessions.insert(session, when.toISOString());
    counts.sessions++;
  };

  // One transaction per month of days: what an import would do, without one giant WAL.
  const month = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const day = addDays(firstDay, i);
      mood = Math.min(8.5, Math.max(2, mood + (rand.next() - 0.48) * 0.6));
      let sessionToday = false;
      if (day >= nextSession) {
        saveSession(day);
        sessionToday = true;
        daysSinceSession = 0;
        nextSession = addDays(day, rand.int(plan.sessionEvery[0], plan.sessionEvery[1]));
      } else {
        daysSinceSession++;
      }
      const assessDay = i % plan.assessEvery === plan.assessEvery - 1;
      const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
      // The reflections of the day.
      const reflections: Pack[] = [];
      if (daysSinceSession === 1) reflections.push(postSession);
      if (weekday === 0) reflections.push(weekly);
      if (i % (plan.perDay ? 28 : 56) === 13) reflections.push(realms);
      if (plan.perDay) {
        while (reflections.length < plan.perDay - plan.checkinsPerDay - (assessDay ? 2 : 0)) reflections.push(daily);
      } else if (rand.chance(0.05)) {
        reflections.push(daily);
      }
      const checkins = plan.perDay ? plan.perDay - reflections.length - (assessDay ? 2 : 0) : plan.checkinsPerDay;
      // Spread the day's entries from 07:00 to 22:00.
      const slots = checkins + reflections.length + (assessDay ? 2 : 0);
      const step = Math.floor((15 * 60) / Math.max(1, slots));
      let slot = 0;
      const next = () => 7 * 60 + (slot++) * step + rand.int(0, Math.max(0, step - 1));
      for (let c = 0; c < checkins; c++) saveCheckin(day, next(), c === 0);
      for (const p of reflections) saveReflection(p, day, next(), p.id === 'daily' ? Math.round(plan.journalWords * 0.6) : plan.journalWords, p.id === 'daily' ? 0 : 0.35);
      if (assessDay) {
        saveAssessment(instruments[0]!, day, next());
        saveAssessment(instruments[(i / plan.assessEvery) % 2 ? 1 : 2]!, day, next());
      }
      if (sessionToday && plan.perDay === 0 && rand.chance(0.3)) saveReflection(pack('pre-session'), day, 8 * 60, 40, 0.5);
    }
  });
  for (let i = 0; i < plan.days; i += 30) month(i, Math.min(plan.days, i + 30));

  db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  removeDatabase(file);
  fs.renameSync(tmp, file);
  removeDatabase(tmp);

  const meta: DatasetMeta = {
    name, generator: GENERATOR_VERSION, schema: LATEST_VERSION, endDate, tz: process.env.TZ!, days: plan.days, ...counts, words: texts.count,
    sampleId, commonWord: COMMON_WORD, rareWord: RARE_WORD,
    seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes: fs.statSync(file).size,
  };
  fs.writeFileSync(metaPath(name), `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

// ---------------------------------------------------------------- a Daylio export to import

const DAYLIO_MOODS = ['rad', 'good', 'meh', 'bad', 'awful'];
const DAYLIO_ACTIVITIES = ['walk', 'meditation', 'friends', 'work', 'yoga', 'reading', 'family', 'bad sleep', 'music', 'nature', 'cooking', 'breathwork'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A Daylio CSV export (current layout, with note titles, HTML notes and
 * scales) of `rows` check-ins, ten a day counted back from `endDate`, newest
 * first as Daylio writes them; cached in bench/out by its parameters.
 */
export function ensureDaylioCsv(rows: number, endDate = localDate(new Date())): string {
  const file = path.join(OUT_DIR, `daylio-${rows}-${endDate}-v${GENERATOR_VERSION}.csv`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const rand = prng(7);
  const texts = new TextMaker(rand, buildVocabulary(rand));
  const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['full_date,date,weekday,time,mood,activities,note_title,note,scales'];
  const perDay = 10;
  for (let i = 0; i < rows; i++) {
    const day = addDays(endDate, -Math.floor(i / perDay));
    const when = at(day, 22 * 60 - (i % perDay) * 80);
    const h = when.getHours();
    const time = `${h % 12 || 12}:${String(when.getMinutes()).padStart(2, '0')} ${h < 12 ? 'am' : 'pm'}`;
    const note = `${texts.text(rand.int(30, 60))}<br>${texts.text(rand.int(10, 30)).replace(/&/g, '&amp;')}`;
    lines.push([
      day, `${MONTH_NAMES[when.getMonth()]} ${when.getDate()}`, WEEKDAYS[when.getDay()]!, time, rand.pick(DAYLIO_MOODS),
      rand.subset(DAYLIO_ACTIVITIES, 4).join(' | '), rand.chance(0.3) ? texts.text(rand.int(2, 5)) : '', note,
      `Sleep Quality: ${rand.int(1, 10)}/10 points | Stress: ${rand.int(1, 5)}/5 points`,
    ].map(quote).join(','));
  }
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${lines.join('\n')}\n`);
  fs.renameSync(tmp, file);
  return file;
}

/** The cached database for today, generated when missing or stale. */
export function ensureDataset(name: DatasetName, opts: { force?: boolean; log?: (line: string) => void } = {}): { file: string; meta: DatasetMeta } {
  const endDate = localDate(new Date());
  const file = datasetPath(name);
  if (!opts.force && fs.existsSync(file) && fs.existsSync(metaPath(name))) {
    const meta = JSON.parse(fs.readFileSync(metaPath(name), 'utf8')) as DatasetMeta;
    if (meta.generator === GENERATOR_VERSION && meta.schema === LATEST_VERSION && meta.endDate === endDate) return { file, meta };
  }
  opts.log?.(`generating the ${name} database (ending ${endDate})…`);
  const meta = generate(name, endDate);
  opts.log?.(`  ${meta.entries} entries, ${meta.sessions} sessions, ${meta.intentions} intentions, ${(meta.bytes / 1e6).toFixed(1)} MB in ${meta.seconds.toFixed(1)} s`);
  return { file, meta };
}

const invoked = process.argv[1] && /generate\.(ts|mjs)$/.test(process.argv[1]);
if (invoked) {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--')) as DatasetName[];
  for (const n of names) if (!DATASETS.includes(n)) throw new Error(`unknown dataset ${n}; choose from ${DATASETS.join(', ')}`);
  for (const n of names.length ? names : DATASETS) {
    const { file, meta } = ensureDataset(n, { force: args.includes('--force'), log: (l) => console.error(l) });
    console.log(`${n}: ${file} (${meta.entries} entries, ${meta.checkins} check-ins, ${meta.journals} reflections, ${meta.assessments} assessments, ${meta.sessions} sessions)`);
  }
}
