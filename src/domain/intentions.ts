// Insights become intentions: small, concrete things to do, tracked until done or dropped.
import { isoWithOffset } from './time.js';

export const INTENTION_STATUSES = ['open', 'done', 'dropped'] as const;
export type IntentionStatus = (typeof INTENTION_STATUSES)[number];

export interface Intention {
  id: string;
  text: string;
  /** UTC ISO instant. */
  createdAt: string;
  utcOffset: number;
  sourceEntryId: string | null;
  status: IntentionStatus;
  /** YYYY-MM-DD or null. */
  dueDate: string | null;
  /** UTC ISO instant when done or dropped. */
  closedAt: string | null;
}

/** The stable JSON shape of an intention (listings and exports). */
export interface IntentionJson {
  id: string;
  text: string;
  createdAt: string;
  status: IntentionStatus;
  dueDate: string | null;
  closedAt: string | null;
  sourceEntryId: string | null;
}

export function intentionToJson(i: Intention): IntentionJson {
  return {
    id: i.id, text: i.text, createdAt: isoWithOffset(i.createdAt, i.utcOffset), status: i.status,
    dueDate: i.dueDate, closedAt: i.closedAt, sourceEntryId: i.sourceEntryId,
  };
}
