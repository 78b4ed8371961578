// encrypt, passphrase and decrypt: the database re-written as a whole with a
// new key (or none) and swapped in atomically (src/store/recrypt.ts).
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { DataError, UsageError } from '../errors.js';
import { readHidden } from '../keys/prompt.js';
import { readPassphraseFile } from '../keys/unlock.js';
import { keyringDelete, remembered, setRemembered } from '../keys/keyring.js';
import { CIPHER, MIN_PASSPHRASE, strengthHint } from '../store/cipher.js';
import { recryptStore, type RecryptStep } from '../store/recrypt.js';
import type { Store } from '../store/index.js';
import { examplesHelp, related, type CommandExamples } from './shared/help.js';

/** The examples their help shows (a test runs each one that needs no terminal). */
export const examples = {
  'integrate encrypt': [
    { cmd: 'integrate encrypt', why: 'asks for a new passphrase twice (hidden)', interactive: true },
    { cmd: 'integrate --passphrase-file ~/.integrate-pass encrypt', why: 'the passphrase from a file you keep private (chmod 600)' },
  ],
  'integrate passphrase': [
    { cmd: 'integrate passphrase', why: 'asks for the current passphrase, then the new one twice', interactive: true },
  ],
  'integrate decrypt': [
    { cmd: 'integrate decrypt', why: 'asks for the passphrase, then to confirm', interactive: true },
  ],
} satisfies CommandExamples;

interface NewKeyOptions {
  newPassphraseFile?: string;
  /** The global --passphrase-file (encrypt takes it as the new passphrase). */
  passphraseFile?: string;
}

/** Test hook: INTEGRATE_TEST_KILL_AT=step makes the process SIGKILL itself there (crash-safety tests). */
function stepHook(ctx: Ctx): (name: RecryptStep) => void {
  const at = ctx.env.INTEGRATE_TEST_KILL_AT;
  return (name) => {
    if (at === name) process.kill(process.pid, 'SIGKILL');
  };
}

/** The new passphrase: from a file, or typed twice on a terminal. */
function newPassphrase(ctx: Ctx, file: string | undefined, flagHint: string): string {
  let passphrase: string;
  if (file) passphrase = readPassphraseFile(file);
  else if (ctx.io.canPrompt()) {
    passphrase = readHidden(`New passphrase (at least ${MIN_PASSPHRASE} characters): `, ctx.io);
    if (passphrase.length >= MIN_PASSPHRASE && readHidden('The same passphrase again: ', ctx.io) !== passphrase) {
      throw new UsageError('The two passphrases differ; nothing was changed. Run the command again.');
    }
  } else {
    throw new UsageError(`A new passphrase is needed: run this in a terminal to type it, or give it in a file with ${flagHint} FILE (mode 600).`);
  }
  if ([...passphrase].length < MIN_PASSPHRASE) throw new UsageError(`The passphrase is too short: use at least ${MIN_PASSPHRASE} characters (several unrelated words are easy to remember). Nothing was changed.`);
  const hint = strengthHint(passphrase);
  if (hint) ctx.io.err(`Hint: ${hint}.\n`);
  return passphrase;
}

function requireStore(ctx: Ctx, plainExpected = false): Store {
  const store = ctx.existingStore({ write: true, plainExpected });
  if (!store) throw new UsageError(`There is no database at ${ctx.dbPath().path} yet; write something first (integrate checkin).`);
  if (store.info.inMemory || store.readonly) throw new DataError(`${store.path} can only be read here (${store.info.readonlyReason ?? 'read-only'}); nothing was changed.`);
  return store;
}

/** The key in the keyring belongs to the old file: forget it (the user can remember the new one). */
function forgetRemembered(ctx: Ctx, file: string): void {
  if (!remembered(ctx.configPath()).includes(file)) return;
  setRemembered(ctx.configPath(), file, false);
  try {
    keyringDelete(file);
  } catch {
    // No keyring reachable: the entry can no longer be used anyway (the opt-in is gone).
  }
  ctx.io.err('The key remembered in the keyring no longer fits and was forgotten; run integrate unlock --remember to remember the new one.\n');
}

