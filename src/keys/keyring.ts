// The OS keyring (Secret Service on Linux, Keychain on macOS, Credential
// Manager on Windows) through @napi-rs/keyring, required on first use so
// nobody else pays for loading it. It holds the key derived from the
// passphrase for one database (not the passphrase), so a scripted check-in
// skips the deliberate KDF. Which databases the user opted in for is noted
// in keyring.json beside the settings, so a database nobody remembered
// never loads the keyring at all.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const SERVICE = 'integrate';

interface Entry {
  getPassword(): string | null | undefined;
  setPassword(password: string): void;
  deletePassword(): boolean | void;
}

/** Why the keyring cannot be used here, in a few words; undefined when it can. */
export class KeyringUnavailable extends Error {}

function entryFor(file: string): Entry {
  let mod: { Entry: new (service: string, account: string) => Entry };
  try {
    mod = createRequire(import.meta.url)('@napi-rs/keyring');
  } catch {
    throw new KeyringUnavailable('the keyring module is not installed for this platform');
  }
  try {
    return new mod.Entry(SERVICE, file);
  } catch (err) {
    throw new KeyringUnavailable(oneLine(err));
  }
}

function oneLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 200);
}

function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof KeyringUnavailable) throw err;
    // e.g. no Secret Service on D-Bus (a server, a container, a bare window manager).
    throw new KeyringUnavailable(oneLine(err));
  }
}

export function keyringGet(file: string): Buffer | undefined {
  const hex = guarded(() => entryFor(file).getPassword());
  return hex && /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}

export function keyringSet(file: string, key: Buffer): void {
  guarded(() => entryFor(file).setPassword(key.toString('hex')));
}

export function keyringDelete(file: string): void {
  guarded(() => entryFor(file).deletePassword());
}

/** The opt-in list: keyring.json in the settings folder. */
function listFile(configPath: string): string {
  return path.join(path.dirname(configPath), 'keyring.json');
}

export function remembered(configPath: string): string[] {
  try {
    const parsed = JSON.parse(fs.readFileSync(listFile(configPath), 'utf8')) as { remembered?: unknown };
    return Array.isArray(parsed.remembered) ? parsed.remembered.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

export function setRemembered(configPath: string, file: string, on: boolean): void {
  const list = remembered(configPath).filter((p) => p !== file);
  if (on) list.push(file);
  const target = listFile(configPath);
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify({ remembered: list }, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temp, target);
}
