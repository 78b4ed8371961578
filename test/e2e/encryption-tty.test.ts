// The hidden passphrase prompts in a real pseudo-terminal (tmux): integrate
// encrypt asks twice, integrate list asks once, nothing typed is echoed, and
// Ctrl-C at the prompt cancels with exit 130.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, baseEnv, ensureBuilt, makeSandbox, runBin } from '../helpers/run-bin.js';

const TMUX = ['/usr/bin/tmux', '/usr/local/bin/tmux'].find((p) => fs.existsSync(p));
if (!TMUX) console.warn('encryption-tty e2e tests skipped: tmux is not installed (apt-get install tmux to run them).');

const PASS = 'tangerine lighthouse velvet';
let box: ReturnType<typeof makeSandbox>;
let db: string;
const socket = `integrate-enc-${process.pid}`;
let run = 0;

function tmux(args: string[]): string {
  const env = { ...baseEnv(box.dir), INTEGRATE_DB: db };
  const r = spawnSync(TMUX!, ['-L', socket, '-f', '/dev/null', ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

const screen = () => tmux(['capture-pane', '-p', '-J', '-t', `s${run}`, '-S', '-100']);

async function waitFor(what: RegExp | (() => boolean), ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (typeof what === 'function' ? what() : what.test(screen())) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${String(what)}; screen:\n${screen()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs integrate ARGS in a new tmux session; returns a function that waits for its exit status. */
function start(args: string[]): () => Promise<number> {
  run++;
  const status = box.file(`status-${run}`);
  const q = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  tmux(['new-session', '-d', '-s', `s${run}`, '-x', '160', '-y', '40', '-c', box.dir, `${[process.execPath, BIN, ...args].map(q).join(' ')}; echo $? > ${q(status)}; sleep 30`]);
  return async () => {
    await waitFor(() => fs.existsSync(status) && fs.readFileSync(status, 'utf8').trim() !== '');
    return Number(fs.readFileSync(status, 'utf8').trim());
  };
}

const type = (text: string) => {
  tmux(['send-keys', '-t', `s${run}`, '-l', text]);
  tmux(['send-keys', '-t', `s${run}`, 'Enter']);
};

beforeAll(async () => {
  if (!TMUX) return;
  ensureBuilt();
  box = makeSandbox('integrate-enc-tty-');
  db = box.file('j.db');
  const r = await runBin(['checkin', '--mood', '6', '--note', 'a quiet morning'], box.dir, { env: { INTEGRATE_DB: db } });
  expect(r.code, r.stderr).toBe(0);
}, 60_000);

afterAll(() => {
  if (!TMUX) return;
  spawnSync(TMUX, ['-L', socket, 'kill-server']);
  box?.cleanup();
});

describe.runIf(TMUX)('passphrase prompts on a terminal', () => {
  it('encrypt asks twice, hidden; list asks once; Ctrl-C cancels', async () => {
    const encrypted = start(['encrypt']);
    await waitFor(/New passphrase/);
    type(PASS);
    await waitFor(/The same passphrase again/);
    type(PASS);
    expect(await encrypted()).toBe(0);
    expect(screen()).toContain('Encrypted');
    expect(screen()).not.toContain(PASS);

    const listed = start(['list']);
    await waitFor(/Passphrase for/);
    type(PASS);
    expect(await listed()).toBe(0);
    expect(screen()).toContain('a quiet morning');
    expect(screen()).not.toContain(PASS);

    const cancelled = start(['list']);
    await waitFor(/Passphrase for/);
    tmux(['send-keys', '-t', `s${run}`, 'C-c']);
    expect(await cancelled()).toBe(130);
  }, 90_000);
});
