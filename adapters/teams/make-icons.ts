/**
 * Draws the Teams app icons and writes them to manifest/teams/:
 * color.png (192×192, full colour) and outline.png (32×32, white on transparent).
 * Run after a build: `node dist/adapters/teams/make-icons.js` (the PNGs are committed).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng, type Rgba } from './png';

type Color = [number, number, number, number];

/** 5×7 glyphs, '1' = ink. Only the characters the icons use. */
const GLYPHS: Record<string, string[]> = {
  C: ['01111', '10000', '10000', '10000', '10000', '10000', '01111'],
  A: ['01110', '10001', '10001', '11111', '10001', '10001', '10001'],
  F: ['11111', '10000', '10000', '11110', '10000', '10000', '10000'],
  T: ['11111', '00100', '00100', '00100', '00100', '00100', '00100'],
  '3': ['11110', '00001', '00001', '01110', '00001', '00001', '11110'],
  '0': ['01110', '10001', '10001', '10001', '10001', '10001', '01110'],
  '.': ['0', '0', '0', '0', '0', '0', '1'],
};

function canvas(width: number, height: number): Rgba {
  return { width, height, pixels: new Uint8Array(width * height * 4) };
}

function set(img: Rgba, x: number, y: number, c: Color): void {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
  img.pixels.set(c, (y * img.width + x) * 4);
}

const textWidth = (s: string, scale: number): number =>
  [...s].reduce((w, ch, i) => w + GLYPHS[ch][0].length * scale + (i ? scale : 0), 0);

function drawText(img: Rgba, s: string, top: number, scale: number, c: Color): void {
  let x = Math.round((img.width - textWidth(s, scale)) / 2);
  for (const ch of s) {
    const rows = GLYPHS[ch];
    rows.forEach((row, gy) =>
      [...row].forEach((bit, gx) => {
        if (bit !== '1') return;
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++) set(img, x + gx * scale + dx, top + gy * scale + dy, c);
      }),
    );
    x += rows[0].length * scale + scale;
  }
}

/** 192×192: a red-to-blue diagonal (China and ASEAN colours) with "CAFTA 3.0" in white. */
export function drawColorIcon(): Rgba {
  const img = canvas(192, 192);
  const from = [200, 16, 46];
  const to = [0, 51, 160];
  for (let y = 0; y < 192; y++) {
    for (let x = 0; x < 192; x++) {
      const t = (x + y) / (2 * 191);
      set(img, x, y, [0, 1, 2].map((i) => Math.round(from[i] + (to[i] - from[i]) * t)).concat(255) as Color);
    }
  }
  const white: Color = [255, 255, 255, 255];
  drawText(img, 'CAFTA', 44, 4, white);
  drawText(img, '3.0', 92, 8, white);
  return img;
}

/** 32×32: a white ring with a white "3", everything else fully transparent. */
export function drawOutlineIcon(): Rgba {
  const img = canvas(32, 32);
  const white: Color = [255, 255, 255, 255];
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) {
      const d = Math.hypot(x + 0.5 - 16, y + 0.5 - 16);
      if (d <= 15.5 && d >= 13.5) set(img, x, y, white);
    }
  }
  drawText(img, '3', 9, 2, white);
  return img;
}

if (require.main === module) {
  const dir = join(__dirname, '..', '..', '..', 'manifest', 'teams');
  writeFileSync(join(dir, 'color.png'), encodePng(drawColorIcon()));
  writeFileSync(join(dir, 'outline.png'), encodePng(drawOutlineIcon()));
  process.stdout.write(`wrote ${join(dir, 'color.png')} and outline.png\n`);
}
