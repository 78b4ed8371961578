// End-to-end: the built bin picks crisis lines from the locale, says so,
// follows a saved region, refuses a region it has no lines for (exit 2,
// nothing written), and shows the lines after a check-in that calls for them.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, makeSandbox, runBin, runInBundle } from '../helpers/run-bin.js';

let box: ReturnType<typeof makeSandbox>;
// Through the built main() in one process for the file (runInBundle); spawnRun is the real bin.
const run = (args: string[], env: Record<string, string | undefined> = {}) =>
  runInBundle(args, box.dir, { env: { INTEGRATE_DB: box.db, LC_ALL: undefined, ...env } });
const spawnRun = (args: string[], env: Record<string, string | undefined> = {}) =>
  runBin(args, box.dir, { env: { INTEGRATE_DB: box.db, LC_ALL: undefined, ...env } });

beforeAll(() => {
  ensureBuilt();
  box = makeSandbox('integrate-e2e-crisis-');
});

afterAll(() => box.cleanup());

describe('crisis lines (built bin)', () => {
  it('from the locale, then from the saved region; an uncovered region is refused', async () => {
    const au = await spawnRun(['crisis'], { LANG: 'en_AU.UTF-8' });
    expect(au.code).toBe(0);
    expect(au.stderr).toBe('');
    expect(au.stdout).toMatch(/Emergency services \(Australia\): call 000/);
    expect(au.stdout).toMatch(/Lifeline: call 13 11 14/);
    expect(au.stdout.replace(/\s+/g, ' ')).toMatch(/Lines for Australia \(AU\), from your locale en_AU\.UTF-8/);

    const refused = await run(['config', 'set', 'region', 'AR'], { LANG: 'en_AU.UTF-8' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^integrate: No crisis lines for Argentina \(AR\) in integrate yet\./);
    expect(fs.existsSync(path.join(box.dir, 'xdg-config', 'integrate', 'config.json'))).toBe(false);

    expect((await run(['config', 'set', 'region', 'NZ'])).code).toBe(0);
    const nz = await run(['crisis'], { LANG: 'en_AU.UTF-8' });
    expect(nz.stdout).toMatch(/call or text 1737/);
    expect(nz.stdout).not.toMatch(/13 11 14/);
    expect(nz.stdout.replace(/\s+/g, ' ')).toMatch(/from your settings/);

    const bad = await run(['crisis', '--region', 'ZZ'], { LANG: 'C' });
    expect(bad.code).toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stdout).toMatch(/call or text 1737/); // the saved region is next after --region
  });

  it('after a check-in with mood 0, the lines appear once on stderr, for the saved region', async () => {
    const saved = await run(['checkin', '--mood', '0'], { LANG: 'en_US.UTF-8' });
    expect(saved.code).toBe(0);
    expect(saved.stderr.match(/findahelpline\.com/g)).toHaveLength(1);
    expect(saved.stderr).toMatch(/0508 828 865/);
    expect(saved.stderr).not.toMatch(/\b988\b/);
  });
});
