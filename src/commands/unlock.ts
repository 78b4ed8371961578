// unlock: check the passphrase, and remember the key in the OS keyring (or forget it).
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { DataError, UsageError } from '../errors.js';
import { keyringDelete, keyringSet, KeyringUnavailable, remembered, setRemembered } from '../keys/keyring.js';
import { deriveKey } from '../store/cipher.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';

/** The examples its help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate unlock': [
    { cmd: 'integrate unlock --remember', why: 'asks for the passphrase once, then no more on this computer', interactive: true },
    { cmd: 'integrate unlock --forget', why: 'the passphrase is needed again from now on' },
    { cmd: 'integrate unlock', why: 'check the passphrase (asks in a terminal)', interactive: true },
  ],
} satisfies CommandExamples;

interface UnlockOptions {
  remember?: boolean;
  forget?: boolean;
}

export function registerUnlock(program: Command, ctx: Ctx): void {
  program
    .command('unlock')
    .description('remember the key of an encrypted database in this computer\'s keyring (or forget it)')
    .option('--remember', 'keep the key in the keyring, so integrate opens the database without asking')
    .option('--forget', 'remove the key from the keyring')
    .addHelpText('before', examplesHelp(examples['integrate unlock']))
    .addHelpText('after', `\nThe keyring holds the key derived from your passphrase, not the passphrase.${related(['encrypt', 'passphrase'])}`)
    .action((opts: UnlockOptions) => runUnlock(opts, ctx));
}

function unavailable(err: KeyringUnavailable): DataError {
  return new DataError(`No keyring service is available on this computer (${err.message}); use a passphrase file instead (--passphrase-file or INTEGRATE_PASSPHRASE_FILE, mode 600).`);
}

export async function runUnlock(opts: UnlockOptions, ctx: Ctx): Promise<void> {
  if (opts.remember && opts.forget) throw new UsageError('Choose one of --remember and --forget.');
  const file = ctx.dbPath().path;
  if (opts.forget) {
    const was = remembered(ctx.configPath()).includes(file);
    setRemembered(ctx.configPath(), file, false);
    try {
      keyringDelete(file);
    } catch (err) {
      if (!(err instanceof KeyringUnavailable)) throw err;
    }
    ctx.io.err(was ? `Forgot the key of ${file}; integrate asks for the passphrase again.\n` : `No key of ${file} was remembered.\n`);
    return;
  }
  const store = ctx.existingStore();
  if (!store) throw new UsageError(`There is no database at ${file} yet.`);
  if (!store.info.encrypted || !store.info.key) throw new UsageError(`${store.path} is not encrypted, so there is nothing to unlock (integrate encrypt encrypts it).`);
  const key = store.info.key;
  if (!opts.remember) {
    ctx.io.err(`The passphrase opens ${store.path}.\n`);
    return;
  }
  if ('raw' in key) {
    ctx.io.err(`The key of ${store.path} is already remembered in the keyring.\n`);
    return;
  }
  const raw = deriveKey(key.passphrase, store.path);
  try {
    keyringSet(store.path, raw);
  } catch (err) {
    if (err instanceof KeyringUnavailable) throw unavailable(err);
    throw err;
  }
  setRemembered(ctx.configPath(), store.path, true);
  ctx.io.err(`Remembered the key of ${store.path} in this computer's keyring: integrate opens it without asking while you are logged in. integrate unlock --forget undoes this.\n`);
}
