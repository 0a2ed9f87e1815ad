/**
 * GET /: the status page, server-rendered from the status document in one language. Its own CSS
 * (inlined, allowed by hash), no script, no external request: the board is inline SVG, every
 * source a plain link. Texts from the catalogs and the data's own names in that language.
 */
import { LANGS, type Lang } from '../../src/text/i18n';
import type { LinkItem } from '../../src/text/message';
import { textsFor, type Texts } from '../../src/text/texts';
import type { DatedFact, DateValue } from '../../src/treaty/model';
import { sourceItem } from '../../src/treaty/sources';
import { boardStateLabel, boardSvg } from './board-svg';
import { esc } from './escape';
import { PAGE_CSS } from './page-css';
import type { DocEvent, DocParty, StatusDoc } from './status-doc';

/** The HTML `lang` of a catalog language: Chinese is written in Simplified characters. */
export const htmlLang = (lang: Lang): string => (lang === 'zh' ? 'zh-Hans' : lang);

export interface PageOptions {
  /** Absolute origin the page is served from (`https://status.example.org`), for the calendar address. */
  origin?: string;
  /**
   * The path the routes are under as readers reach them (CAFTA_PUBLIC_URL's path behind a proxy,
   * e.g. `/cafta`; '' at the root): the page's links to its own routes start with it.
   */
  base?: string;
}

/** A message whose placeholders become HTML: the text is escaped, the HTML parts are not. */
function withHtml(
  tx: Texts,
  key: Parameters<Texts['t']>[0],
  values: Record<string, string | number>,
  html: Record<string, string>,
): string {
  const marks: Record<string, string> = {};
  const all: Record<string, string | number> = { ...values };
  Object.keys(html).forEach((name, i) => {
    marks[name] = `\uE001${i}\uE001`;
    all[name] = marks[name];
  });
  let out = esc(tx.t(key, all));
  for (const [name, mark] of Object.entries(marks)) out = out.split(mark).join(html[name]);
  return out;
}

class PageWriter {
  readonly tx: Texts;
  private readonly numbers: Map<string, number>;
  constructor(readonly doc: StatusDoc) {
    this.tx = textsFor(doc.lang);
    this.numbers = new Map(Object.keys(doc.sources).map((id, i) => [id, i + 1]));
  }

  /** "[1, 3]" linking to the source list. */
  refs(ids: readonly string[]): string {
    const nums = [...new Set(ids)].map((id) => this.numbers.get(id)).filter((n): n is number => n !== undefined);
    if (nums.length === 0) return '';
    const links = nums.sort((a, b) => a - b).map((n) => `<a href="#src-${n}">${n}</a>`);
    return ` <span class="refs">[${links.join(', ')}]</span>`;
  }

  /** One date at its precision ("2015 (year only)"), its note and its sources. */
  value(v: DateValue): string {
    const { tx } = this;
    const precision = tx.t('date.precisionOnly', { precision: v.precision });
    return (
      `<time datetime="${esc(v.date)}">${esc(tx.date(v))}</time>` +
      (precision ? `<span class="precision">${esc(precision)}</span>` : '') +
      (v.note ? esc(tx.t('date.note', { note: v.note })) : '') +
      this.refs(v.sources)
    );
  }

  /** A dated fact: one value, or every value when the sources disagree. */
  fact(f: DatedFact | undefined, unknownText: string): string {
    const values = f?.values ?? [];
    if (values.length === 0) return `<span class="muted">${esc(unknownText)}</span>`;
    if (values.length === 1) return this.value(values[0]);
    const html = values.map((v) => this.value(v));
    const joined = esc(
      this.tx.list(
        values.map((_, i) => `\uE003${i}\uE003`),
        'or',
      ),
    ).replace(/\uE003(\d+)\uE003/g, (_m, i: string) => html[Number(i)]);
    return `<span class="conflicting">${withHtml(this.tx, 'date.conflict', {}, { values: joined })}</span>`;
  }

  event(e: DocEvent | null, missing: string): string {
    if (!e) return `<span class="muted">${esc(missing)}</span>`;
    const cited = new Set(e.date.values.flatMap((v) => v.sources));
    return this.fact(e.date, this.tx.t('common.dateNotReported')) + this.refs(e.sources.filter((s) => !cited.has(s)));
  }

