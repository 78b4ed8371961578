// Issue 15 from the built bin: bad dates and damaged import records get one
// clear line and exit 2 (not "Something went wrong"); a shared export leaves
// private entries out; a journal holding mood 30 still charts; "-" is stdin.
import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, makeSandbox, runBin, runInBundle } from '../helpers/run-bin.js';

let box: ReturnType<typeof makeSandbox>;
// Through the built main() in one process for the file (runInBundle); spawnRun is the real bin.
const run = (args: string[], input?: string) => runInBundle(args, box.dir, { input, env: { INTEGRATE_DB: box.db } });
const spawnRun = (args: string[], input?: string) => runBin(args, box.dir, { input, env: { INTEGRATE_DB: box.db } });

beforeAll(() => {
  ensureBuilt();
  box = makeSandbox('integrate-p15-e2e-');
});
afterAll(() => box.cleanup());

describe('issue 15 end to end', () => {
  it('refuses impossible dates with exit 2 and one line, writing nothing', async () => {
    for (const date of ['0001-01-01', '1000-01-01 10:00', '2026-02-30']) {
      const r = await run(['checkin', '--mood', '5', '--date', date]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^integrate: --date "${date}" (is before 1900|is not a real date)[^\\n]*\\n$`));
    }
    expect(fs.existsSync(box.db)).toBe(false);
  });

  it('damaged import records are exit 2 with the record named', async () => {
    const daylio = box.file('daylio.csv');
    fs.writeFileSync(daylio, 'full_date,time,mood,note\n2026-11-20,9:00 pm,good,"bad &#x110000; char"\n');
    const d = await spawnRun(['import', daylio, '--from', 'daylio']);
    expect(d.code).toBe(2);
    expect(d.stderr).toBe('integrate: line 2: field "note" has &#x110000; is not a character. Nothing was imported.\n');
    const dayone = box.file('dayone.json');
    fs.writeFileSync(dayone, JSON.stringify({ entries: [{ uuid: 'U1', creationDate: '+275760-09-13T00:00:00.000Z', text: 'x' }] }));
    const o = await run(['import', dayone, '--from', 'dayone']);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/^integrate: entry 1 \(U1\): field "creationDate" must be an ISO 8601 date-time with a zone/);
    expect(o.stderr).not.toContain('Something went wrong');
  });

  it('csv leaves the private check-in out unless --include-private; a stored mood 30 still charts', async () => {
    expect((await run(['checkin', '--mood', '6', '--note', 'shared words'])).code).toBe(0);
    expect((await run(['checkin', '--mood', '2', '--note', '-', '--private', '--date', 'yesterday'], 'secret words\n')).code).toBe(0);
    const shared = await run(['export', '--format', 'csv']);
    expect(shared.code).toBe(0);
    expect(shared.stdout).toContain('shared words');
    expect(shared.stdout).not.toContain('secret words');
    const all = await run(['export', '--format', 'csv', '--include-private']);
    expect(all.stdout).toContain('secret words');
    const db = new Database(box.db);
    db.prepare(`UPDATE entry_metrics SET value = 30 WHERE name = 'mood' AND value = 6`).run();
    db.close();
    const mood = await run(['mood', '--days', '7']);
    expect(mood.code).toBe(0);
    expect(mood.stdout).toMatch(/1 day\s+outside\s+0–10\s+drawn\s+at\s+the\s+edge/);
  });

  it('intentions add - reads stdin', async () => {
    expect((await run(['intentions', 'add', '-'], 'Walk after lunch\n')).code).toBe(0);
    const list = await run(['intentions', 'list', '--json']);
    expect((JSON.parse(list.stdout) as { text: string }[]).map((i) => i.text)).toContain('Walk after lunch');
  });
});
