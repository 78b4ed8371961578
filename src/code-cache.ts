// A V8 code cache for the built bundle. Compiling the JavaScript a command
// needs is most of what integrate adds to a run's start (about 20 ms of a
// `list` here), and Node 20 has no compile cache of its own
// (module.enableCompileCache() is Node 22). So the build turns dist/ into
// CommonJS, runs the common commands once in one process, and saves what V8
// compiled for each file as dist/v8/<file>.bin; a run reads it back instead
// of compiling (v8-compile-cache does the same). V8 refuses data made by
// another V8 version, other flags or a source of another length and then
// compiles as usual, so a stale or missing cache only costs the time it
// would have saved. Every chunk's name carries a hash of its content, and a
// build empties dist/ first, so a cache never outlives its file.
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

interface Compilable {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}

/** The parts of Node's CommonJS loader used to load a bundle file without resolving its name again. */
interface Loader {
  new (id: string, parent?: unknown): Compilable & { filename: string; paths: string[]; load(filename: string): void };
  _cache: Record<string, { exports: unknown } | undefined>;
  _nodeModulePaths(dir: string): string[];
}

export const CODE_CACHE_DIR = 'v8';

const recorded: { script: vm.Script; cacheFile: string }[] = [];

/** The cache file of a bundle file: dist/chunks/x.js -> dist/v8/chunks__x.js.bin. */
export function codeCacheFile(distDir: string, file: string): string {
  return `${distDir}${path.sep}${CODE_CACHE_DIR}${path.sep}${file.slice(distDir.length + 1).split(path.sep).join('__')}.bin`;
}

/**
 * Compiles every file under `distDir` that is required from now on with its
 * cached code when there is some. With `record`, keeps the scripts so
 * writeCodeCache() can save what they compiled (the build does this).
 */
export function useCodeCache(distDir: string, record = false): void {
  const proto = Module.prototype as unknown as Compilable;
  const compile = proto._compile;
  const inside = distDir + path.sep;
  proto._compile = function compileWithCache(this: Compilable, content: string, filename: string) {
    if (!filename.startsWith(inside)) return compile.call(this, content, filename);
    const cacheFile = codeCacheFile(distDir, filename);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // No cache for this file (not built with one, or a command the build did not run): compile it.
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (record) recorded.push({ script, cacheFile });
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, bundleRequire(this, filename), this, filename, path.dirname(filename));
  };
}

/**
 * require() for a bundle file. The bundle's own files ("./chunk-X.js", all in
 * dist/) are loaded by name: their paths are known, so Node's search (stat,
 * realpath, package.json lookups: a few ms over the 40 files a command loads)
 * is skipped. Anything else (Node built-ins, the SQLite addon's package) goes
 * through Node's own require.
 */
function bundleRequire(parent: Compilable, filename: string): NodeJS.Require {
  const loader = Module as unknown as Loader;
  const dir = path.dirname(filename);
  const nodeRequire = Module.createRequire(filename);
  const bundled = (id: string): unknown => {
    if (!id.startsWith('./') || !id.endsWith('.js')) return nodeRequire(id);
    const file = dir + id.slice(1);
    const cached = loader._cache[file];
    if (cached) return cached.exports;
    const module = new loader(file, parent);
    module.filename = file;
    module.paths = loader._nodeModulePaths(path.dirname(file));
    loader._cache[file] = module;
    let loaded = false;
    try {
      module.load(file);
      loaded = true;
    } finally {
      if (!loaded) delete loader._cache[file];
    }
    return module.exports;
  };
  return Object.assign(bundled, nodeRequire) as NodeJS.Require;
}

/** Saves what V8 compiled for each recorded file, functions compiled while running included. Returns the bytes written. */
export function writeCodeCache(): number {
  let bytes = 0;
  for (const { script, cacheFile } of recorded) {
    const data = script.createCachedData();
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    fs.writeFileSync(cacheFile, data);
    bytes += data.length;
  }
  return bytes;
}