  signature(p: DocParty): string {
    const { tx, doc } = this;
    const sig = p.signature;
    if (sig.kind === 'own') return this.fact(sig.date, tx.t('party.dateNotRecorded'));
    if (sig.kind === 'none') return `<span class="muted">${esc(tx.t('common.notReportedShort'))}</span>`;
    const a = sig.forAsean;
    const signatory = doc.parties.find((x) => x.code === a.by)?.shortName ?? a.by;
    const forAsean = tx.t('signature.forAsean', { signatory, date: tx.day(a.date) });
    const sources = doc.milestones.find((m) => m.id === a.milestone)?.date.values.flatMap((v) => v.sources) ?? [];
    return (
      esc(tx.t('signature.aseanOnly', { forAsean, signatory: a.by === p.code ? 'yes' : 'no' })) + this.refs(sources)
    );
  }

  link(item: LinkItem): string {
    const label = item.url
      ? `<a href="${esc(item.url)}" rel="noopener noreferrer">${esc(item.label)}</a>`
      : esc(item.label);
    return `${esc(item.before ?? '')}${label}${esc(item.after ?? '')}`;
  }
}

function boardSection(w: PageWriter): string {
  const { tx, doc } = w;
  const c = doc.counts;
  const count = (label: string, n: number): string =>
    `<div><dt>${esc(label)}</dt><dd>${esc(tx.t('status.of', { n, total: c.parties }))}</dd></div>`;
  const rows = doc.parties.map(
    (p) =>
      `<tr data-code="${esc(p.code)}"><th scope="row">${esc(tx.t('party.label', { name: p.shortName, code: p.code }))}${w.refs(p.sources)}</th>` +
      `<td><span class="state state-${p.state}">${esc(boardStateLabel(doc.lang, p.state))}</span></td>` +
      `<td>${w.signature(p)}</td>` +
      `<td>${w.event(p.ratification, tx.t('common.notReported', { date: tx.day(doc.eventsCheckedOn) }))}</td>` +
      `<td>${w.event(p.notification, tx.t('common.notReportedShort'))}</td>` +
      `<td>${w.event(p.entryIntoForce, tx.t('common.notReportedShort'))}</td></tr>`,
  );
  const col = (k: 'party' | 'state' | 'signature' | 'ratification' | 'notification' | 'entryIntoForce'): string =>
    `<th scope="col">${esc(tx.t(`web.page.col.${k}`))}</th>`;
  const others = doc.nonParties.map(
    (p) =>
      `<p class="muted">${esc(tx.t('status.notAPartyLine', { party: tx.t('party.label', { name: p.shortName, code: p.code }) }))}${w.refs(p.sources)}</p>`,
  );
  return `<section id="board" aria-labelledby="board-h" tabindex="-1">
<h2 id="board-h">${esc(tx.t('web.page.board'))}</h2>
<figure class="board-figure">${boardSvg(doc, { idPrefix: 'board', className: 'board-wide' })}${boardSvg(doc, { idPrefix: 'board-narrow', columns: 2, className: 'board-narrow' })}</figure>
<dl class="counts">${count(tx.t('status.fact.signed'), c.signed)}${count(tx.t('status.fact.ratified'), c.ratified)}${count(tx.t('status.fact.notified'), c.notified)}${count(tx.t('status.fact.inForce'), c.inForce)}</dl>
<p>${esc(doc.eventsNote)}</p>
<div class="table-scroll" role="region" aria-labelledby="parties-caption" tabindex="0"><table>
<caption id="parties-caption">${esc(tx.t('status.parties'))}</caption>
<thead><tr>${col('party')}${col('state')}${col('signature')}${col('ratification')}${col('notification')}${col('entryIntoForce')}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>
${others.join('\n')}
</section>`;
}

