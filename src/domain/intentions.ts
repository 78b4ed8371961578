// Insights become intentions: small, concrete things to do, tracked until done or dropped.

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
