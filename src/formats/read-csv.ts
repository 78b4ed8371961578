// A streaming CSV reader (RFC 4180: "," between fields, "" for a quote inside
// a quoted field, records ended by \n, \r\n or \r), for the CSV files
// importers read. Records are handed over one at a time with the file line
// they start on, so a 36,500-row export is never held whole. Blank lines are
// skipped; rows may have any number of fields.

/** The file is not CSV; the message says where, for "is not valid CSV (…)". */
export class CsvSyntaxError extends Error {}

export interface CsvRecord {
  fields: string[];
  /** The file line the record starts on (quoted fields may span lines). */
  line: number;
}

export function* readCsv(chunks: Iterable<string>): Generator<CsvRecord> {
  let buf = '';
  let line = 1;
  let eof = false;
  const source = chunks[Symbol.iterator]();
  /** Reads more text, keeping buf from `keep`; while one record spans chunks the buffer at least doubles (linear time). */
  const more = (keep: number): boolean => {
    if (eof) return false;
    buf = buf.slice(keep);
    const want = Math.max(1, buf.length);
    let added = 0;
    while (added < want) {
      const next = source.next();
      if (next.done) {
        eof = true;
        break;
      }
      buf += next.value;
      added += next.value.length;
    }
    return added > 0 || buf.length > 0;
  };
  let pos = 0;
  if (!more(0)) return;
  for (;;) {
    // Blank lines between records.
    for (;;) {
      if (pos >= buf.length) {
        if (eof || !more(pos)) return;
        pos = 0;
        continue;
      }
      const c = buf.charCodeAt(pos);
      if (c === 0x0a) line++;
      else if (c === 0x0d) {
        if (pos + 1 >= buf.length && !eof) {
          more(pos);
          pos = 0;
          continue;
        }
        if (buf.charCodeAt(pos + 1) !== 0x0a) line++;
      } else break;
      pos++;
    }
    const parsed = record(buf, pos, eof, line);
    if (parsed === undefined) {
      // The record runs past the buffer: read more and parse it again from its start.
      more(pos);
      pos = 0;
      continue;
    }
    yield { fields: parsed.fields, line };
    line += parsed.lines;
    pos = parsed.end;
  }
}

/**
 * One record from `start`: its fields, the index after its end (past the line
 * break) and how many line breaks it spans, or undefined when the buffer ends
 * first and more text may follow.
 */
function record(buf: string, start: number, eof: boolean, line: number): { fields: string[]; end: number; lines: number } | undefined {
  const fields: string[] = [];
  let lines = 0;
  let i = start;
  for (;;) {
    if (buf.charCodeAt(i) === 0x22) {
      // A quoted field: up to the quote that is not doubled.
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = buf.indexOf('"', from);
        if (q < 0) {
          if (!eof) return undefined;
          throw new CsvSyntaxError(`line ${line}: a quoted field is not closed`);
        }
        if (q + 1 >= buf.length && !eof) return undefined;
        value += buf.slice(from, q);
        if (buf.charCodeAt(q + 1) === 0x22) {
          value += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) lines++;
      for (let k = value.indexOf('\r'); k >= 0; k = value.indexOf('\r', k + 1)) if (value.charCodeAt(k + 1) !== 0x0a) lines++;
      fields.push(value);
      const c = buf.charCodeAt(i);
      if (i < buf.length && c !== 0x2c && c !== 0x0a && c !== 0x0d) {
        throw new CsvSyntaxError(`line ${line + lines}: a quoted field must be followed by "," or the end of the line, not ${JSON.stringify(buf[i])}`);
      }
    } else {
      let j = i;
      for (; j < buf.length; j++) {
        const c = buf.charCodeAt(j);
        if (c === 0x2c || c === 0x0a || c === 0x0d) break;
        if (c === 0x22) throw new CsvSyntaxError(`line ${line + lines}: a quote inside a field that does not start with one; quote the whole field`);
      }
      if (j >= buf.length && !eof) return undefined;
      fields.push(buf.slice(i, j));
      i = j;
    }
    // Here buf[i] is ",", a line break, or the end of the text.
    if (i >= buf.length) return { fields, end: i, lines };
    const c = buf.charCodeAt(i);
    if (c === 0x2c) {
      i++;
      if (i >= buf.length && !eof) return undefined;
      continue;
    }
    if (c === 0x0d) {
      if (i + 1 >= buf.length && !eof) return undefined;
      return { fields, end: buf.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1, lines: lines + 1 };
    }
    return { fields, end: i + 1, lines: lines + 1 };
  }
}
