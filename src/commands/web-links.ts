/**
 * The public status page as it appears in chat, when the operator gives its address
 * (CAFTA_PUBLIC_URL): the board picture (cache-busted by the data version, so chat clients fetch
 * the new one when the data changes) and "Open status page" / "Add to calendar" link buttons, in
 * the reader's language. The adapters render them (Slack image block and URL buttons, Teams Image
 * and Action.OpenUrl, the URLs in a terminal).
 */
import { image, linkButtons, type Block } from '../text/message';
import type { Texts } from '../text/texts';
import type { TreatyData } from '../treaty/model';
import { statusCounts } from '../treaty/queries';

/** The web addresses for one language and data version under `publicUrl` (no trailing slash). */
export function webAddresses(publicUrl: string, lang: string, version: string) {
  const q = `lang=${encodeURIComponent(lang)}`;
  return {
    page: `${publicUrl}/?${q}`,
    png: `${publicUrl}/status.png?${q}&v=${encodeURIComponent(version)}`,
    calendar: `${publicUrl}/calendar.ics?${q}`,
  };
}

/** The board picture alone (digests), or nothing without a public URL. */
export function statusImage(tx: Texts, data: TreatyData, publicUrl: string | undefined): Block[] {
  if (!publicUrl) return [];
  const c = statusCounts(data);
  const alt = tx.t('web.board.summary', {
    total: c.parties,
    signed: c.signed,
    ratified: c.ratified,
    notified: c.notified,
    inForce: c.inForce,
  });
  return [image(webAddresses(publicUrl, tx.lang, data.version).png, `${tx.t('web.board.title')}: ${alt}`)];
}

/** "Open status page" and "Add to calendar" link buttons, or nothing without a public URL. */
export function statusButtons(tx: Texts, data: TreatyData, publicUrl: string | undefined): Block[] {
  if (!publicUrl) return [];
  const at = webAddresses(publicUrl, tx.lang, data.version);
  return [
    linkButtons(
      { label: tx.t('web.button.openStatusPage'), url: at.page },
      { label: tx.t('web.button.addToCalendar'), url: at.calendar },
    ),
  ];
}
