// Everything a command needs from the outside world, injected: terminal I/O,
// prompts, the clock, environment, and the database (opened on first use).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { memoryIo, processIo, makeChalk, type Io } from './io.js';
import { inquirerPrompter, scriptedPrompter, type Prompter } from './prompter.js';
import { Store } from './store/index.js';
import { openDatabase, openMemoryDatabase } from './store/open.js';
import envPaths from 'env-paths';
import { DEFAULT_CONFIG, readConfigFile, toConfig, type Config } from './config.js';
import { sanitizeLine } from './render/sanitize.js';
import { keyChain } from './keys/unlock.js';

export interface Clock {
  now(): Date;
}

export interface Globals {
  db?: string;
  color?: boolean;
  /** --passphrase-file: the passphrase of an encrypted database (docs/encryption.md). */
  passphraseFile?: string;
}

export interface StoreOptions {
  /** The command will write (doctor --fix): refuse a database that can only be read. */
  write?: boolean;
  /** Open even with triggers, views or tables integrate did not create (doctor reports and drops them). */
  allowForeignObjects?: boolean;
  /** The command encrypts a plaintext database (a named passphrase file is its new passphrase). */
  plainExpected?: boolean;
}

export interface Ctx {
  io: Io;
  prompter: Prompter;
  clock: Clock;
  env: NodeJS.ProcessEnv;
  /** Applies the global flags once commander has parsed them. */
  applyGlobals(globals: Globals): void;
  /** The config folder (user prompt packs live in its prompts/). */
  configDir(): string;
  /** The settings file ($INTEGRATE_CONFIG or config.json in the config folder). */
  configPath(): string;
  /** The effective settings, read once per run. */
  config(): Config;
  /** The database path in force and whether it is the default location. */
  dbPath(): { path: string; isDefault: boolean };
  /** Opens (creating if needed) the database for writing; a database that can only be read is refused with one line. */
  store(): Store;
  /**
   * Opens the database only if it exists; reading commands use this so they never create files.
   * A database that cannot be written (read-only file, folder or mount) is opened read-only.
   */
  existingStore(options?: StoreOptions): Store | undefined;
  close(): void;
}

export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  // env-paths follows XDG on Linux and the platform's own places elsewhere.
  if (env.XDG_DATA_HOME && process.platform === 'linux') return path.join(env.XDG_DATA_HOME, 'integrate');
  return envPaths('integrate', { suffix: '' }).data;
}

export function defaultConfigDir(env: NodeJS.ProcessEnv): string {
  if (env.XDG_CONFIG_HOME && process.platform === 'linux') return path.join(env.XDG_CONFIG_HOME, 'integrate');
  return envPaths('integrate', { suffix: '' }).config;
}

export function configFile(env: NodeJS.ProcessEnv): string {
  return env.INTEGRATE_CONFIG ? path.resolve(env.INTEGRATE_CONFIG) : path.join(defaultConfigDir(env), 'config.json');
}

export function resolveDbPath(globals: Globals, env: NodeJS.ProcessEnv): { path: string; isDefault: boolean } {
  const explicit = globals.db ?? (env.INTEGRATE_DB || undefined);
  if (explicit) return { path: path.resolve(explicit), isDefault: false };
  return { path: path.join(defaultDataDir(env), 'integrate.db'), isDefault: true };
}

export function createProcessCtx(env: NodeJS.ProcessEnv = process.env): Ctx {
  let globals: Globals = {};
  let store: Store | undefined;
  let config: Config | undefined;
  const getConfig = () => (config ??= toConfig(readConfigFile(configFile(env))));
  const io = processIo(env, false);
  const keys = keyChain({ env, io, passphraseFile: () => globals.passphraseFile, configPath: () => configFile(env) });
  // Opened once per run. A read-only opening (a reading command on a read-only database)
  // followed by a write asks openDatabase again, which refuses with the reason in one line.
  const replaced: Store[] = [];
  const open = (create: boolean, options: StoreOptions = {}): Store | undefined => {
    const write = create || Boolean(options.write);
    if (store && !(write && store.readonly)) return store;
    const { path: file, isDefault } = resolveDbPath(globals, env);
    const opened = openDatabase(file, {
      create, write, ownsDirectory: isDefault, allowForeignObjects: options.allowForeignObjects, keys, plainExpected: options.plainExpected, notice: (m) => io.err(`${sanitizeLine(m)}\n`),
    });
    if (opened) {
      if (store) replaced.push(store); // still held by the command that opened it
      store = new Store(opened.db, opened.path, { readonlyReason: opened.readonlyReason, inMemory: opened.inMemory, encrypted: opened.encrypted, key: opened.key });
    }
    return store;
  };
  return {
    io,
    prompter: inquirerPrompter(env, () => getConfig().editor),
    clock: { now: () => new Date() },
    env,
    applyGlobals(g) {
      globals = g;
      if (g.color === false) {
        io.color = false;
        io.c = makeChalk(false);
      }
    },
    configDir: () => defaultConfigDir(env),
    configPath: () => configFile(env),
    config: getConfig,
    dbPath: () => resolveDbPath(globals, env),
    store: () => open(true)!,
    existingStore: (options) => open(false, options),
    close() {
      for (const s of replaced.splice(0)) s.close();
      store?.close();
      store = undefined;
    },
  };
}

export interface TestCtxOptions {
  now?: Date;
  tty?: boolean;
  stdin?: string;
  answers?: unknown[];
  columns?: number;
  color?: boolean;
  env?: NodeJS.ProcessEnv;
  store?: Store;
  configDir?: string;
  config?: Partial<Config>;
}

let testConfigRoot: string | undefined;
let testConfigCount = 0;

/**
 * A config folder of its own for each test context that names none: it does
 * not exist (reads find no settings and no user packs) and, should a test
 * write settings, they land in a temp folder removed at exit, never in a
 * shared path such as /nonexistent (which root could create).
 */
function freshTestConfigDir(): string {
  if (!testConfigRoot) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-test-config-'));
    process.once('exit', () => fs.rmSync(root, { recursive: true, force: true }));
    testConfigRoot = root;
  }
  return path.join(testConfigRoot, String(++testConfigCount));
}

/** A context with in-memory I/O, a fixed clock, scripted prompts and an in-memory database. */
export function createTestCtx(opts: TestCtxOptions = {}) {
  const configDir = opts.configDir ?? freshTestConfigDir();
  const io = memoryIo({ stdin: opts.stdin, tty: opts.tty, columns: opts.columns, color: opts.color });
  const prompter = scriptedPrompter(opts.answers ?? []);
  const store = opts.store ?? new Store(openMemoryDatabase(), ':memory:');
  const now = opts.now ?? new Date('2026-11-21T10:00:00Z');
  const ctx: Ctx & { io: typeof io; prompter: typeof prompter; testStore: Store } = {
    io,
    prompter,
    clock: { now: () => new Date(now.getTime()) },
    env: opts.env ?? {},
    applyGlobals() {},
    configDir: () => configDir,
    configPath: () => path.join(configDir, 'config.json'),
    config: () => ({ ...DEFAULT_CONFIG, cadence: {}, ...opts.config }),
    dbPath: () => ({ path: ':memory:', isDefault: false }),
    store: () => store,
    existingStore: () => store,
    close() {},
    testStore: store,
  };
  return ctx;
}
