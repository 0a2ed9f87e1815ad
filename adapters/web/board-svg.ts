/**
 * The ratification board as SVG: the counts, then the eleven parties each in its state (signed,
 * ratified, notified, in force — or unknown), with the state written on every tile so colour is
 * never the only cue. Drawn from the status document; presentation attributes only (no style
 * element or attribute), so the page's Content-Security-Policy holds when it is inlined.
 */
import { selectKey } from '../../src/text/i18n';
import { textsFor } from '../../src/text/texts';
import { esc } from './escape';
import type { BoardState, StatusDoc } from './status-doc';

/** Fill and text colour per state; text contrast is at least 4.5:1 on every fill. */
export const STATE_COLOURS: Record<BoardState, { fill: string; text: string; stroke: string }> = {
  unknown: { fill: '#eceff1', text: '#263238', stroke: '#90a4ae' },
  signed: { fill: '#e3f2fd', text: '#0d3c61', stroke: '#1565c0' },
  ratified: { fill: '#90caf9', text: '#0b2239', stroke: '#1565c0' },
  notified: { fill: '#1565c0', text: '#ffffff', stroke: '#0d47a1' },
  'in-force': { fill: '#1b5e20', text: '#ffffff', stroke: '#0b3d0f' },
};

/** The order of states on the board's count row. */
const COUNTED: Array<{ state: BoardState; key: 'signed' | 'ratified' | 'notified' | 'inForce' }> = [
  { state: 'signed', key: 'signed' },
  { state: 'ratified', key: 'ratified' },
  { state: 'notified', key: 'notified' },
  { state: 'in-force', key: 'inForce' },
];

const GAP = 16;
const MARGIN = 24;
const TILE_W = 216;
const TILE_H = 92;
const COUNT_H = 84;
/** Width of a board of `columns` tiles: 960 for the usual four. */
export const boardWidth = (columns: number): number => 2 * MARGIN + columns * TILE_W + (columns - 1) * GAP;
export const BOARD_WIDTH = boardWidth(4);
const FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Noto Sans', 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";

export const boardStateLabel = (lang: string, state: BoardState): string =>
  textsFor(lang).t('web.board.state', { state: selectKey(state) });

/** One line saying the counts: also the image's description and alt text. */
export function boardSummary(doc: StatusDoc): string {
  const c = doc.counts;
  return textsFor(doc.lang).t('web.board.summary', {
    total: c.parties,
    signed: c.signed,
    ratified: c.ratified,
    notified: c.notified,
    inForce: c.inForce,
  });
}

export interface BoardOptions {
  /** Prefix for the ids of title and description (unique within a page). */
  idPrefix?: string;
  /** A standalone file (`/status.svg`, the PNG) carries its XML namespace and a white background. */
  standalone?: boolean;
  /** Tiles per row: 4 (default, wide screens and the images) or 2 (phones). */
  columns?: number;
  /** Extra class on the svg element (the page shows one board per screen width). */
  className?: string;
}

export function boardSvg(doc: StatusDoc, opts: BoardOptions = {}): string {
  const tx = textsFor(doc.lang);
  const id = opts.idPrefix ?? 'board';
  const columns = opts.columns ?? 4;
  const width = boardWidth(columns);
  const countRows = Math.ceil(COUNTED.length / columns);
  const tilesTop = 64 + countRows * COUNT_H + (countRows - 1) * GAP + 24;
  const rows = Math.ceil(doc.parties.length / columns);
  const height = tilesTop + rows * TILE_H + (rows - 1) * GAP + 64;
  const out: string[] = [];
  out.push(
    `<svg${opts.standalone ? ' xmlns="http://www.w3.org/2000/svg"' : ''} viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="${esc(FONT)}" class="board${opts.className ? ` ${opts.className}` : ''}">`,
    `<title id="${id}-title">${esc(tx.t('web.board.title'))}</title>`,
    `<desc id="${id}-desc">${esc(boardSummary(doc))}</desc>`,
  );
  if (opts.standalone) out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(
    `<text x="${MARGIN}" y="44" font-size="26" font-weight="bold" fill="#102a43">${esc(tx.t('web.board.title'))}</text>`,
  );
  // The counts: one box per state, in that state's colours (the board's legend too).
  COUNTED.forEach(({ state, key }, i) => {
    const x = MARGIN + (i % columns) * (TILE_W + GAP);
    const y = 64 + Math.floor(i / columns) * (COUNT_H + GAP);
    const c = STATE_COLOURS[state];
    out.push(
      `<g class="count" data-state="${state}">`,
      `<rect x="${x}" y="${y}" width="${TILE_W}" height="${COUNT_H}" rx="10" fill="${c.fill}" stroke="${c.stroke}" stroke-width="2"/>`,
      `<text x="${x + 16}" y="${y + 30}" font-size="17" fill="${c.text}">${esc(boardStateLabel(doc.lang, state))}</text>`,
      `<text x="${x + 16}" y="${y + 70}" font-size="32" font-weight="bold" fill="${c.text}">${doc.counts[key]}<tspan dx="6" font-size="20" font-weight="normal">/ ${doc.counts.parties}</tspan></text>`,
      `</g>`,
    );
  });
  doc.parties.forEach((p, i) => {
    const x = MARGIN + (i % columns) * (TILE_W + GAP);
    const y = tilesTop + Math.floor(i / columns) * (TILE_H + GAP);
    const c = STATE_COLOURS[p.state];
    out.push(
      `<g class="party" data-code="${esc(p.code)}" data-state="${p.state}">`,
      `<rect x="${x}" y="${y}" width="${TILE_W}" height="${TILE_H}" rx="10" fill="${c.fill}" stroke="${c.stroke}" stroke-width="2"/>`,
      `<text x="${x + 16}" y="${y + 36}" font-size="21" font-weight="bold" fill="${c.text}">${esc(p.shortName)}</text>`,
      `<text x="${x + TILE_W - 16}" y="${y + 36}" font-size="15" text-anchor="end" fill="${c.text}">${esc(p.code)}</text>`,
      `<text x="${x + 16}" y="${y + 72}" font-size="17" fill="${c.text}">${esc(boardStateLabel(doc.lang, p.state))}</text>`,
      `</g>`,
    );
  });
  out.push(
    `<text x="${MARGIN}" y="${height - 24}" font-size="15" fill="#334e68">${esc(tx.t('web.board.footer', { date: tx.day(doc.asOf), version: doc.dataVersion }))}</text>`,
    `</svg>`,
  );
  return out.join('');
}
