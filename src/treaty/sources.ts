/**
 * Sources as a reader sees them: a title that is a link when the recorded URL is a full one.
 * `data/sources.json` keeps URLs as found; a host alone ("asean.org") names a site, not the page,
 * so it is shown as text, never as a link that would pretend to be the source.
 */
import type { LinkItem } from '../text/message';
import type { Texts } from '../text/texts';
import type { Source, TreatyData } from './model';

const HOST = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+/i;

/**
 * The clickable address of a recorded URL, or undefined when it is not a full URL. An
 * `http(s)://` URL is used as is; a scheme-less "host/path" (as sources are often quoted) is
 * opened over https; a bare host, or anything with spaces or another scheme, is not a link.
 */
export function sourceHref(url: string | undefined): string | undefined {
  if (!url || /\s/.test(url)) return undefined;
  const scheme = /^(https?):\/\/(.*)$/i.exec(url);
  const rest = scheme ? scheme[2] : url;
  const host = HOST.exec(rest);
  if (!host) return undefined;
  const path = rest.slice(host[0].length);
  if (scheme) return /^(?::\d+)?([/?#].*)?$/.test(path) ? url : undefined;
  return /^\/[^/]/.test(path) ? `https://${url}` : undefined;
}

/**
 * "[n] Title (published)" with the title linked, or "— url as found" / "— publisher" as text.
 * The title stays in its own language; the words around it are in `tx`'s.
 */
export function sourceItem(tx: Texts, source: Source, before = ''): LinkItem {
  const published = source.published
    ? tx.t('source.published', { published: publishedText(tx, source.published) })
    : '';
  const href = sourceHref(source.url);
  if (href) return { before, label: source.title, url: href, after: published };
  const where =
    source.url ??
    (source.publisher ? tx.t('source.publisherNoUrl', { publisher: source.publisher }) : tx.t('source.noUrl'));
  return { before, label: source.title, after: tx.t('source.where', { where, published }) };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * When a source was published, as the reader writes dates: `2025-10-28` → 28 Oct 2025 /
 * 2025年10月28日, `Nov 2004` → Nov 2004 / 2004年11月, at the precision recorded. Anything else is
 * shown as recorded.
 */
export function publishedText(tx: Texts, published: string): string {
  const iso = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(published);
  if (iso) return tx.date({ date: published, precision: iso[3] ? 'day' : iso[2] ? 'month' : 'year' });
  const named = /^([A-Za-z]{3})[a-z]* (\d{4})$/.exec(published.trim());
  const month = named ? MONTHS.indexOf(named[1].toLowerCase()) + 1 : 0;
  return month > 0
    ? tx.date({ date: `${named?.[2]}-${String(month).padStart(2, '0')}`, precision: 'month' })
    : published;
}

/** The item for a source id; an id missing from the data is shown as itself (never thrown). */
export function sourceItemById(tx: Texts, data: TreatyData, id: string, before = ''): LinkItem {
  const source = data.sources[id];
  return source ? sourceItem(tx, source, before) : { before, label: id };
}
