// What a person sees after writing, through the built binary: risk words show
// the crisis lines once on stderr (after "Saved"), a mention shows one pointer
// line, everyday words show nothing; stdout stays data, the exit code 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, makeSandbox, runBin } from '../helpers/run-bin.js';

let box: ReturnType<typeof makeSandbox>;
beforeAll(() => {
  ensureBuilt();
  box = makeSandbox('integrate-e2e-safety-text-');
});
afterAll(() => box.cleanup());

const checkin = (note: string, json = false) =>
  runBin(['checkin', '--mood', '6', '--note', '-', ...(json ? ['--json'] : [])], box.dir, { input: note, env: { INTEGRATE_DB: box.db, LANG: 'en_GB.UTF-8' } });
const directory = (s: string) => s.match(/findahelpline\.com/g)?.length ?? 0;
const POINTER = /integrate crisis lists people you can reach/g;

describe('after a check-in', () => {
  it('risk: the resources once, after the saved line, on stderr only', async () => {
    const r = await checkin('cant do this anymore.\nthinking of ending it tbh', true);
    expect(r.code).toBe(0);
    expect(directory(r.stderr)).toBe(1);
    expect(r.stderr).toMatch(/116 123/); // en_GB
    expect(r.stderr.indexOf('Saved check-in')).toBeLessThan(r.stderr.indexOf('findahelpline'));
    expect(r.stderr.match(POINTER)).toBeNull();
    expect(JSON.parse(r.stdout)).toMatchObject({ text: expect.stringContaining('ending it') });
  });

  it('mention: one gentle line pointing to integrate crisis, no list', async () => {
    const r = await checkin('I no longer want to die. The ketamine helped.');
    expect(r.code).toBe(0);
    expect(directory(r.stderr)).toBe(0);
    expect(r.stderr.match(POINTER)).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('everyday words and the language of a session: nothing', async () => {
    const r = await checkin('this traffic is killing me. In the session I felt like I died and was reborn.');
    expect(r.code).toBe(0);
    expect(directory(r.stderr)).toBe(0);
    expect(r.stderr.match(POINTER)).toBeNull();
    expect(r.stderr.trim().split('\n')).toHaveLength(1); // just "Saved check-in ..."
  });
});
