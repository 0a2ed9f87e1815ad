/**
 * The board as PNG, rendered server-side by resvg (off the event loop) with fonts that cover
 * Chinese: Noto Sans CJK (Debian `fonts-noto-cjk`) when present, else every system font. The
 * font list is looked up once; each PNG is rendered once per data version and language and kept.
 */
import { existsSync } from 'node:fs';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { LRUCache } from 'lru-cache';

/** Fonts tried in order; the CJK ones also hold Latin glyphs. */
export const FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
];

let fontOptions: ResvgRenderOptions['font'] | undefined;

/** The font options, decided once: the files found, or the system fonts when none is. */
export function boardFonts(): NonNullable<ResvgRenderOptions['font']> {
  if (!fontOptions) {
    const files = FONT_CANDIDATES.filter((f) => existsSync(f));
    const cjk = files.some((f) => f.includes('CJK'));
    fontOptions = files.length
      ? {
          loadSystemFonts: false,
          fontFiles: files,
          defaultFontFamily: cjk ? 'Noto Sans CJK SC' : 'DejaVu Sans',
          sansSerifFamily: cjk ? 'Noto Sans CJK SC' : 'DejaVu Sans',
        }
      : { loadSystemFonts: true };
  }
  return fontOptions;
}

/** Any SVG to PNG bytes with the board's fonts, at `scale` times its size. */
export async function svgToPng(svg: string, scale = 1): Promise<Buffer> {
  const image = await renderAsync(svg, {
    font: boardFonts(),
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    background: '#ffffff',
  });
  return image.asPng();
}

/** PNGs by key (data version and language), each rendered once; concurrent asks share one render. */
export function createPngCache(max = 8) {
  const cache = new LRUCache<string, Promise<Buffer>>({ max });
  return (key: string, svg: () => string): Promise<Buffer> => {
    let png = cache.get(key);
    if (!png) {
      png = svgToPng(svg());
      cache.set(key, png);
      png.catch(() => cache.delete(key));
    }
    return png;
  };
}
