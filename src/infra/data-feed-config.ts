/**
 * `CAFTA_DATA_URL`, `CAFTA_DATA_PUBLIC_KEY`, `CAFTA_DATA_POLL_SECONDS` → the data feed settings,
 * validated once at start: a URL without a key, a key that cannot be read or is not Ed25519, or
 * a URL that is not http(s) stops the start with a message naming the variable.
 */
import { readFileSync } from 'node:fs';
import { parsePublicKeys } from '../treaty/data-bundle';
import type { DataFeedConfig } from '../treaty/data-feed';
import { CaftaError } from './errors';

type Env = Record<string, string | undefined>;
const opt = (env: Env, key: string): string | undefined => {
  const v = env[key];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};
const invalid = (message: string): CaftaError => new CaftaError('config_invalid', message);

/** The PEM text itself, or the text of the file it names. */
function keyText(value: string): string {
  if (value.includes('-----BEGIN')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw invalid(`CAFTA_DATA_PUBLIC_KEY must be PEM text or the path of a PEM file; cannot read "${value}" (${code})`);
  }
}

/** The feed settings, or undefined when no feed is configured (the local folder is the data). */
export function loadDataFeedConfig(env: Env): DataFeedConfig | undefined {
  const url = opt(env, 'CAFTA_DATA_URL');
  const key = opt(env, 'CAFTA_DATA_PUBLIC_KEY');
  const pollText = opt(env, 'CAFTA_DATA_POLL_SECONDS') ?? '300';
  if (!url) {
    if (key)
      throw invalid(
        'CAFTA_DATA_PUBLIC_KEY is set but CAFTA_DATA_URL is not: set both to follow a data feed, or neither',
      );
    return undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(`CAFTA_DATA_URL must be an http or https URL, got "${url.slice(0, 80)}"`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw invalid(`CAFTA_DATA_URL must be an http or https URL, got a ${parsed.protocol} URL`);
  if (!key)
    throw invalid(
      'CAFTA_DATA_URL is set but CAFTA_DATA_PUBLIC_KEY is not: a data feed is only followed with the key that signs it',
    );
  let publicKeys;
  try {
    publicKeys = parsePublicKeys(keyText(key));
  } catch (err) {
    if (err instanceof CaftaError) throw err;
    throw invalid(
      `CAFTA_DATA_PUBLIC_KEY is not an Ed25519 public key (SPKI PEM): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const pollSeconds = Number(pollText);
  if (!Number.isInteger(pollSeconds) || pollSeconds < 1 || pollSeconds > 86_400)
    throw invalid(`CAFTA_DATA_POLL_SECONDS must be a whole number of seconds from 1 to 86400, got "${pollText}"`);
  return { url: parsed.toString(), publicKeys, pollSeconds };
}
