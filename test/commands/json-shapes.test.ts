// The --json shapes and the JSON export, byte for byte: one module builds
// them (src/domain/json-shapes.ts) for the commands and the exporter alike,
// and this pins what scripts read (docs/json-and-exit-codes.md). Run through
// main() on one database with a fixed clock; ids are numbered in order of
// appearance so the pin does not depend on random UUIDs.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestCtx } from '../../src/context.js';
import { draftToJson } from '../../src/domain/json-shapes.js';
import { main } from '../../src/main.js';
import { toJson } from '../../src/render/json.js';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'examples');

describe('JSON shapes are stable', () => {
  it('entries, reflections with answers, sessions, intentions, questionnaire results, search hits, drafts and the export', async () => {
    const store = createTestCtx().testStore;
    const ids = new Map<string, string>();
    const stable = (text: string) => text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
      if (!ids.has(id)) ids.set(id, `id-${ids.size + 1}`);
      return ids.get(id)!;
    });
    const json = async (...args: string[]) => {
      const ctx = createTestCtx({ store, stdin: '' });
      const code = await main(['node', 'integrate', ...args], ctx);
      expect(code, ctx.io.stderr()).toBe(0);
      return stable(ctx.io.stdout());
    };
    const out: Record<string, string> = {};
    out.checkin = await json('checkin', '--mood', '6', '--sleep', '7.5', '--tag', 'work', '--practice', 'meditation', '--note', 'Long walk, felt lighter', '--date', '2026-11-20 21:00', '--json');
    out['session add'] = await json('session', 'add', '--route', 'iv', '--dose', '0.5 mg/kg', '--date', '2026-11-19 10:00', '--intention', 'meet the grief', '--note', 'calm', '--json');
    out['session add (mg)'] = await json('session', 'add', '--route', 'im', '--dose-mg', '50', '--date', '2026-11-12 10:00', '--setting', 'clinic', '--private', '--json');
    out['intentions add'] = await json('intentions', 'add', 'Call my sister', '--due', '2026-11-28', '--json');
    out['journal'] = await json('journal', 'daily', '--answers', path.join(FIXTURES, 'today.yaml'), '--date', '2026-11-20', '--json');
    out['assess'] = await json('assess', 'gad7', '--answers', path.join(FIXTURES, 'gad7.json'), '--json');
    out['list'] = await json('list', '--json');
    out['show (answers)'] = await json('show', [...ids].find(([, n]) => n === 'id-5')![0].slice(0, 8), '--json');
    out['list --drafts'] = await json('list', '--drafts', '--json');
    out['session list'] = await json('session', 'list', '--json');
    out['intentions'] = await json('intentions', '--all', '--json');
    out['assess history'] = await json('assess', 'history', 'gad7', '--json');
    out['search'] = await json('search', 'walk', '--json');
    out['assess (list)'] = await json('assess', '--json');
    out['prompts list'] = await json('prompts', 'list', '--json');
    out['export'] = (await json('export', '--format', 'json')).replace(/"exportedAt": "[^"]*"/, '"exportedAt": "…"');
    for (const [name, text] of Object.entries(out)) expect(text).toMatchSnapshot(name);
  });

  it('a draft (list --drafts --json): local times with their offset, the number of answers', () => {
    const draft = {
      id: 'd1', pack: 'post-session', packVersion: 3, startedAt: '2026-11-20T20:00:00.000Z', updatedAt: '2026-11-20T20:05:00.000Z',
      utcOffset: 60, entryAt: null, private: true, answers: { body: 'heavy', mood: 4 },
    };
    expect(toJson(draftToJson(draft))).toBe('{"id":"d1","pack":"post-session","startedAt":"2026-11-20T21:00:00+01:00","updatedAt":"2026-11-20T21:05:00+01:00","answered":2,"private":true}');
  });
});
