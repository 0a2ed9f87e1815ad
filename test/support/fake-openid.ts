/**
 * A fake Bot Framework token issuer for inbound-auth tests: a tiny node:http OpenID provider on
 * port 0 (`/.well-known/openid-configuration` → `jwks_uri` → JWKS) and RS256 JWTs signed with
 * node:crypto, shaped like the tokens the Bot Framework channel service sends.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An RSA signing key and the JWK the provider publishes for it. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** Public JWK as Bot Framework publishes it: kty, use, kid, n, e and the channels endorsing it. */
  jwk: Record<string, unknown>;
}

/** Generates a 2048-bit RSA key (jsonwebtoken refuses smaller ones for RS256). */
export function makeSigningKey(kid: string, endorsements: string[] = ['msteams']): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { n, e } = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, jwk: { kty: 'RSA', use: 'sig', kid, n, e, endorsements } };
}

const b64url = (value: Buffer | string): string => Buffer.from(value).toString('base64url');

/** A compact JWS. `header` overrides the default `{alg: RS256, typ: JWT, kid}`. */
export function signJwt(
  payload: Record<string, unknown>,
  key: SigningKey,
  header: Record<string, unknown> = {},
): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header }));
  const body = b64url(JSON.stringify(payload));
  const signature = sign('sha256', Buffer.from(`${head}.${body}`), key.privateKey);
  return `${head}.${body}.${b64url(signature)}`;
}

export interface FakeOpenIdProvider {
  /** Base URL, e.g. http://127.0.0.1:1234 */
  url: string;
  /** What to configure as ToBotFromChannelOpenIdMetadataUrl. */
  metadataUrl: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * botbuilder's authentication settings for a bot whose inbound tokens come from `provider`
 * (metadata at `metadataUrl`, default the provider's own) with issuer `issuer`. The outbound
 * endpoints point at the provider too, so a mistaken send could never leave the machine.
 */
export function sdkSettingsFor(
  provider: Pick<FakeOpenIdProvider, 'url' | 'metadataUrl'>,
  issuer: string,
  metadataUrl = provider.metadataUrl,
): Record<string, string> {
  return {
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromChannelTokenIssuer: issuer,
    ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
    ToChannelFromBotLoginUrl: `${provider.url}/login`,
    ToChannelFromBotOAuthScope: issuer,
    OAuthUrl: `${provider.url}/oauth`,
  };
}

/** Serves the OpenID configuration and a JWKS holding the given public keys. */
export async function startFakeOpenIdProvider(issuer: string, keys: SigningKey[]): Promise<FakeOpenIdProvider> {
  const requests: string[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '';
    requests.push(path);
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${base}/authorize`,
        jwks_uri: `${base}/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (path === '/keys') return json(200, { keys: keys.map((k) => k.jwk) });
    return json(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    metadataUrl: `${base}/.well-known/openid-configuration`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
