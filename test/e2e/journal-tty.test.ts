// End-to-end in a real pseudo-terminal: tmux runs the built bin, and the test
// types into it as a person would (waiting for each prompt to appear before
// answering). Then the terminal goes away mid-reflection and the draft must
// still be there, ready to resume at the next question. `npm test` runs the
// SIGHUP case (typing, a draft kept, resumed in a new terminal); `npm run
// test:deep` adds a whole reflection typed to the end and tmux kill-session.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, baseEnv, ensureBuilt, makeSandbox, runBin } from '../helpers/run-bin.js';
import { DEEP, DEEP_ONLY } from '../helpers/runs.js';

const TMUX = ['/usr/bin/tmux', '/usr/local/bin/tmux', '/opt/homebrew/bin/tmux'].find((p) => fs.existsSync(p))
  ?? (spawnSync('tmux', ['-V']).status === 0 ? 'tmux' : undefined);
// /proc finds integrate's pid under the pane's shell (Linux).
const hasTmux = TMUX !== undefined && fs.existsSync('/proc/self/task');
if (!hasTmux) {
  console.warn(TMUX === undefined
    ? 'journal-tty e2e tests skipped: tmux is not installed (apt-get install tmux to run them).'
    : 'journal-tty e2e tests skipped: they need Linux /proc to find the integrate process.');
}

let box: ReturnType<typeof makeSandbox>;
const servers: Tmux[] = [];
let counter = 0;

/** One tmux server on a private socket, with a single session "main" running one command. */
class Tmux {
  readonly socket = `integrate-e2e-${process.pid}-${++counter}`;
  constructor(private readonly env: NodeJS.ProcessEnv) {
    servers.push(this);
  }

