// The month's HTML summary in headless Chromium (Debian's chromium; .ci/run
// installs it with apt where missing, and this test skips with a message
// when it is absent): the DOM holds one SVG chart per check-in metric and per
// questionnaire, and the screenshot shows them (the line, session marker and
// band colours in the chart regions). No network: the page has a CSP and
// Chromium runs with its background services off and a fresh profile.
// Deep only (npm run test:deep): the DOM's charts, markers and bands are
// checked in-process on the same HTML by test/commands/summary.test.ts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSummary } from '../../src/commands/summary.js';
import { monthWorld, seedMonth } from '../fixtures/summary-month.js';
import { pixel, readPng } from '../helpers/png.js';
import { DEEP, DEEP_ONLY } from '../helpers/runs.js';

const CHROMIUM = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => Boolean(p && fs.existsSync(p)));
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('the month\'s HTML summary in headless Chromium', () => {
  if (!DEEP) {
    it.skip(`renders with its charts${DEEP_ONLY}`, () => {});
    return;
  }
  if (!CHROMIUM) {
    it.skip('renders with its charts — skipped: no chromium (apt-get install chromium, or set CHROMIUM=/path)', () => {});
    return;
  }
  let dir: string;
  let page: string;
  const chromium = (...args: string[]) => spawnSync(CHROMIUM, [...FLAGS, `--user-data-dir=${fs.mkdtempSync(path.join(dir, 'profile-'))}`, ...args, `file://${page}`], {
    cwd: dir, encoding: 'utf8', timeout: 90_000, env: { ...process.env, HOME: dir }, maxBuffer: 64 * 1024 * 1024,
  });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-chromium-'));
    page = path.join(dir, 'summary.html');
    const w = monthWorld();
    await seedMonth(w);
    await runSummary({ out: page }, w.ctx());
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lays out every chart: seven SVGs, session markers and shaded bands in the DOM', () => {
    const result = chromium('--dump-dom');
    expect(result.status, result.stderr).toBe(0);
    const dom = result.stdout;
    expect(dom.match(/<svg /g)).toHaveLength(7);
    expect(dom.match(/<line class="session"/g)!.length).toBeGreaterThanOrEqual(4 * 3);
    expect(dom.match(/<rect class="band"/g)!.length).toBeGreaterThanOrEqual(5);
    expect(dom).not.toMatch(/<script/i);
  }, 120_000);

  it('draws them: the chart line, the session markers and the band shading are on screen', () => {
    const png = path.join(dir, 'summary.png');
    const result = chromium(`--screenshot=${png}`, '--window-size=1000,4200', '--hide-scrollbars');
    expect(fs.existsSync(png), `chromium wrote no screenshot (status ${result.status}):\n${result.stderr}`).toBe(true);
    // INTEGRATE_KEEP_PNG=/some/file.png keeps the screenshot to look at.
    if (process.env.INTEGRATE_KEEP_PNG) fs.copyFileSync(png, process.env.INTEGRATE_KEEP_PNG);
    const image = readPng(fs.readFileSync(png));
    expect([image.width, image.height]).toEqual([1000, 4200]);
    const near = (c: [number, number, number], t: [number, number, number], d: number) => Math.abs(c[0] - t[0]) + Math.abs(c[1] - t[1]) + Math.abs(c[2] - t[2]) <= d;
    let line = 0, session = 0, band = 0, ink = 0;
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const c = pixel(image, x, y);
        if (c[0] + c[1] + c[2] < 3 * 250) ink++;
        if (near(c, [0x2b, 0x6c, 0xb0], 60)) line++;
        if (near(c, [0x6b, 0x46, 0xc1], 60)) session++;
        if (c[0] > 200 && c[0] - c[2] > 25 && c[1] < c[0]) band++; // the orange tint of a band over white
      }
    }
    expect(line).toBeGreaterThan(2_000);
    expect(session).toBeGreaterThan(300);
    expect(band).toBeGreaterThan(20_000);
    expect(ink / (image.width * image.height)).toBeGreaterThan(0.03);
  }, 120_000);
});
