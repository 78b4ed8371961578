// store.assessments: stored questionnaire results as saved (answers and the
// saved score, oldest first, nothing rescored), and the facts that decide
// whether questionnaires wait (latest session start, today's latest mood).
import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/domain/entries.js';
import type { AnswerRecord } from '../../src/domain/packs.js';
import { Store } from '../../src/store/index.js';
import { openMemoryDatabase } from '../../src/store/open.js';

const store = () => new Store(openMemoryDatabase(), ':memory:');

function entry(id: string, createdAt: string, over: Partial<Entry> = {}): Entry {
  return {
    id, createdAt, utcOffset: 60, localDate: createdAt.slice(0, 10), kind: 'assessment', pack: 'who5', private: false, starred: false,
    text: '', metrics: {}, practices: [], tags: [], ...over,
  };
}

const answer = (questionId: string, value: number, position: number): AnswerRecord => ({
  questionId, position, type: 'scale', prompt: questionId, value, insight: false, discuss: false, role: null,
});

describe('store.assessments.results', () => {
  it('one instrument\'s results, oldest first, with their answers and saved metrics; other packs and kinds are not read', () => {
    const s = store();
    s.reflections.save(entry('b', '2026-11-02T09:00:00.000Z', { metrics: { who5: 60 } }), 1, [answer('item1', 3, 0), answer('item2', 4, 1)], []);
    s.reflections.save(entry('a', '2026-11-01T09:00:00.000Z', { metrics: { who5: 40 } }), 1, [answer('item1', 2, 0)], []);
    s.reflections.save(entry('c', '2026-11-03T09:00:00.000Z', { pack: 'phq9', metrics: { phq9: 3 } }), 1, [answer('item1', 1, 0)], []);
    s.entries.insert(entry('d', '2026-11-03T09:00:00.000Z', { kind: 'checkin', pack: null, metrics: { mood: 5 } }));
    expect(s.assessments.results('who5')).toEqual([
      { entryId: 'a', createdAt: '2026-11-01T09:00:00.000Z', utcOffset: 60, localDate: '2026-11-01', answers: { item1: 2 }, metrics: { who5: 40 } },
      { entryId: 'b', createdAt: '2026-11-02T09:00:00.000Z', utcOffset: 60, localDate: '2026-11-02', answers: { item1: 3, item2: 4 }, metrics: { who5: 60 } },
    ]);
    expect(s.assessments.results('gad7')).toEqual([]);
    // Home's "due" reads only the day of the newest result, not the answers.
    expect(s.assessments.latestDate('who5')).toBe('2026-11-02');
    expect(s.assessments.latestDate('phq9')).toBe('2026-11-03');
    expect(s.assessments.latestDate('gad7')).toBeUndefined();
  });
});

describe('store.assessments.holdInput', () => {
  it('the latest session at or before now, and the mood of today\'s latest entry that recorded one', () => {
    const s = store();
    const now = new Date('2026-11-21T10:00:00Z');
    expect(s.assessments.holdInput(now)).toEqual({ now, lastSessionStart: undefined, lastMoodToday: null });
    s.sessions.insert({
      id: 's1', occurredAt: '2026-11-21T08:00:00.000Z', utcOffset: 60, localDate: '2026-11-21', route: 'iv', doseMg: null,
      setting: '', guide: '', intention: '', notes: '',
    }, '2026-11-21T08:00:00.000Z');
    s.entries.insert(entry('y', '2026-11-20T20:00:00.000Z', { kind: 'checkin', pack: null, metrics: { mood: 1 } }));
    s.entries.insert(entry('t1', '2026-11-21T07:00:00.000Z', { kind: 'checkin', pack: null, localDate: '2026-11-21', metrics: { mood: 2 } }));
    s.entries.insert(entry('t2', '2026-11-21T09:00:00.000Z', { kind: 'checkin', pack: null, localDate: '2026-11-21', metrics: { sleep: 7 } }));
    // Yesterday's mood does not count; today's latest entry without a mood is passed over.
    expect(s.assessments.holdInput(now)).toEqual({ now, lastSessionStart: '2026-11-21T08:00:00.000Z', lastMoodToday: 2 });
  });

  it('reads today\'s entries first (the date index), not every mood value ever recorded', () => {
    // Home asks this at every run; the other order took 0.2-0.6 s on ten years of check-ins.
    const s = store();
    for (let d = 1; d <= 300; d++) {
      const day = new Date(Date.UTC(2026, 0, d)).toISOString().slice(0, 10);
      s.entries.insert(entry(`e${d}`, `${day}T09:00:00.000Z`, { kind: 'checkin', pack: null, localDate: day, metrics: { mood: 5 } }));
    }
    const sql = (s.assessments as unknown as { moodTodayStmt: { source: string } }).moodTodayStmt.source;
    const plan = (s.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('2026-10-27', '2026-10-25') as { detail: string }[]).map((r) => r.detail);
    expect(plan[0]).toMatch(/^SEARCH e USING (COVERING )?INDEX entries_local_date \(local_date=\?\)/);
    expect(s.assessments.holdInput(new Date('2026-10-27T10:00:00Z')).lastMoodToday).toBe(5);
  });
});
