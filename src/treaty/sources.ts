/**
 * Sources as a reader sees them: a title that is a link when the recorded URL is a full one.
 * `data/sources.json` keeps URLs as found; a host alone ("asean.org") names a site, not the page,
 * so it is shown as text, never as a link that would pretend to be the source.
 */
import type { LinkItem } from '../text/message';
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

/** "[n] Title (published)" with the title linked, or "— url as found" / "— publisher" as text. */
export function sourceItem(source: Source, before = ''): LinkItem {
  const published = source.published ? ` (${source.published})` : '';
  const href = sourceHref(source.url);
  if (href) return { before, label: source.title, url: href, after: published };
  const where = source.url ?? (source.publisher ? `${source.publisher}, no URL recorded` : 'no URL recorded');
  return { before, label: source.title, after: ` — ${where}${published}` };
}

/** The item for a source id; an id missing from the data is shown as itself (never thrown). */
export function sourceItemById(data: TreatyData, id: string, before = ''): LinkItem {
  const source = data.sources[id];
  return source ? sourceItem(source, before) : { before, label: id };
}
