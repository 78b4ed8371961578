// The YAML format of a prompt pack, checked with zod. Every problem is
// reported with the question id and the field, never just the first one.
import { z } from 'zod';
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
      .object({ question: idString, equals: answerValue.optional(), in: z.array(answerValue).optional(), answered: z.boolean().optional() })
      .strict()
      .optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    labels: z.object({ min: z.string().optional(), max: z.string().optional() }).strict().optional(),
    unit: z.string().optional(),
    metric: z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lowercase letters, digits and dashes').optional(),
    choices: z.array(choice).min(1, 'needs at least one choice').optional(),
    practices: z.boolean().optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const need = (field: 'min' | 'max' | 'choices', why: string) => {
      if (q[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `is required for ${why}` });
    };
    if (q.type === 'scale') {
      need('min', 'a scale');
      need('max', 'a scale');
      if (q.min !== undefined && !Number.isInteger(q.min)) ctx.addIssue({ code: 'custom', path: ['min'], message: 'must be a whole number' });
      if (q.max !== undefined && !Number.isInteger(q.max)) ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be a whole number' });
    }
    if (q.min !== undefined && q.max !== undefined && q.min >= q.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be greater than min' });
    }
    if (q.type === 'select' || q.type === 'multiselect') need('choices', q.type);
    else if (q.choices) ctx.addIssue({ code: 'custom', path: ['choices'], message: `only select and multiselect have choices` });
    if (q.metric && q.type !== 'scale' && q.type !== 'number') {
      ctx.addIssue({ code: 'custom', path: ['metric'], message: 'only scale and number questions can record a metric' });
    }
    if (q.practices && q.type !== 'multiselect') ctx.addIssue({ code: 'custom', path: ['practices'], message: 'only multiselect questions can record practices' });
  });

export const packSchema = z
  .object({
    id: idString,
    title: z.string().trim().min(1, 'must not be empty'),
    description: z.string().default(''),
    when: z.string().default(''),
    version: z.number().int().positive(),
    questions: z.array(question).min(1, 'needs at least one question'),
  })
  .strict()
  .superRefine((pack, ctx) => {
    const seen = new Set<string>();
    pack.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `"${q.id}" is used twice` });
      if (q.showIf && !seen.has(q.showIf.question)) {
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'showIf'], message: `refers to "${q.showIf.question}", which is not an earlier question` });
      }
      seen.add(q.id);
    });
  });

/** Turns zod issues into "question "mood": field "max": must be greater than min" lines. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  const questions = (input as { questions?: unknown[] } | undefined)?.questions;
  return issues.map((issue) => {
    const path = [...issue.path];
    let where = 'pack';
    if (path[0] === 'questions' && typeof path[1] === 'number') {
      const q = Array.isArray(questions) ? (questions[path[1]] as { id?: unknown } | undefined) : undefined;
      where = typeof q?.id === 'string' ? `question "${q.id}"` : `question #${path[1] + 1}`;
      path.splice(0, 2);
    }
    const field = path.length ? ` field "${path.join('.')}"` : '';
    return `${where}${field}: ${issue.message}`;
  });
}

export function parsePack(input: unknown): { pack: Pack } | { errors: string[] } {
  const result = packSchema.safeParse(input);
  if (!result.success) return { errors: describeIssues(result.error.issues, input) };
  const data = result.data;
  return { pack: { ...data, questions: data.questions as Question[] } };
}
