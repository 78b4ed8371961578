// The YAML format of a prompt pack, checked with zod. Every problem is
// reported with the question id and the field, never just the first one.
import { z } from 'zod';
import { CORE_METRIC_RANGES, rangeText, type MetricRange } from '../domain/metrics.js';
import { QUESTION_TYPES, type Pack, type Question } from '../domain/packs.js';

const ID = /^[a-z0-9][a-z0-9-]*$/;
const idString = z.string().regex(ID, 'use lowercase letters, digits and dashes, starting with a letter or digit');
const answerValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.string())]);

const choice = z.union([
  z.string().min(1).transform((s) => ({ value: s, label: s })),
  z.object({ value: z.string().min(1), label: z.string().min(1).optional() }).strict()
    .transform((c) => ({ value: c.value, label: c.label ?? c.value })),
]);

const question = z
  .object({
    id: idString,
    type: z.enum(QUESTION_TYPES),
    prompt: z.string().trim().min(1, 'must not be empty'),
    help: z.string().optional(),
    required: z.boolean().default(false),
    insight: z.boolean().default(false),
    discuss: z.boolean().default(false),
    role: z.string().regex(ID).optional(),
    showIf: z
      .object({
        question: idString.optional(), anyOf: z.array(idString).min(1, 'needs at least one question').optional(),
        equals: answerValue.optional(), in: z.array(answerValue).optional(), answered: z.boolean().optional(), above: z.number().optional(),
      })
      .strict()
      .refine((c) => (c.question === undefined) !== (c.anyOf === undefined), { message: 'needs either "question" or "anyOf" (one of them)' })
      .optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    labels: z.object({ min: z.string().optional(), max: z.string().optional() }).strict().optional(),
    unit: z.string().optional(),
    metric: z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lowercase letters, digits and dashes').optional(),
    choices: z.array(choice).min(1, 'needs at least one choice').optional(),
    practices: z.boolean().optional(),
    options: z.array(z.object({ value: z.number().int(), label: z.string().min(1) }).strict()).min(2, 'needs at least two options').optional(),
  })
  .strict()
  // Runs even when another field of the question is broken (e.g. an unknown type), so every
  // problem shows at once; it reads only fields that have the right type.
  .superRefine((q, ctx) => {
    const min = typeof q.min === 'number' ? q.min : undefined;
    const max = typeof q.max === 'number' ? q.max : undefined;
    const need = (field: 'min' | 'max' | 'choices', why: string) => {
      if (q[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `is required for ${why}` });
    };
    if (q.type === 'scale') {
      need('min', 'a scale');
      need('max', 'a scale');
      if (min !== undefined && !Number.isInteger(min)) ctx.addIssue({ code: 'custom', path: ['min'], message: 'must be a whole number' });
      if (max !== undefined && !Number.isInteger(max)) ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be a whole number' });
    }
    if (min !== undefined && max !== undefined && min >= max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be greater than min' });
    }
    if (q.type === 'select' || q.type === 'multiselect') need('choices', q.type);
    else if (q.choices && (QUESTION_TYPES as readonly unknown[]).includes(q.type)) {
      ctx.addIssue({ code: 'custom', path: ['choices'], message: `only select and multiselect have choices` });
    }
    if (q.metric && q.type !== 'scale' && q.type !== 'number') {
      ctx.addIssue({ code: 'custom', path: ['metric'], message: 'only scale and number questions can record a metric' });
    }
    if (q.options && q.type !== 'scale') ctx.addIssue({ code: 'custom', path: ['options'], message: 'only scale questions have options' });
    if (q.options && q.min !== undefined && q.max !== undefined && q.options.some((o) => o.value < q.min! || o.value > q.max!)) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'every option value must lie between min and max' });
    }
    if (q.practices && q.type !== 'multiselect') ctx.addIssue({ code: 'custom', path: ['practices'], message: 'only multiselect questions can record practices' });
  }, { when: (payload) => isRecord(payload.value) });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const band = z.object({ min: z.number(), max: z.number(), label: z.string().min(1), note: z.string().min(1).optional() }).strict();
const scoring = z
  .object({
    items: z.array(idString).optional(),
    reverse: z.array(idString).optional(),
    multiplier: z.number().positive().default(1),
    unit: z.string().optional(),
    metric: z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lowercase letters, digits and dashes'),
    higherIsBetter: z.boolean(),
    bands: z.array(band).min(1, 'needs at least one band'),
    flags: z.array(z.object({ below: z.number().optional(), above: z.number().optional(), label: z.string().min(1) }).strict()).optional(),
    subscales: z.array(z.object({ id: idString, title: z.string().min(1), items: z.array(idString).min(1) }).strict()).optional(),
    safetyItem: z.object({
      question: idString,
      above: z.number(),
      // The flag the answer records; 'phq9-item9' is kept for PHQ-9 so results saved before read the same.
      flag: z.enum(['safety-item', 'phq9-item9']).default('safety-item'),
      // What is said before the crisis lines, when the item asks about these thoughts in so many words.
      support: z.string().trim().min(1).max(300).optional(),
    }).strict().optional(),
    reliableChange: z.number().positive().optional(),
  })
  .strict();

