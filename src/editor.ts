// Opens text in the user's $VISUAL/$EDITOR. The temp file lives in a private
// 0700 directory, is created 0600, and is removed whatever happens.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CancelledError, DataError } from './errors.js';

/** The editor setting first, then $VISUAL, then $EDITOR, then vi. */
export function editorCommand(env: NodeJS.ProcessEnv, configured?: string): string {
  return configured || env.VISUAL || env.EDITOR || 'vi';
}

export function editText(initial: string, env: NodeJS.ProcessEnv, configured?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-'));
  const file = path.join(dir, 'entry.md');
  try {
    fs.chmodSync(dir, 0o700);
    fs.writeFileSync(file, initial, { mode: 0o600 });
    const editor = editorCommand(env, configured);
    // Through sh so EDITOR="code --wait" works; the path is passed as $1, never spliced into the command.
    // Ctrl-C while the editor is open belongs to the editor (vim uses it), as in git: without a
    // listener Node would die on it at once, skipping the finally below and leaving the text in /tmp.
    const ignore = () => {};
    process.on('SIGINT', ignore);
    let result: ReturnType<typeof spawnSync>;
    try {
      result = spawnSync('sh', ['-c', `${editor} "$1"`, 'sh', file], { stdio: 'inherit' });
    } finally {
      process.removeListener('SIGINT', ignore);
    }
    if (result.signal === 'SIGINT') throw new CancelledError();
    if (result.error || result.status !== 0) {
      throw new DataError(`The editor (${editor}) did not finish cleanly; nothing was changed. Set $VISUAL or $EDITOR to an editor you use.`);
    }
    return fs.readFileSync(file, 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
