import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { integrateImporter } from '../../src/formats/importers/integrate.js';

const doc = (occurredAt: string) => Buffer.from(JSON.stringify({
  format: 'integrate', version: 1, entries: [],
  sessions: [{ id: 'aaaaaaaa-0000-4000-8000-000000000000', occurredAt, route: 'iv', doseMg: null, setting: '', guide: '', intention: '', notes: '' }],
}));

describe('integrate import: impossible date-times', () => {
  it.each([
    ['2026-13-45T10:00:00+00:00', 'has no month 13'],
    ['2026-11-21T99:99:99+00:00', 'is not a real time of day'],
    ['2026-11-21T10:00:00+99:99', 'has no real UTC offset'],
    ['2026-02-30T10:00:00+01:00', 'is not a real date (February 2026 has 28 days)'],
    ['1899-12-31T10:00:00+01:00', 'is before 1900'],
  ])('%s is a record error naming the field: %s', async (when, why) => {
    const parse = () => integrateImporter.parse(doc(when), { moodMap: new Map() }, new Date());
    await expect(parse()).rejects.toThrow(UsageError);
    await expect(parse()).rejects.toThrow(`session 1: field "occurredAt" "${when}" ${why}`);
  });

  it('a real one is read with its offset', async () => {
    const batch = await integrateImporter.parse(doc('2026-11-21T10:15:00+01:00'), { moodMap: new Map() }, new Date());
    expect(batch.sessions[0]).toMatchObject({ occurredAt: '2026-11-21T09:15:00.000Z', utcOffset: 60, localDate: '2026-11-21' });
  });
});
