// Throwaway local users for the tests that need "another user on this
// machine" (an attacker in a shared folder) or a user the permission bits
// apply to (root ignores them). Only possible as root with useradd; the tests
// say why they skip otherwise.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export interface ThrowawayUser {
  name: string;
  uid: number;
  gid: number;
}

const tool = (name: string) => ['/usr/sbin', '/sbin', '/usr/bin', '/bin'].map((d) => `${d}/${name}`).find((p) => fs.existsSync(p));

/** Why throwaway users cannot be made here, or undefined when they can. */
export function whyNoUsers(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux';
  if (process.getuid?.() !== 0) return 'needs root (to create throwaway users)';
  if (!tool('useradd') || !tool('userdel')) return 'needs useradd and userdel';
  return undefined;
}

/** useradd/userdel refuse while another process holds /etc/passwd's lock (other test files run in parallel): retry. */
function run(cmd: string, args: string[]): void {
  for (let attempt = 0; ; attempt++) {
    const r = spawnSync(tool(cmd)!, args, { encoding: 'utf8' });
    if (r.status === 0) return;
    if (attempt >= 40 || !/lock|try again/i.test(r.stderr)) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.trim()}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
}

/** A user with no home and no login shell, and its own group. */
export function makeUser(tag: string): ThrowawayUser {
  const name = `itg${process.pid.toString(36)}${tag}`.slice(0, 30);
  run('useradd', ['-M', '-U', '-s', '/usr/sbin/nologin', name]);
  const id = (flag: string) => Number(spawnSync('id', [flag, name], { encoding: 'utf8' }).stdout.trim());
  return { name, uid: id('-u'), gid: id('-g') };
}

/** -f: a command of the test that timed out may still be running as that user. */
export function removeUser(user: ThrowawayUser | undefined): void {
  if (user) run('userdel', ['-f', user.name]);
}
