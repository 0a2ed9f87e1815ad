/**
 * The board as PNG, rendered server-side by resvg (off the event loop) with fonts that cover
 * Chinese: Noto Sans CJK (Debian `fonts-noto-cjk`) when present, else every system font. The
 * font list is looked up once; each PNG is rendered once per data version and language and kept.
 */
import { existsSync } from 'node:fs';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../src/infra/ports';

/** Fonts tried in order; the CJK ones also hold Latin glyphs. */
export const FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
];

/** The fonts a render uses, and whether one of them covers Chinese. */
export interface BoardFonts {
  options: NonNullable<ResvgRenderOptions['font']>;
  cjk: boolean;
  /** The files found among the candidates. */
  files: string[];
}

const fontsByList = new Map<string, BoardFonts>();

/**
 * The font options, decided once per candidate list: the files found, or the system fonts when
 * none is. Without a CJK file the system fonts are searched as well (one may cover Chinese).
 */
export function boardFonts(candidates: readonly string[] = FONT_CANDIDATES): BoardFonts {
  const id = candidates.join('\n');
  let fonts = fontsByList.get(id);
  if (!fonts) {
    const files = candidates.filter((f) => existsSync(f));
    const cjk = files.some((f) => f.includes('CJK'));
    const family = cjk ? 'Noto Sans CJK SC' : 'DejaVu Sans';
    fonts = {
      files,
      cjk,
      options: files.length
        ? {
            loadSystemFonts: !cjk,
            fontFiles: files,
            defaultFontFamily: family,
            sansSerifFamily: family,
          }
        : { loadSystemFonts: true },
    };
    fontsByList.set(id, fonts);
  }
  return fonts;
}

/** Any SVG to PNG bytes with the board's fonts, at `scale` times its size. */
export async function svgToPng(svg: string, scale = 1, fonts: BoardFonts = boardFonts()): Promise<Buffer> {
  const image = await renderAsync(svg, {
    font: fonts.options,
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    background: '#ffffff',
  });
  return image.asPng();
}

/**
 * PNGs by key (data version and language), each rendered once; concurrent asks share one render.
 * Without a CJK font, one warning says so (Chinese text would be drawn as boxes) the first time
 * a PNG is asked for; the PNG is still rendered.
 */
export function createPngCache(opts: { logger?: Logger; fonts?: readonly string[]; max?: number } = {}) {
  const cache = new LRUCache<string, Promise<Buffer>>({ max: opts.max ?? 8 });
  let checked = false;
  return (key: string, svg: () => string): Promise<Buffer> => {
    let png = cache.get(key);
    if (!png) {
      const fonts = boardFonts(opts.fonts);
      if (!checked && !fonts.cjk)
        opts.logger?.warn(
          'status.png: Noto Sans CJK not found (install fonts-noto-cjk): Chinese text in the picture may be drawn as boxes',
          { looked: (opts.fonts ?? FONT_CANDIDATES).filter((f) => f.includes('CJK')), using: fonts.files },
        );
      checked = true;
      png = svgToPng(svg(), 1, fonts);
      cache.set(key, png);
      png.catch(() => cache.delete(key));
    }
    return png;
  };
}