function eifSection(w: PageWriter): string {
  const { tx, doc } = w;
  const e = doc.entryIntoForce;
  const basis = e.depositary.basis === 'inferred-from-earlier-instruments' ? tx.t('status.depositaryInferred') : '';
  const statements = doc.statements.map(
    (s) =>
      `<li>${withHtml(tx, 'status.statement', {}, { date: w.fact(s.date, tx.t('status.undated')), text: esc(s.text) + w.refs(s.sources) })}</li>`,
  );
  return `<section id="eif" aria-labelledby="eif-h">
<h2 id="eif-h">${esc(tx.t('web.page.eif'))}</h2>
<p><strong>${esc(tx.t('web.page.projection'))}:</strong> ${esc(e.text)}${w.refs(e.sources)}</p>
<p><strong>${esc(tx.t('status.fact.depositary'))}:</strong> ${esc(e.depositary.name + basis)}${w.refs(e.depositary.sources)}</p>
${e.state === 'unknown' && e.note.trim() ? `<p class="muted">${esc(tx.t('status.eifNote', { note: e.note }))}</p>` : ''}
${statements.length ? `<h3>${esc(tx.t('status.statements'))}</h3><ul class="plain">${statements.join('')}</ul>` : ''}
</section>`;
}

function timelineSection(w: PageWriter): string {
  const { tx, doc } = w;
  const notYet = tx.t('timeline.notYet', {
    notReported: tx.t('common.notReported', { date: tx.day(doc.eventsCheckedOn) }),
  });
  const items = doc.milestones.map(
    (m) =>
      `<li data-milestone="${esc(m.id)}"><span class="when">${w.fact(m.date, notYet)}</span>: <strong>${esc(m.title)}</strong>` +
      `${m.place ? ` — ${esc(m.place)}` : ''}${w.refs(m.sources)}<br><span class="muted">${esc(m.summary)}</span></li>`,
  );
  return `<section id="timeline" aria-labelledby="timeline-h">
<h2 id="timeline-h">${esc(tx.t('web.page.timeline'))}</h2>
<ol class="timeline">${items.join('\n')}</ol>
</section>`;
}

function areasSection(w: PageWriter): string {
  const { tx, doc } = w;
  const items = doc.areas.map((a) => {
    const summary =
      a.summary ??
      tx.t('area.noSummary', { date: tx.day(doc.asOf), hasNote: a.note ? 'yes' : 'no', note: a.note ?? '' });
    return `<li><strong>${esc(tx.t('areas.item', { number: a.number, name: a.name, isNew: a.isNew ? 'yes' : 'no', orderNote: '' }))}</strong>${w.refs(a.sources)}<br><span${a.summary === null ? ' class="muted"' : ''}>${esc(summary)}</span></li>`;
  });
  return `<section id="areas" aria-labelledby="areas-h">
<h2 id="areas-h">${esc(tx.t('areas.header', { count: doc.areas.length }))}</h2>
<ul class="plain areas">${items.join('\n')}</ul>
</section>`;
}

function upcomingSection(w: PageWriter): string {
  const { tx, doc } = w;
  const u = doc.upcoming;
  const anniversaries = u.anniversaries.map((a) => {
    const label = tx.t('anniversary.label', { years: a.years, title: a.title, date: tx.day(a.date) });
    return `<li>${esc(tx.t('next.anniversary', { date: tx.day(a.on), round: a.round ? 'yes' : 'no', label }))}${w.refs(a.sources)}</li>`;
  });
  const expected = u.expected.map(
    (e) =>
      `<li>${esc(tx.t('next.expected', { hasDate: e.date ? 'yes' : 'no', date: e.date ? tx.day(e.date) : '', text: e.text }))}${w.refs(e.sources)}</li>`,
  );
  return `<section id="upcoming" aria-labelledby="upcoming-h">
<h2 id="upcoming-h">${esc(tx.t('next.header', { days: u.days }))}</h2>
<p class="muted">${esc(tx.t('next.window', { from: tx.day(u.from), to: tx.day(u.to), same: u.from === u.to ? 'yes' : 'no', zone: u.zone }))}</p>
<h3>${esc(tx.t('next.anniversaries'))}</h3>
${anniversaries.length ? `<ul class="plain">${anniversaries.join('')}</ul>` : `<p>${esc(tx.t('next.none'))}</p>`}
<h3>${esc(tx.t('next.expectedHeader'))}</h3>
<ul class="plain">${expected.join('')}</ul>
</section>`;
}