  tmux(args: string[]): string {
    const r = spawnSync(TMUX!, ['-L', this.socket, '-f', '/dev/null', ...args], { env: this.env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  }

  private statusFile = '';

  /**
   * Starts the bin with these arguments under sh, which writes integrate's exit status to a
   * file when it ends (128 + n when signal n ended it). The pane stays so we can read it.
   */
  start(args: string[]): void {
    const q = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
    this.statusFile = box.file(`${this.socket}.status`);
    const command = `${[process.execPath, BIN, ...args].map(q).join(' ')}; echo $? > ${q(this.statusFile)}`;
    this.tmux(['new-session', '-d', '-s', 'main', '-x', '220', '-y', '60', '-c', box.dir, command, ';', 'set-option', '-t', 'main', 'remain-on-exit', 'on']);
  }

  screen(): string {
    return this.tmux(['capture-pane', '-p', '-J', '-t', 'main', '-S', '-200']);
  }

  /** The pid of integrate: the one child of the pane's shell. */
  pid(): number {
    const sh = this.tmux(['display-message', '-p', '-t', 'main', '#{pane_pid}']).trim();
    const children = fs.readFileSync(`/proc/${sh}/task/${sh}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    expect(children).toHaveLength(1);
    const pid = Number(children[0]);
    expect(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toContain('integrate.js');
    return pid;
  }

  /** Waits for integrate to end and returns its exit status as the shell saw it. */
  async waitForExit(timeoutMs = 10_000): Promise<number> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const status = fs.existsSync(this.statusFile) ? fs.readFileSync(this.statusFile, 'utf8').trim() : '';
      if (status !== '') return Number(status);
      if (Date.now() > until) throw new Error(`integrate did not exit; the screen shows:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  /** Polls the screen until the text appears (prompts render asynchronously). */
  async waitFor(text: string, timeoutMs = 10_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (screen.includes(text)) return screen;
      if (Date.now() > until) throw new Error(`timed out waiting for ${JSON.stringify(text)}; the screen shows:\n${screen}`);
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  /** Types literal text (no key names), then optional keys such as Enter. */
  type(text: string, ...keys: string[]): void {
    if (text) this.tmux(['send-keys', '-t', 'main', '-l', text]);
    if (keys.length) this.keys(...keys);
  }

  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', 'main', ...keys]);
  }

  kill(): void {
    const socket = spawnSync(TMUX!, ['-L', this.socket, 'display-message', '-p', '#{socket_path}'], { env: this.env, encoding: 'utf8' }).stdout.trim();
    spawnSync(TMUX!, ['-L', this.socket, 'kill-server'], { env: this.env });
    // tmux can leave its socket file behind; remove ours.
    const stale = socket || path.join(this.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, this.socket);
    fs.rmSync(stale, { force: true });
  }
}

function terminal(db: string): Tmux {
  const env = baseEnv(box.dir);
  env.INTEGRATE_DB = db;
  delete env.TMUX;
  return new Tmux(env);
}

/** Answers a prompt: waits for "? <prompt>", types the answer and presses Enter. */
async function answer(t: Tmux, prompt: string, text: string): Promise<void> {
  await t.waitFor(`? ${prompt}`);
  t.type(text, 'Enter');
}

const binJson = async (args: string[], db: string) => {
  const r = await runBin(args, box.dir, { env: { INTEGRATE_DB: db } });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as unknown;
};

beforeAll(() => {
  if (!hasTmux) return;
  ensureBuilt();
  expect(fs.existsSync(path.join(ROOT, 'dist', 'main.js'))).toBe(true);
  box = makeSandbox('integrate-tty-');
});

afterEach(() => {
  for (const server of servers.splice(0)) server.kill();
});

afterAll(() => {
  box?.cleanup();
});

describe('journal in a real terminal', () => {
  it.skipIf(!hasTmux || !DEEP)(`a person answers \`journal daily\` by typing, saves at the review, and the entry is there${DEEP_ONLY}`, async () => {
    const db = box.file('daily.db');
    const t = terminal(db);
    t.start(['journal', 'daily']);

    // A slip of the finger first: 12 is out of range, the prompt says so and waits.
    await answer(t, 'How is your mood today?', '12');
    await t.waitFor('must be between 0 and 10');
    t.keys('BSpace', 'BSpace');
    t.type('7', 'Enter');
    await answer(t, 'How much anxiety are you carrying today?', '3');
    await answer(t, 'How is your energy?', '5');
    await answer(t, 'How connected do you feel today, to others or to yourself?', '6');
    await answer(t, 'About how many hours did you sleep last night?', '7.5');
    await answer(t, 'A quick body scan', 'Shoulders loose');

    // The practices checklist: move down and tick meditation, then yoga.
    await t.waitFor('? Which practices did you make room for today?');
    await t.waitFor('journaling');
    t.keys('Down', 'Space', 'Down', 'Down', 'Down', 'Space');
    t.keys('Enter');
    await answer(t, 'One line about today, if you like.', 'A slow walk by the river');

    // The review lists every answer before asking to save.
    const review = await t.waitFor('? Save this reflection?');
    expect(review).toContain('Your answers — Daily check-in:');
    expect(review).toMatch(/About how many hours did you sleep last night\?\n\s+7\.5 hours/);
    expect(review).toMatch(/Which practices did you make room for today\?\n\s+meditation, yoga/);
    t.keys('Enter'); // "Save" is the default

    await t.waitFor('Saved reflection');
    expect(await t.waitForExit(), t.screen()).toBe(0);

    const entries = await binJson(['list', '--json'], db) as { kind: string; pack: string; metrics: object; practices: string[]; text: string }[];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      kind: 'journal', pack: 'daily', metrics: { mood: 7, anxiety: 3, energy: 5, connection: 6, sleep: 7.5 },
      practices: ['meditation', 'yoga'], text: 'Shoulders loose\n\nA slow walk by the river',
    });
    expect(await binJson(['list', '--drafts', '--json'], db)).toEqual([]);
  });

  it.skipIf(!hasTmux)('SIGHUP after two answers of `journal weekly` keeps the draft; --resume starts at the third question', async () => {
    const db = box.file('weekly.db');
    const t = terminal(db);
    t.start(['journal', 'weekly']);
    await answer(t, 'Overall, how was your mood this week?', '5');
    await answer(t, 'Body: how did you look after your body this week', 'Slept better; walked most days');
    await t.waitFor('? Mind: what occupied your thoughts');

    process.kill(t.pid(), 'SIGHUP'); // what the system sends when the terminal window closes
    expect(await t.waitForExit()).toBe(128 + 1); // ended by the signal

    const drafts = await binJson(['list', '--drafts', '--json'], db) as { pack: string; answered: number }[];
    expect(drafts).toEqual([expect.objectContaining({ pack: 'weekly', answered: 2 })]);
    expect(await binJson(['list', '--json'], db)).toEqual([]);

    // A new terminal: resume picks up at the third question, not the first.
    const again = terminal(db);
    again.start(['journal', '--resume']);
    const screen = await again.waitFor('? Mind: what occupied your thoughts');
    expect(screen).toContain('Resuming "Weekly review"');
    expect(screen).not.toContain('Overall, how was your mood this week?');
    expect(screen).not.toContain('Body: how did you look after your body');
    again.type('Less noise, more quiet', 'Enter');
    await again.waitFor('? Emotions: which feelings were most present');
    process.kill(again.pid(), 'SIGHUP');
    await again.waitForExit();
    expect(await binJson(['list', '--drafts', '--json'], db)).toEqual([expect.objectContaining({ pack: 'weekly', answered: 3 })]);
  });

  it.skipIf(!hasTmux || !DEEP)(`closing the terminal itself (tmux kill-session) keeps the draft too${DEEP_ONLY}`, async () => {
    const db = box.file('closed.db');
    const t = terminal(db);
    t.start(['journal', 'weekly']);
    await answer(t, 'Overall, how was your mood this week?', '6');
    await t.waitFor('? Body: how did you look after your body');
    const pid = t.pid();
    t.tmux(['kill-session', '-t', 'main']);
    const until = Date.now() + 10_000;
    // Gone, or a zombie waiting for tmux to reap it.
    const alive = () => {
      try {
        return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    while (alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 40));
    expect(alive()).toBe(false);
    expect(await binJson(['list', '--drafts', '--json'], db)).toEqual([expect.objectContaining({ pack: 'weekly', answered: 1 })]);
  });
});
