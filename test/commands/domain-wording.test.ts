// The domain names values ("mood", "tag", a pack id), never a flag or a
// command; the command line words its errors with the flag a person typed
// and picks the exit code. Run through main() as a person would.
import { describe, expect, it } from 'vitest';
import { createTestCtx } from '../../src/context.js';
import { main } from '../../src/main.js';

async function run(...args: string[]) {
  const ctx = createTestCtx({ stdin: '{}' });
  const code = await main(['node', 'integrate', ...args], ctx);
  return { code, stderr: ctx.io.stderr(), stdout: ctx.io.stdout(), ctx };
}

describe('domain errors worded with the flags and commands typed', () => {
  it.each([
    [['checkin', '--mood', '11'], '--mood must be a whole number from 0–10 (0 = worst, 10 = best); 11 is out of range.'],
    [['checkin', '--sleep', 'lots'], '--sleep must be a number of hours from 0–24 (hours, e.g. 7.5); got "lots".'],
    [['checkin', '--mood', '6', '--tag', ' '], '--tag needs a name; got an empty value.'],
    [['checkin', '--mood', '6', '--practice', 'x'.repeat(61)], `--practice "${'x'.repeat(20)}…" is too long (60 characters at most).`],
    [['list', '--tag', '#'], '--tag needs a name; got an empty value.'],
    [['search', 'walk', '--tag', ''], '--tag needs a name; got an empty value.'],
    [['summary', '--exclude-tag', ''], '--exclude-tag needs a name; got an empty value.'],
  ])('integrate %j: one line naming the flag, exit 2, nothing saved', async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`integrate: ${message}\n`);
    expect(r.ctx.testStore.entries.list({})).toEqual([]);
  });

  it('edit --add-tag and --remove-tag name their own flag', async () => {
    const ctx = createTestCtx();
    expect(await main(['node', 'integrate', 'checkin', '--mood', '6'], ctx)).toBe(0);
    const [entry] = ctx.testStore.entries.list({});
    for (const flag of ['--add-tag', '--remove-tag']) {
      const before = ctx.io.stderr().length;
      expect(await main(['node', 'integrate', 'edit', entry!.id.slice(0, 8), flag, '@'], ctx)).toBe(2);
      expect(ctx.io.stderr().slice(before)).toBe(`integrate: ${flag} needs a name; got an empty value.\n`);
    }
    expect(ctx.testStore.entries.get(entry!.id)!.tags).toEqual([]);
  });

  it('an unknown pack says where to look (integrate prompts list), exit 1', async () => {
    for (const args of [['journal', 'evening', '--answers', '-'], ['prompts', 'show', 'evening']]) {
      const r = await run(...args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^integrate: There is no prompt pack "evening"\. Available: daily, .* \(integrate prompts list\)\.\n$/);
    }
  });
});
