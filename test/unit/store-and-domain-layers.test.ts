// The layering rules that keep persistence and wording in one place each:
// src/domain imports only itself and names no flag or command; every SQL
// string and every transaction lives under src/store/.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli.js';

const SRC = path.join(__dirname, '..', '..', 'src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? files(full) : d.name.endsWith('.ts') ? [full] : [];
  });
}

/** The code of a file without its comments (strings kept), line by line with numbers. */
function codeLines(file: string): [number, string][] {
  const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  return text.split('\n').map((line, i) => [i + 1, line.replace(/^\s*\/\/.*$/, '').replace(/\s\/\/ .*$/, '')] as [number, string]);
}

const rel = (file: string) => path.relative(SRC, file);

describe('src/domain is pure', () => {
  const domain = files(path.join(SRC, 'domain'));

  it('imports only from src/domain', () => {
    const outside = domain.flatMap((f) => codeLines(f)
      .filter(([, l]) => /\bfrom\s+'(\.\.\/|node:|[a-z@])/.test(l) || /\bimport\(\s*'\.\.\//.test(l))
      .map(([n, l]) => `${rel(f)}:${n}: ${l.trim()}`));
    expect(outside).toEqual([]);
  });

  it('names no flag and no integrate command in its strings (commands word its errors)', () => {
    const commands = COMMANDS.map((c) => c.name).join('|');
    const named = new RegExp(`['"\`][^'"\`]*(?:--[a-z]|\\bintegrate (?:${commands})\\b)`);
    const found = domain.flatMap((f) => codeLines(f).filter(([, l]) => named.test(l)).map(([n, l]) => `${rel(f)}:${n}: ${l.trim()}`));
    expect(found).toEqual([]);
  });
});

describe('the store owns SQL and transactions', () => {
  // The importer still prepares its own statements until it has an import repository (issue #16).
  const PENDING = new Set(['formats/import.ts']);
  const outside = files(SRC).filter((f) => !rel(f).startsWith(`store${path.sep}`) && !PENDING.has(rel(f).split(path.sep).join('/')));

  it('no SQL text outside src/store', () => {
    const sql = /['"`]\s*(SELECT|INSERT|UPDATE|DELETE FROM|CREATE|DROP|PRAGMA|BEGIN|COMMIT)\b/;
    const found = outside.flatMap((f) => codeLines(f).filter(([, l]) => sql.test(l)).map(([n, l]) => `${rel(f)}:${n}: ${l.trim()}`));
    expect(found).toEqual([]);
  });

  it('no database handle used outside src/store: transactions go through store.transaction(fn)', () => {
    const handle = /\.db\.(prepare|exec|transaction|pragma|backup)\b|store\.db\b/;
    const found = outside.flatMap((f) => codeLines(f).filter(([, l]) => handle.test(l)).map(([n, l]) => `${rel(f)}:${n}: ${l.trim()}`));
    expect(found).toEqual([]);
  });
});
