/**
 * The status page's own stylesheet (inlined, allowed by its hash in the CSP): readable from
 * 375 px phones to wide screens, a print stylesheet, no web fonts (system fonts with CJK
 * fallbacks), colours with AA contrast.
 */
import { createHash } from 'node:crypto';

export const PAGE_CSS = `
:root { color-scheme: light; --ink: #102a43; --muted: #486581; --line: #d9e2ec; --bg: #f5f7fa; --link: #0b57d0; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); line-height: 1.55;
  font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
a { color: var(--link); text-underline-offset: 2px; }
a:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; }
.skip:focus { left: 1rem; z-index: 2; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
header.top { background: #102a43; color: #fff; }
header.top a { color: #fff; }
.wrap { max-width: 1120px; margin: 0 auto; padding: 1rem; }
header.top .wrap { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: baseline; justify-content: space-between; }
h1 { font-size: clamp(1.35rem, 4.5vw, 2.1rem); line-height: 1.25; margin: .25rem 0; }
h2 { font-size: clamp(1.15rem, 3.5vw, 1.5rem); margin: 0 0 .75rem; }
.lead { max-width: 60rem; color: #d9e2ec; margin: 0 0 .25rem; }
.switch { font-weight: 600; white-space: nowrap; }
nav.toc ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
main section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 1rem; margin: 1rem 0; }
.board-figure { margin: 0; }
.board-figure svg { display: block; width: 100%; height: auto; max-width: 960px; }
.board-figure svg.board-narrow { display: none; max-width: 480px; }
@media (max-width: 600px) { .board-figure svg.board-wide { display: none; } .board-figure svg.board-narrow { display: block; } }
dl.counts { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .5rem; margin: 1rem 0 0; }
dl.counts div { border: 1px solid var(--line); border-radius: 8px; padding: .5rem .75rem; }
dl.counts dt { color: var(--muted); font-size: .9rem; }
dl.counts dd { margin: 0; font-size: 1.4rem; font-weight: 700; }
.table-scroll { overflow-x: auto; margin-top: 1rem; }
.table-scroll:focus-visible { outline: 3px solid #f0b429; }
table { border-collapse: collapse; width: 100%; min-width: 44rem; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding-bottom: .5rem; }
th, td { text-align: left; vertical-align: top; padding: .5rem; border-bottom: 1px solid var(--line); }
thead th { background: #f0f4f8; }
.state { display: inline-block; border-radius: 999px; padding: 0 .6rem; font-size: .85rem; font-weight: 600; border: 1px solid; white-space: nowrap; }
.state-unknown { background: #eceff1; color: #263238; border-color: #90a4ae; }
.state-signed { background: #e3f2fd; color: #0d3c61; border-color: #1565c0; }
.state-ratified { background: #90caf9; color: #0b2239; border-color: #1565c0; }
.state-notified { background: #1565c0; color: #fff; border-color: #0d47a1; }
.state-in-force { background: #1b5e20; color: #fff; border-color: #0b3d0f; }
.refs { font-size: .8rem; white-space: nowrap; }
.refs a { text-decoration: none; }
.muted { color: var(--muted); }
.precision, .conflict { color: #8a4b08; }
ol.timeline, ol.areas, ul.plain { padding-left: 1.25rem; }
ol.timeline li, ol.areas li, ul.plain li { margin: .4rem 0; }
.when { font-weight: 600; }
.tag { font-size: .8rem; border: 1px solid #1b5e20; color: #1b5e20; border-radius: 4px; padding: 0 .3rem; margin-left: .25rem; }
ol.sources { padding-left: 2.5rem; word-break: break-word; }
ol.sources li:target { background: #fff8c5; }
footer.bottom { color: var(--muted); font-size: .9rem; }
@media (max-width: 600px) { .wrap { padding: .75rem; } main section { padding: .75rem; } }
@media print {
  body { background: #fff; color: #000; font-size: 10.5pt; }
  header.top { background: #fff; color: #000; border-bottom: 2px solid #000; }
  header.top a, .lead { color: #000; }
  .skip, nav.toc, .switch, #use { display: none; }
  main section { border: 0; padding: 0; margin: 0 0 1rem; }
  .board-figure, tr { break-inside: avoid; }
  .table-scroll { overflow: visible; }
  .board-figure svg.board-wide { display: block; } .board-figure svg.board-narrow { display: none; }
  table { min-width: 0; }
  ol.sources a::after { content: " <" attr(href) ">"; font-size: 9pt; }
}
`.trim();

/** The CSP source for the inline stylesheet. */
export const PAGE_CSS_HASH = `'sha256-${createHash('sha256').update(PAGE_CSS).digest('base64')}'`;