export const packSchema = z
  .object({
    id: idString,
    kind: z.enum(['reflection', 'assessment']).default('reflection'),
    title: z.string().trim().min(1, 'must not be empty'),
    description: z.string().default(''),
    when: z.string().default(''),
    version: z.number().int().positive(),
    instructions: z.string().optional(),
    source: z.string().optional(),
    cadenceDays: z.number().int().positive().optional(),
    scoring: scoring.optional(),
    questions: z.array(question).min(1, 'needs at least one question'),
  })
  .strict()
  // Assessments: scoring and a cadence must exist, and scoring must refer to scale questions of this pack.
  .superRefine((pack, ctx) => {
    if (pack.kind === 'assessment' && !pack.scoring) ctx.addIssue({ code: 'custom', path: ['scoring'], message: 'is required for an assessment' });
    // The cadence is data like the rest: no hidden default decides when someone is reminded.
    if (pack.kind === 'assessment' && pack.cadenceDays === undefined) {
      ctx.addIssue({ code: 'custom', path: ['cadenceDays'], message: 'is required for an assessment: the days between reminders, e.g. 14' });
    }
    if (!pack.scoring) return;
    const s = pack.scoring;
    const refs: [string[], string[] | undefined][] = [
      [['items'], s.items],
      [['reverse'], s.reverse],
      ...(s.subscales ?? []).map((sub, i): [string[], string[]] => [['subscales', String(i), 'items'], sub.items]),
      [['safetyItem', 'question'], s.safetyItem ? [s.safetyItem.question] : undefined],
    ];
    for (const [path, list] of refs) {
      for (const id of list ?? []) {
        const q = pack.questions.find((x) => x.id === id);
        if (!q) ctx.addIssue({ code: 'custom', path: ['scoring', ...path], message: `refers to "${id}", which is not a question` });
        else if (q.type !== 'scale') ctx.addIssue({ code: 'custom', path: ['scoring', ...path], message: `"${id}" must be a scale question` });
      }
    }
  })
  // Cross-question checks run even when some question is broken, so a duplicate id or a
  // bad showIf is reported together with everything else.
  .superRefine((pack, ctx) => {
    const seen = new Set<string>();
    (pack.questions as unknown[]).forEach((raw, i) => {
      if (!isRecord(raw)) return;
      const id = typeof raw.id === 'string' ? raw.id : undefined;
      const cond = isRecord(raw.showIf) ? raw.showIf : {};
      const refs = [cond.question, ...(Array.isArray(cond.anyOf) ? cond.anyOf : [])].filter((r): r is string => typeof r === 'string');
      if (id !== undefined && seen.has(id)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `"${id}" is used twice` });
      for (const ref of refs.filter((r) => !seen.has(r))) {
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'showIf'], message: `refers to "${ref}", which is not an earlier question` });
      }
      if (id !== undefined) seen.add(id);
    });
  }, { when: (payload) => isRecord(payload.value) && Array.isArray(payload.value.questions) });

/** Turns zod issues into "question "mood": field "max": must be greater than min" lines. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  const questions = (input as { questions?: unknown[] } | undefined)?.questions;
  return issues.flatMap((issue) => {
    const path = [...issue.path];
    let where = 'pack';
    if (path[0] === 'questions' && typeof path[1] === 'number') {
      const q = Array.isArray(questions) ? (questions[path[1]] as { id?: unknown } | undefined) : undefined;
      where = typeof q?.id === 'string' ? `question "${q.id}"` : `question #${path[1] + 1}`;
      path.splice(0, 2);
    }
    // An unknown field is named like any other: one line per field.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${where} field "${[...path, key].join('.')}": is not a known field`);
    }
    const field = path.length ? ` field "${path.join('.')}"` : '';
    return [`${where}${field}: ${issue.message}`];
  });
}

/**
 * A pack may record a metric that already has a fixed range (the core ones, or one a built-in pack
 * set) only within that range: a user pack with "metric: mood, min: 0, max: 100" would put
 * values on mood's 0–10 scale that every chart and summary then misreads.
 */
export function fixedRangeIssues(input: unknown, fixed: ReadonlyMap<string, MetricRange>): string[] {
  if (!isRecord(input)) return [];
  const problems: string[] = [];
  const questions = Array.isArray(input.questions) ? input.questions : [];
  questions.forEach((raw, i) => {
    if (!isRecord(raw) || typeof raw.metric !== 'string') return;
    const range = fixed.get(raw.metric);
    if (!range) return;
    const where = typeof raw.id === 'string' ? `question "${raw.id}"` : `question #${i + 1}`;
    const owner = range.source === 'built-in' ? `the built-in metric ${raw.metric}` : `the metric ${raw.metric} (set by the built-in pack ${range.source})`;
    const needs = `${owner} goes from ${rangeText(range)}; a pack cannot widen it`;
    if (typeof raw.min !== 'number' || raw.min < range.min || raw.min > range.max) problems.push(`${where} field "min": ${needs}`);
    if (typeof raw.max !== 'number' || raw.max > range.max || raw.max < range.min) problems.push(`${where} field "max": ${needs}`);
    if (range.integer && raw.type === 'number') problems.push(`${where} field "type": ${owner} takes whole numbers; use a scale question`);
  });
  const scoring = isRecord(input.scoring) ? input.scoring : undefined;
  if (scoring && typeof scoring.metric === 'string' && fixed.has(scoring.metric)) {
    problems.push(`pack field "scoring.metric": ${scoring.metric} is already a metric with its own range (${rangeText(fixed.get(scoring.metric)!)}); give the score its own name`);
  }
  return problems;
}

export function parsePack(input: unknown, fixed: ReadonlyMap<string, MetricRange> = CORE_METRIC_RANGES): { pack: Pack } | { errors: string[] } {
  const result = packSchema.safeParse(input);
  const rangeIssues = fixedRangeIssues(input, fixed);
  if (!result.success || rangeIssues.length) return { errors: [...(result.success ? [] : describeIssues(result.error.issues, input)), ...rangeIssues] };
  const data = result.data;
  return { pack: { ...data, questions: data.questions as Question[] } };
}
