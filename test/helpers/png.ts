// A tiny PNG reader for the screenshots headless Chromium writes (8-bit
// greyscale/RGB/RGBA, non-interlaced), so tests can look at pixels.
import zlib from 'node:zlib';

export interface Png {
  width: number;
  height: number;
  /** Bytes per pixel. */
  bpp: number;
  /** Unfiltered scanlines, without the filter bytes. */
  rows: Buffer[];
}

export function readPng(buf: Buffer): Png {
  if (!buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error('not a PNG');
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
      if (depth !== 8 || interlace !== 0) throw new Error(`unsupported PNG: depth ${depth}, interlace ${interlace}`);
      bpp = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colour!] ?? 0;
      if (!bpp) throw new Error(`unsupported PNG colour type ${colour}`);
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

/** The pixel at (x, y) as [r, g, b]. */
export function pixel(png: Png, x: number, y: number): [number, number, number] {
  const row = png.rows[y]!;
  const i = x * png.bpp;
  return png.bpp >= 3 ? [row[i]!, row[i + 1]!, row[i + 2]!] : [row[i]!, row[i]!, row[i]!];
}
