/**
 * The one redactor: every log field passes through `redact`, so secrets never reach logs.
 */

const SECRET_KEYS = /secret|token|password|authorization|signature|client_secret/i;

/** Parameters whose values in a logged request body or query string are credentials (OAuth included). */
const SECRET_PARAMS = 'client_secret|refresh_token|access_token|token|code|password';
/** `"code": "…"` in a JSON body (escaped quotes inside the value included). */
const JSON_PARAM = new RegExp(`("(?:${SECRET_PARAMS})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*"`, 'gi');
/** `code=…` at the start of a form body or after `?`/`&` in a query string. */
const FORM_PARAM = new RegExp(`(^|[?&])((?:${SECRET_PARAMS})=)[^&\\s"]+`, 'gi');

/**
 * Masks secrets that can hide inside free text (an error message, a URL, a request body a client
 * library logs): connection-string passwords (up to the last "@" before the host, since passwords
 * may contain "@"), Slack tokens (xoxb-, xoxp-, xapp-, rotating xoxe.…), bearer credentials,
 * credential parameters in JSON bodies (`"client_secret":"…"`) and query strings or form bodies
 * (`?code=…&`), and PEM blocks (keys, certificates). The one set of patterns: every logger, the
 * Slack SDK's included, uses it.
 */
export function maskSecrets(text: string): string {
  return text
    .replace(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g, '[$1 omitted]')
    .replace(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*$/, '[$1 omitted]')
    .replace(/(\/\/[^:/@\s]*:)\S*@/g, '$1***@')
    .replace(/\b(?:xox[a-z]|xapp)-[A-Za-z0-9-]+/g, '[redacted slack token]')
    .replace(/\bxoxe\.[A-Za-z0-9.-]+/g, '[redacted slack token]')
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]')
    .replace(JSON_PARAM, '$1[redacted]"')
    .replace(FORM_PARAM, '$1$2[redacted]');
}

/**
 * Returns a copy safe to log: values under secret-looking keys become "[redacted]", and secrets
 * inside any string (connection-string passwords, Slack tokens, bearer credentials) are masked.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') return maskSecrets(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEYS.test(k) && v !== undefined ? '[redacted]' : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}
