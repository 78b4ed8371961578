// A streaming reader for the JSON documents importers read: an object whose
// big lists (entries, sessions, …) are handed over one element at a time, so
// a 40 MB export is never one JavaScript value. It only finds where each
// value ends (strings, escapes and bracket depth); the value itself is read by
// JSON.parse, which checks it fully. A library that builds values token by
// token in JavaScript is several times slower than that split.

/** The file is not JSON; the message says where, for "is not valid JSON (…)". */
export class JsonSyntaxError extends Error {}

export interface JsonDocumentHandlers {
  /** One element of a top-level list named in `streamed`, in file order, counted from 0. */
  element(key: string, value: unknown, index: number): void;
  /** Any other top-level field, whole (including a streamed key whose value is not a list). */
  field(key: string, value: unknown): void;
  /** A streamed list begins (called even when it is empty). */
  list?(key: string): void;
}

/**
 * Reads a JSON document from text chunks. Returns false (after checking it is
 * valid JSON) when the document is not an object, true otherwise.
 */
export function readJsonDocument(chunks: Iterable<string>, streamed: ReadonlySet<string>, on: JsonDocumentHandlers): boolean {
  return new JsonScanner(chunks[Symbol.iterator]()).document(streamed, on);
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
// Characters that end a number, true, false or null at the top of a value.
const SCALAR_END = new Set([0x2c, 0x7d, 0x5d, 0x20, 0x09, 0x0a, 0x0d]);

class JsonScanner {
  private buf = '';
  private pos = 0;
  /** Line of `pos`, for messages. */
  private line = 1;
  private eof = false;
  /**
   * For the one-line path (oneLine): the index in `buf` of the next line break at or after the
   * last value tried, or buf.length when `buf` has none; -1 when not yet looked for in this `buf`.
   */
  private lineEnd = -1;
  /** Values the one-line path tried in vain; after a few it is not tried again (the file is laid out otherwise). */
  private oneLineMisses = 0;

  constructor(private readonly chunks: Iterator<string>) {}

  /**
   * Appends text, dropping what is before `keep`. While one value spans many
   * chunks, the buffer at least doubles before it is scanned again, so a huge
   * value costs linear time, not quadratic.
   */
  private more(keep: number): boolean {
    if (this.eof) return false;
    this.lineEnd = -1;
    this.buf = this.buf.slice(keep);
    this.pos -= keep;
    const want = Math.max(1, this.buf.length);
    let added = 0;
    while (added < want) {
      const next = this.chunks.next();
      if (next.done) {
        this.eof = true;
        break;
      }
      this.buf += next.value;
      added += next.value.length;
    }
    return added > 0;
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(`line ${this.line}: ${message}`);
  }

  /** The next character that is not white space (its code), or -1 at the end of the text. */
  private peek(): number {
    for (;;) {
      while (this.pos < this.buf.length) {
        const c = this.buf.charCodeAt(this.pos);
        if (!WS.has(c)) return c;
        if (c === 0x0a) this.line++;
        this.pos++;
      }
      if (!this.more(this.pos)) return -1;
    }
  }

  private expect(char: string, what: string): void {
    const c = this.peek();
    if (c !== char.charCodeAt(0)) this.fail(c < 0 ? `the text ends where ${what} should be` : `expected ${what}, found ${JSON.stringify(this.buf[this.pos])}`);
    this.pos++;
  }

  /**
   * An object or list that is the rest of its line (with at most a comma after it), parsed whole
   * without finding its end character by character: integrate's own export writes an entry per
   * line. Such a text that JSON.parse reads whole is the value at `pos` (an object or list ends at
   * its closing bracket, and JSON text holds no raw line break), so the result is the scan's.
   * Undefined when the value is not laid out so (the scan reads it, and words any error).
   */
  private oneLine(): { value: unknown } | undefined {
    const { buf, pos } = this;
    const close = buf.charCodeAt(pos) === 0x7b ? 0x7d : buf.charCodeAt(pos) === 0x5b ? 0x5d : 0;
    if (!close || this.oneLineMisses > 8) return undefined;
    if (this.lineEnd < pos) {
      const i = buf.indexOf('\n', pos);
      this.lineEnd = i < 0 ? buf.length : i;
    }
    // No line break in what is read so far: the scan reads on.
    if (this.lineEnd >= buf.length) return undefined;
    let end = this.lineEnd;
    while (end > pos && WS.has(buf.charCodeAt(end - 1))) end--;
    if (buf.charCodeAt(end - 1) === 0x2c) {
      end--;
      while (end > pos && WS.has(buf.charCodeAt(end - 1))) end--;
    }
    if (buf.charCodeAt(end - 1) !== close) {
      this.oneLineMisses++;
      return undefined;
    }
    try {
      const value: unknown = JSON.parse(buf.slice(pos, end));
      this.pos = end;
      return { value };
    } catch {
      this.oneLineMisses++;
      return undefined;
    }
  }

  /** Finds where the value at `pos` ends and parses it; `pos` moves past it. */
  private value(): unknown {
    if (this.peek() < 0) this.fail('the text ends where a value should be');
    const line = this.oneLine();
    if (line) return line.value;
    for (;;) {
      const start = this.pos;
      const end = this.valueEnd(start);
      if (end >= 0) {
        const text = this.buf.slice(start, end);
        const startLine = this.line;
        for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.line++;
        this.pos = end;
        try {
          return JSON.parse(text);
        } catch (err) {
          this.line = startLine;
          this.fail((err as Error).message.replace(/,? (?:in JSON )?at position \d+.*$/s, '').replace(/ \(line \d+ column \d+\)$/, ''));
        }
      }
      // The value runs past the buffer: read more, keeping it whole (at the end, scan once more knowing it is the end).
      if (this.eof) this.fail('the text ends in the middle of a value');
      this.more(start);
    }
  }

  /** The index just past the value starting at `start`, or -1 when the buffer ends first. */
  private valueEnd(start: number): number {
    const buf = this.buf;
    const first = buf.charCodeAt(start);
    if (first !== 0x7b && first !== 0x5b && first !== 0x22) {
      for (let i = start; i < buf.length; i++) if (SCALAR_END.has(buf.charCodeAt(i))) return i;
      return this.eof ? buf.length : -1;
    }
    let depth = 0;
    for (let i = start; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c === 0x22) {
        i = stringEnd(buf, i);
        if (i < 0) return -1;
        if (depth === 0) return i + 1;
      } else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (--depth === 0) return i + 1;
      }
    }
    return -1;
  }

  document(streamed: ReadonlySet<string>, on: JsonDocumentHandlers): boolean {
    const c = this.peek();
    if (c !== 0x7b) {
      // Not an object: still say whether it is JSON at all.
      this.value();
      if (this.peek() >= 0) this.fail('unexpected text after the end of the document');
      return false;
    }
    this.pos++;
    if (this.peek() === 0x7d) this.pos++;
    else {
      for (;;) {
        if (this.peek() !== 0x22) this.fail(this.peek() < 0 ? 'the text ends where a field name should be' : `expected a field name, found ${JSON.stringify(this.buf[this.pos])}`);
        const key = this.value() as string;
        this.expect(':', '":"');
        if (streamed.has(key) && this.peek() === 0x5b) this.list(key, on);
        else on.field(key, this.value());
        const next = this.peek();
        if (next === 0x2c) this.pos++;
        else if (next === 0x7d) {
          this.pos++;
          break;
        } else this.fail(next < 0 ? 'the text ends before the closing "}"' : `expected "," or "}", found ${JSON.stringify(this.buf[this.pos])}`);
      }
    }
    if (this.peek() >= 0) this.fail('unexpected text after the end of the document');
    return true;
  }

  private list(key: string, on: JsonDocumentHandlers): void {
    this.pos++;
    on.list?.(key);
    if (this.peek() === 0x5d) {
      this.pos++;
      return;
    }
    for (let index = 0; ; index++) {
      on.element(key, this.value(), index);
      const next = this.peek();
      if (next === 0x2c) this.pos++;
      else if (next === 0x5d) {
        this.pos++;
        return;
      } else this.fail(next < 0 ? `the text ends inside the "${key}" list` : `expected "," or "]" in the "${key}" list, found ${JSON.stringify(this.buf[this.pos])}`);
    }
  }
}

/** The index of the quote closing the string that opens at `open`, or -1 when the buffer ends first. */
function stringEnd(buf: string, open: number): number {
  for (let i = buf.indexOf('"', open + 1); i >= 0; i = buf.indexOf('"', i + 1)) {
    let slashes = 0;
    for (let j = i - 1; buf.charCodeAt(j) === 0x5c; j--) slashes++;
    if (slashes % 2 === 0) return i;
  }
  return -1;
}
