/**
 * A small PNG decoder for tests (8-bit greyscale/RGB/RGBA, non-interlaced — what resvg and
 * Chromium write): enough to tell a real picture from a blank one.
 */
import { inflateSync } from 'node:zlib';

export interface DecodedPng {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel. */
  pixels: Buffer;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export function decodePng(png: Buffer): DecodedPng {
  if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  let at = 8;
  let width = 0;
  let height = 0;
  let colourType = 0;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('only 8-bit non-interlaced PNGs');
      colourType = data[9];
    } else if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const ch = CHANNELS[colourType];
  if (!ch) throw new Error(`colour type ${colourType} not supported`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * ch;
  const out = Buffer.alloc(width * height * ch);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= ch ? out[y * stride + x - ch] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= ch && y > 0 ? out[(y - 1) * stride + x - ch] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = v & 0xff;
    }
  }
  const pixels = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = out.subarray(i * ch, i * ch + ch);
    const [r, g, b, alpha] =
      ch === 1
        ? [s[0], s[0], s[0], 255]
        : ch === 2
          ? [s[0], s[0], s[0], s[1]]
          : ch === 3
            ? [s[0], s[1], s[2], 255]
            : [s[0], s[1], s[2], s[3]];
    pixels.writeUInt32BE(((r << 24) | (g << 16) | (b << 8) | alpha) >>> 0, i * 4);
  }
  return { width, height, pixels };
}

/** How many distinct colours the picture has (a blank one has one). */
export function distinctColours(img: DecodedPng): number {
  const seen = new Set<number>();
  for (let i = 0; i < img.pixels.length; i += 4) seen.add(img.pixels.readUInt32BE(i));
  return seen.size;
}

/** The share of pixels that differ from the top-left pixel (the background). */
export function inkShare(img: DecodedPng): number {
  const bg = img.pixels.readUInt32BE(0);
  let ink = 0;
  for (let i = 0; i < img.pixels.length; i += 4) if (img.pixels.readUInt32BE(i) !== bg) ink++;
  return ink / (img.width * img.height);
}