function sourcesSection(w: PageWriter): string {
  const { tx, doc } = w;
  const items = Object.entries(doc.sources).map(
    ([id, s], i) => `<li id="src-${i + 1}" data-source="${esc(id)}">${w.link(sourceItem(tx, { id, ...s }))}</li>`,
  );
  return `<section id="sources" aria-labelledby="sources-h">
<h2 id="sources-h">${esc(tx.t('common.sources'))}</h2>
<ol class="sources">${items.join('\n')}</ol>
</section>`;
}

function useSection(w: PageWriter, opts: PageOptions): string {
  const { tx, doc } = w;
  const q = `?lang=${doc.lang}`;
  const base = opts.base ?? '';
  const https = opts.origin ? `${opts.origin}/calendar.ics${q}` : `${base}/calendar.ics${q}`;
  const webcal = opts.origin ? https.replace(/^https?:/, 'webcal:') : undefined;
  return `<section id="use" aria-labelledby="use-h">
<h2 id="use-h">${esc(tx.t('web.page.links'))}</h2>
<ul class="plain">
<li><a href="${esc(webcal ?? https)}">${esc(tx.t('web.page.calendar'))}</a> — ${esc(tx.t('web.page.calendarHelp', { url: https }))}</li>
<li><a href="${esc(base)}/api/status.json${q}" type="application/json">${esc(tx.t('web.page.api'))}</a></li>
<li><a href="${esc(base)}/status.png${q}" type="image/png">${esc(tx.t('web.page.image'))}</a> · <a href="${esc(base)}/status.svg${q}" type="image/svg+xml">SVG</a></li>
</ul>
</section>`;
}

export function pageHtml(doc: StatusDoc, opts: PageOptions = {}): string {
  const w = new PageWriter(doc);
  const { tx } = w;
  const lang = htmlLang(doc.lang);
  const base = esc(opts.base ?? '');
  const switches = LANGS.filter((l) => l !== doc.lang).map((other) => {
    const ox = textsFor(other);
    const label = ox.t('web.page.otherLang', { language: ox.langName(other) });
    return `<a class="switch" href="${base}/?lang=${esc(other)}" hreflang="${htmlLang(other)}" lang="${htmlLang(other)}">${esc(label)}</a>`;
  });
  const alternates = LANGS.map(
    (l) => `<link rel="alternate" hreflang="${htmlLang(l)}" href="${esc(`${opts.origin ?? ''}/?lang=${l}`)}">`,
  );
  const nav = (
    [
      ['board', 'web.page.board'],
      ['eif', 'web.page.eif'],
      ['timeline', 'web.page.timeline'],
      ['areas', 'action.areas'],
      ['upcoming', 'action.next'],
      ['sources', 'common.sources'],
      ['use', 'web.page.links'],
    ] as const
  ).map(([id, key]) => `<li><a href="#${id}">${esc(tx.t(key))}</a></li>`);
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(tx.t('web.page.title'))}</title>
<meta name="description" content="${esc(tx.t('web.page.description'))}">
${alternates.join('\n')}
<link rel="alternate" type="text/calendar" href="${base}/calendar.ics?lang=${doc.lang}">
<link rel="alternate" type="application/json" href="${base}/api/status.json?lang=${doc.lang}">
<style>${PAGE_CSS}</style>
</head>
<body>
<a class="skip" href="#board">${esc(tx.t('web.page.skip'))}</a>
<header class="top"><div class="wrap">
<div><h1>${esc(tx.t('web.page.title'))}</h1><p class="lead">${esc(tx.t('web.page.intro'))}</p></div>
${switches.join(' ')}
</div></header>
<div class="wrap">
<nav class="toc" aria-label="${esc(tx.t('web.page.nav'))}"><ul>${nav.join('')}</ul></nav>
<main>
${boardSection(w)}
${eifSection(w)}
${upcomingSection(w)}
${timelineSection(w)}
${areasSection(w)}
${sourcesSection(w)}
${useSection(w, opts)}
</main>
<footer class="bottom"><p>${esc(tx.t('common.footer', { date: tx.day(doc.asOf), version: doc.dataVersion }))}</p></footer>
</div>
</body>
</html>
`;
}
