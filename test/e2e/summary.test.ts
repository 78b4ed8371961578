// End-to-end: `integrate summary` from the built bin against a temp database
// seeded through the CLI. Piped: raw Markdown on stdout. --out: a 0600 file
// and its path on stderr. With Debian's chromium installed, the HTML page is
// rendered headless to a PNG that must not be blank.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, makeSandbox, runBin } from '../helpers/run-bin.js';

const CHROMIUM = '/usr/bin/chromium';
const NOTE = 'A starred note: # not a heading <b>nor bold</b>';

let box: ReturnType<typeof makeSandbox>;
let db: string;
const run = (args: string[], opts: { input?: string; env?: Record<string, string | undefined> } = {}) =>
  runBin(args, box.dir, { input: opts.input, env: { INTEGRATE_DB: db, ...opts.env } });

async function ok(args: string[], input?: string) {
  const result = await run(args, { input });
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

beforeAll(async () => {
  ensureBuilt();
  box = makeSandbox('integrate-e2e-summary-');
  db = box.file('summary.db');
  await ok(['checkin', '--date', '3 days ago 21:00', '--mood', '4', '--anxiety', '6', '--tag', 'work']);
  await ok(['session', 'add', '--date', '2 days ago 10:00', '--route', 'im', '--dose-mg', '50', '--intention', 'Meet the fear', '--note', '-'],
    'Bright colours.\nThen a long calm.');
  await ok(['checkin', '--date', 'yesterday 21:00', '--mood', '7', '--practice', 'meditation']);
  await ok(['checkin', '--date', 'yesterday 22:00', '--mood', '3', '--note', '-', '--private'], 'wombat secrets');
  const starred = await ok(['checkin', '--mood', '6', '--note', '-', '--json'], NOTE);
  const id = (JSON.parse(starred.stdout) as { id: string }).id;
  await ok(['edit', id.slice(0, 8), '--star']);
});

afterAll(() => box.cleanup());

describe('integrate summary (built bin)', () => {
  it('piped: raw Markdown on stdout, nothing on stderr, no colour, escaped text, no private words', async () => {
    const result = await ok(['summary']);
    expect(result.stderr).toBe('');
    const md = result.stdout;
    expect(md).toMatch(/^# Integration summary: \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\n\nPeriod: .* \(30 days\)\. Generated /);
    expect(md).not.toContain('\u001b');
    expect(md).toContain('Overview: 4 entries on 3 of 30 days; 1 dosing session in the period.');
    expect(md).toContain('## Dosing sessions\n\n- **Session 1**: ');
    expect(md).toContain('  - Intention: Meet the fear');
    expect(md).toContain('## Insights');
    expect(md).toContain('> A starred note\\: \\# not a heading \\<b\\>nor bold\\<\\/b\\>');
    // Daily means 4, 5 (7 and the private 3) and 6: the private check-in counts.
    expect(md).toMatch(/\| Mood \\\(0–10\\\) \| `[^`]+` \| 5 \| 4 \| 6 \| 3 \|/);
    expect(md).not.toContain('wombat');
    expect(md.trimEnd()).toMatch(/not a clinical document.*\*$/);
  });

  it('--format html --out: a 0600 file, its path on stderr, nothing on stdout; the next summary starts there', async () => {
    const file = box.file('summary.html');
    const result = await ok(['summary', '--format', 'html', '--out', 'summary.html']);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`Wrote ${fs.realpathSync(file)}\n`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html.match(/<svg[\s>]/g)).toHaveLength(1);
    expect(html.match(/<circle class="point"/g)).toHaveLength(3); // three days with mood
    expect(html.match(/<line class="session"/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('A starred note: # not a heading &lt;b&gt;nor bold&lt;/b&gt;');
    expect(html).not.toContain('wombat');

    // --since-last now works and starts today.
    const next = await ok(['summary', '--since-last']);
    const today = /Generated (\d{4}-\d\d-\d\d)/.exec(next.stdout)![1];
    expect(next.stdout.split('\n')[0]).toBe(`# Integration summary: ${today} to ${today}`);
  });

  it('bad flags: exit 2 with one line on stderr', async () => {
    const result = await run(['summary', '--days', '7', '--since', 'yesterday']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^integrate: Choose one of --days, --since and --since-last\.\n/);
  });

  it('without a database: the "No entries yet" message, exit 0, and no file created', async () => {
    const missing = path.join(box.dir, 'none', 'missing.db');
    const result = await run(['summary'], { env: { INTEGRATE_DB: missing } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('No entries yet');
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });
});

// ---------------------------------------------------------------- headless rendering

interface Png {
  width: number;
  height: number;
  /** Bytes per pixel. */
  bpp: number;
  /** Unfiltered scanlines, without the filter bytes. */
  rows: Buffer[];
}

/** A tiny PNG reader for 8-bit greyscale/RGB/RGBA, non-interlaced (what Chromium writes). */
function readPng(buf: Buffer): Png {
  expect(buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  let offset = 8;
  let width = 0, height = 0, bpp = 0;
  const idat: Buffer[] = [];
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colour, , , interlace] = [data[8], data[9], data[10], data[11], data[12]];
      expect(depth, 'bit depth').toBe(8);
      expect(interlace, 'interlace').toBe(0);
      bpp = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colour!]!;
      expect(bpp, `colour type ${colour}`).toBeGreaterThan(0);
    }
    if (type === 'IDAT') idat.push(data);
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const rows: Buffer[] = [];
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? line[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      let add = 0;
      if (filter === 1) add = a;
      else if (filter === 2) add = b;
      else if (filter === 3) add = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        add = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[i] = (line[i]! + add) & 0xff;
    }
    rows.push(line);
    prev = line;
  }
  return { width, height, bpp, rows };
}

describe('the HTML page in a headless browser', () => {
  const available = fs.existsSync(CHROMIUM);
  if (!available) {
    it.skip(`renders to a non-blank PNG — skipped: ${CHROMIUM} is not installed (apt-get install chromium to run it)`, () => {});
    return;
  }

  it('renders to a non-blank PNG', async () => {
    const page = box.file('render.html');
    await ok(['summary', '--days', '30', '--format', 'html', '--out', 'render.html']);
    const png = box.file('render.png');
    const profile = fs.mkdtempSync(path.join(box.dir, 'chromium-'));
    const result = spawnSync(CHROMIUM, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, `--screenshot=${png}`, '--window-size=900,1400',
      `file://${page}`,
    ], { cwd: box.dir, encoding: 'utf8', timeout: 90_000, env: { ...process.env, HOME: box.dir } });
    expect(fs.existsSync(png), `chromium wrote no screenshot (status ${result.status}, signal ${result.signal}):\n${result.stderr}`).toBe(true);
    const bytes = fs.readFileSync(png);
    expect(bytes.length).toBeGreaterThan(8_000);

    const image = readPng(bytes);
    expect([image.width, image.height]).toEqual([900, 1400]);
    // Not blank: many distinct colours, and a fair share of pixels that are not the background.
    const background = image.rows[0]!.subarray(0, image.bpp).toString('hex');
    const colours = new Set<string>();
    let ink = 0;
    for (const row of image.rows) {
      for (let x = 0; x < image.width; x++) {
        const px = row.subarray(x * image.bpp, (x + 1) * image.bpp).toString('hex');
        colours.add(px);
        if (px !== background) ink++;
      }
    }
    expect(colours.size).toBeGreaterThan(16);
    expect(ink / (image.width * image.height)).toBeGreaterThan(0.01);
  }, 120_000);
});
