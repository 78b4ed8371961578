// Column definitions read from a CREATE TABLE statement, for code that must
// keep a column it did not create (a migration rebuilding a table) or name one
// of its own to add back. No imports: migrations use it too.

/**
 * Each column's definition in a CREATE TABLE statement, by name: the text between the top-level
 * commas of its parentheses, without comments. Table constraints (PRIMARY KEY (...), CHECK, ...) are skipped.
 */
export function columnDefinitions(createSql: string): Map<string, string> {
  const open = createSql.indexOf('(');
  const defs = new Map<string, string>();
  let depth = 0;
  let piece = '';
  const take = () => {
    const def = piece.replace(/\s+/g, ' ').trim();
    piece = '';
    const name = /^(?:"((?:[^"]|"")+)"|`([^`]+)`|\[([^\]]+)\]|([\w$]+))/.exec(def);
    if (!name || /^(?:CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN)$/i.test(name[4] ?? '')) return;
    defs.set((name[1]?.replace(/""/g, '"') ?? name[2] ?? name[3] ?? name[4])!, def);
  };
  for (let i = open + 1; i < createSql.length; i++) {
    const c = createSql[i]!;
    if (c === '-' && createSql[i + 1] === '-') {
      const end = createSql.indexOf('\n', i);
      i = end < 0 ? createSql.length : end;
      piece += ' ';
    } else if (c === '/' && createSql[i + 1] === '*') {
      const end = createSql.indexOf('*/', i + 2);
      i = end < 0 ? createSql.length : end + 1;
      piece += ' ';
    } else if (c === "'" || c === '"' || c === '`') {
      const end = createSql.indexOf(c, i + 1);
      piece += createSql.slice(i, end < 0 ? undefined : end + 1);
      i = end < 0 ? createSql.length : end;
    } else if (c === '(') {
      depth++;
      piece += c;
    } else if (c === ')') {
      if (depth === 0) break;
      depth--;
      piece += c;
    } else if (c === ',' && depth === 0) take();
    else piece += c;
  }
  take();
  return defs;
}
