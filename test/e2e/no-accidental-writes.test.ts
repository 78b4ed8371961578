// Commands that only read or only try (export, import --dry-run) never create
// a database, and an edit that introduces self-harm words is read for safety.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, makeSandbox, runBin, runInBundle } from '../helpers/run-bin.js';

const box = makeSandbox('integrate-nowrite-');
beforeAll(() => ensureBuilt());
afterAll(() => box.cleanup());

describe('no database is created by trying', () => {
  it('export with no database prints an empty document and creates nothing', async () => {
    const db = box.file('a/none.db');
    const r = await runBin(['export'], box.dir, { env: { INTEGRATE_DB: db } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'integrate', version: 1, entries: [], sessions: [], intentions: [] });
    expect(fs.existsSync(box.file('a'))).toBe(false);
  });

  it('import --dry-run with no database counts and creates nothing', async () => {
    const db = box.file('b/none.db');
    fs.writeFileSync(box.file('jrnl.json'), JSON.stringify({ tags: {}, entries: [{ title: 'A walk.', body: '', date: '2026-11-01', time: '09:00', tags: [], starred: false }] }));
    const r = await runInBundle(['import', box.file('jrnl.json'), '--from', 'jrnl', '--dry-run'], box.dir, { env: { INTEGRATE_DB: db } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Would import 1 entry; skipped 0 already there\. Nothing was written/);
    expect(fs.existsSync(box.file('b'))).toBe(false);
  });
});

describe('editing is read for safety like writing', () => {
  it('an edited note with self-harm words shows the resources once and records a flag', async () => {
    const env = { INTEGRATE_DB: box.file('c/x.db') };
    const saved = await runInBundle(['checkin', '--mood', '5', '--note', 'An ordinary day', '--json'], box.dir, { env });
    const id = JSON.parse(saved.stdout).id as string;
    expect(saved.stderr).not.toMatch(/crisis|danger/i);
    const edited = await runInBundle(['edit', id.slice(0, 8), '--note', '-'], box.dir, { env, input: 'I want to die\n' });
    expect(edited.code).toBe(0);
    expect(edited.stderr.match(/If you are in danger/g)).toHaveLength(1);
    const exported = JSON.parse((await runInBundle(['export'], box.dir, { env })).stdout);
    expect(exported.entries[0].safetyFlags).toEqual(['phrase']);
    const same = await runInBundle(['edit', id.slice(0, 8), '--star'], box.dir, { env });
    expect(same.stderr).not.toMatch(/danger/);
  });
});

describe('deleting is for good', () => {
  it('a deleted entry leaves no trace of its words in the database file or its search index', async () => {
    const db = box.file('d/x.db');
    const env = { INTEGRATE_DB: db };
    const saved = await runInBundle(['checkin', '--mood', '5', '--note', 'quetzalsecret pomegranate', '--json'], box.dir, { env });
    await runInBundle(['checkin', '--mood', '6', '--note', 'something else entirely'], box.dir, { env });
    const id = JSON.parse(saved.stdout).id as string;
    expect((await runInBundle(['delete', id, '--yes'], box.dir, { env })).code).toBe(0);
    expect((await runInBundle(['search', 'quetzalsecret', '--json'], box.dir, { env })).stdout.trim()).toBe('[]');
    // Every integrate run has closed the database, so the WAL is folded into the file.
    const bytes = Buffer.concat([fs.readFileSync(db), ...['-wal', '-shm'].filter((s) => fs.existsSync(db + s)).map((s) => fs.readFileSync(db + s))]);
    expect(bytes.includes(Buffer.from('quetzalsecret'))).toBe(false);
    expect(bytes.includes(Buffer.from('pomegranate'))).toBe(false);
    expect(bytes.includes(Buffer.from('something else entirely'))).toBe(true);
  });
});