export function registerEncrypt(program: Command, ctx: Ctx): void {
  program
    .command('encrypt')
    .description('encrypt the database with a passphrase (it is then unreadable without it)')
    .option('--new-passphrase-file <file>', 'read the new passphrase from this file (mode 600) instead of asking')
    .addHelpText('before', examplesHelp(examples['integrate encrypt']))
    .addHelpText('after', `\n${CIPHER.name}; the key is ${CIPHER.kdf} of the passphrase, ${CIPHER.kdfIterations.toLocaleString('en')} iterations.\nOld plaintext copies (backups, exports, snapshots) are not touched: delete them yourself.${related(['passphrase', 'decrypt', 'unlock'])}`)
    .action((opts: NewKeyOptions, cmd: Command) => runEncrypt({ ...opts, passphraseFile: cmd.optsWithGlobals<NewKeyOptions>().passphraseFile }, ctx));
}

export async function runEncrypt(opts: NewKeyOptions, ctx: Ctx): Promise<void> {
  const store = requireStore(ctx, true);
  if (store.info.encrypted) throw new UsageError(`${store.path} is already encrypted; integrate passphrase changes its passphrase.`);
  // `integrate --passphrase-file F encrypt` (or INTEGRATE_PASSPHRASE_FILE): the same file then unlocks it.
  const named = opts.newPassphraseFile ?? opts.passphraseFile ?? (ctx.env.INTEGRATE_PASSPHRASE_FILE || undefined);
  const passphrase = newPassphrase(ctx, named, '--new-passphrase-file');
  const rows = recryptStore(store, { to: passphrase, step: stepHook(ctx) });
  ctx.io.err(`Encrypted ${store.path} (${entriesWord(rows.get('entries') ?? 0)}). Without the passphrase it cannot be read, and it cannot be recovered if you forget it.\nOld backups and exports are still plaintext: delete the ones you no longer need. integrate unlock --remember keeps the key in this computer's keyring.\n`);
}

export function registerPassphrase(program: Command, ctx: Ctx): void {
  program
    .command('passphrase')
    .description('change the passphrase of an encrypted database')
    .option('--new-passphrase-file <file>', 'read the new passphrase from this file (mode 600) instead of asking')
    .addHelpText('before', examplesHelp(examples['integrate passphrase']))
    .addHelpText('after', related(['encrypt', 'decrypt', 'unlock']))
    .action((opts: NewKeyOptions) => runPassphrase(opts, ctx));
}

export async function runPassphrase(opts: NewKeyOptions, ctx: Ctx): Promise<void> {
  const store = requireStore(ctx);
  if (!store.info.encrypted) throw new UsageError(`${store.path} is not encrypted; integrate encrypt encrypts it with a passphrase.`);
  const from = store.info.key;
  const passphrase = newPassphrase(ctx, opts.newPassphraseFile, '--new-passphrase-file');
  recryptStore(store, { from, to: passphrase, step: stepHook(ctx) });
  ctx.io.err(`The passphrase of ${store.path} was changed.\n`);
  forgetRemembered(ctx, store.path);
}

export function registerDecrypt(program: Command, ctx: Ctx): void {
  program
    .command('decrypt')
    .description('remove the encryption: store the database as plain SQLite again')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText('before', examplesHelp(examples['integrate decrypt']))
    .addHelpText('after', related(['encrypt', 'backup']))
    .action((opts: { yes?: boolean }) => runDecrypt(opts, ctx));
}

export async function runDecrypt(opts: { yes?: boolean }, ctx: Ctx): Promise<void> {
  const store = requireStore(ctx);
  if (!store.info.encrypted) throw new UsageError(`${store.path} is not encrypted; there is nothing to decrypt.`);
  if (!opts.yes) {
    if (!ctx.io.canPrompt()) throw new UsageError('Not decrypting without confirmation: add --yes to decrypt from a script.');
    const sure = await ctx.prompter.confirm({ message: 'Store your journal unencrypted, readable by anyone who gets the file?', default: false });
    if (!sure) {
      ctx.io.err('Nothing was changed.\n');
      return;
    }
  }
  recryptStore(store, { from: store.info.key, to: '', step: stepHook(ctx) });
  ctx.io.err(`${store.path} is no longer encrypted.\n`);
  forgetRemembered(ctx, store.path);
}

function entriesWord(n: number): string {
  return `${n} entr${n === 1 ? 'y' : 'ies'}`;
}
