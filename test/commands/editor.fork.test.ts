// The editor and Ctrl-C: these tests send a real SIGINT to the process that
// runs editText (the editor's parent's parent), so they run in a forked worker
// of their own (*.fork.test.ts, vitest.config.ts): in the shared worker
// threads the signal would reach vitest itself.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { editText } from '../../src/editor.js';
import { CancelledError } from '../../src/errors.js';
import { tempDirs } from '../helpers/world.js';

const tmpDir = tempDirs('integrate-editor-');

describe('the editor', () => {
  // The editor's temp folder goes to a TMPDIR of our own, so nothing else running can be mistaken for a leftover.
  const saved = process.env.TMPDIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  });

  it('Ctrl-C in the editor (SIGINT to integrate too) does not end integrate; the temp file is still removed', () => {
    const tmp = (process.env.TMPDIR = tmpDir());
    // The editor sends SIGINT to integrate (its parent's parent: sh -c is in between), then writes.
    const text = editText('secret words', { EDITOR: 'kill -INT $PPID; sleep 0.2; printf changed >' });
    expect(text).toBe('changed');
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('an editor ended by Ctrl-C cancels (exit 130) and leaves nothing in the temp folder', () => {
    const tmp = (process.env.TMPDIR = tmpDir());
    expect(() => editText('secret words', { EDITOR: 'kill -INT $$; true' })).toThrow(CancelledError);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});
