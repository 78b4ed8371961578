// Where the key of an encrypted database comes from, in this order
// (docs/encryption.md): a passphrase file (--passphrase-file or
// INTEGRATE_PASSPHRASE_FILE; 0600 and the user's own), the OS keyring when
// the user opted in with `integrate unlock --remember`, then a hidden prompt
// on a terminal. Never from an argument or a variable holding the passphrase
// itself: both end up in shell history and process listings.
import fs from 'node:fs';
import { DataError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import type { KeySource } from '../store/cipher.js';
import { keyringGet, KeyringUnavailable, remembered } from './keyring.js';
import { readHidden } from './prompt.js';

export interface KeyChainOptions {
  env: NodeJS.ProcessEnv;
  io: Io;
  /** --passphrase-file, once commander has parsed it. */
  passphraseFile(): string | undefined;
  /** The settings file: keyring.json beside it lists the databases remembered in the keyring. */
  configPath(): string;
}

const MAX_FILE = 4096;

/** The passphrase in `file`: a regular file of this user, readable by nobody else; one trailing newline is dropped. */
export function readPassphraseFile(file: string): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new UsageError(`The passphrase file ${file} does not exist or cannot be read. Check the path given with --passphrase-file or INTEGRATE_PASSPHRASE_FILE.`);
  }
  if (!st.isFile()) throw new UsageError(`The passphrase file ${file} is not a regular file.`);
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid !== undefined && st.uid !== uid) throw new UsageError(`The passphrase file ${file} belongs to another user; it was not used. Keep it as your own file (chmod 600).`);
  if ((st.mode & 0o077) !== 0) {
    throw new UsageError(`The passphrase file ${file} can be read by others (mode ${(st.mode & 0o777).toString(8)}); it was not used. Run: chmod 600 ${file}`);
  }
  if (st.size > MAX_FILE) throw new UsageError(`The passphrase file ${file} is larger than ${MAX_FILE} bytes; it should hold only the passphrase.`);
  const text = fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  if (!text) throw new UsageError(`The passphrase file ${file} is empty.`);
  return text;
}

export const NO_KEY_WAYS =
  'unlock it with a passphrase file (--passphrase-file FILE or INTEGRATE_PASSPHRASE_FILE, mode 600), with this computer\'s keyring (integrate unlock --remember, once in a terminal), or run integrate in a terminal to type the passphrase';

export function keyChain(opts: KeyChainOptions): KeySource {
  const named = () => opts.passphraseFile() ?? (opts.env.INTEGRATE_PASSPHRASE_FILE || undefined);
  return {
    offered: named,
    unlock(file) {
      const given = named();
      if (given) return { key: { passphrase: readPassphraseFile(given) }, source: `the passphrase in ${given}` };
      if (remembered(opts.configPath()).includes(file)) {
        try {
          const raw = keyringGet(file);
          if (raw) return { key: { raw }, source: 'the key remembered in the keyring' };
          opts.io.err(`The keyring holds no key for ${file} any more; asking instead.\n`);
        } catch (err) {
          if (!(err instanceof KeyringUnavailable)) throw err;
          opts.io.err(`No keyring is available here (${err.message}); asking for the passphrase instead.\n`);
        }
      }
      if (opts.io.canPrompt()) return { key: { passphrase: readHidden(`Passphrase for ${file}: `, opts.io) }, source: 'that passphrase' };
      throw new DataError(`${file} is not an integrate database, or it is encrypted: to open it, ${NO_KEY_WAYS}.`);
    },
  };
}
