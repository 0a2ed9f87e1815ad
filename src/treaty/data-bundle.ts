/**
 * The signed data bundle: every file the loader reads, in one JSON document, signed with Ed25519
 * (node:crypto). Maintainers make it with `cafta data bundle`; deployments that follow
 * `CAFTA_DATA_URL` accept it only if the signature verifies with a trusted key, the files
 * validate, and the content version matches the files.
 *
 *   { "format": "cafta-data-bundle/1", "keyId": "…", "signature": "<base64>",
 *     "payload": "{\"version\":\"…\",\"issuedAt\":\"…\",\"files\":{\"meta.json\":{…},…}}" }
 *
 * The signature covers the exact bytes of `payload` (a JSON text inside the JSON), so nothing
 * depends on how a JSON library orders or spaces keys.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { checkFiles, dataVersion, formatProblem, type DataFiles } from './data';
import { isObject, type Json } from './json';
import type { TreatyData } from './model';

export const BUNDLE_FORMAT = 'cafta-data-bundle/1';

/** A bundle that verified: its text (to store), what it says about itself, and its data. */
export interface VerifiedBundle {
  text: string;
  version: string;
  issuedAt: string;
  keyId: string;
  data: TreatyData;
}

export type BundleCheck = { ok: true; bundle: VerifiedBundle } | { ok: false; reason: string };

/** Short id of a public key (sha256 of its SPKI DER): names the signing key without revealing anything. */
export function keyId(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]*?-----END \1-----/g;

/**
 * Every Ed25519 public key (SPKI PEM) in `text`. Several blocks are allowed, so a key rotation
 * can trust the old and the new key at once. Throws an Error saying what is wrong.
 */
export function parsePublicKeys(text: string): KeyObject[] {
  // A .env value often carries its line breaks as "\n".
  const blocks = text.replace(/\\n/g, '\n').match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new Error('no PEM public key found (expected -----BEGIN PUBLIC KEY-----)');
  return blocks.map((pem, i) => {
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch (err) {
      throw new Error(`key ${i + 1} is not a valid public key: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (key.asymmetricKeyType !== 'ed25519')
      throw new Error(`key ${i + 1} is ${key.asymmetricKeyType ?? 'not an asymmetric key'}, not Ed25519`);
    return key;
  });
}

/** An Ed25519 private key (PKCS#8 PEM). Throws an Error saying what is wrong. */
export function parsePrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    throw new Error(`not a PEM private key: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${key.asymmetricKeyType ?? '?'}, not Ed25519`);
  return key;
}

/** Signs `files` (as read by `readDataFiles`) into bundle text. */
export function signBundle(files: DataFiles, privateKey: KeyObject, issuedAt: Date): string {
  const payload = JSON.stringify({ version: dataVersion(files), issuedAt: issuedAt.toISOString(), files });
  const signature = sign(null, Buffer.from(payload, 'utf8'), privateKey).toString('base64');
  return `${JSON.stringify({ format: BUNDLE_FORMAT, keyId: keyId(privateKey), signature, payload })}\n`;
}

function verifySignature(
  payload: string,
  signature: string,
  claimed: unknown,
  keys: readonly KeyObject[],
): string | null {
  const sig = Buffer.from(signature, 'base64');
  // The claimed key first; any trusted key may have signed (a key id is a hint, not a trust decision).
  const ordered = [...keys].sort((a, b) => Number(keyId(b) === claimed) - Number(keyId(a) === claimed));
  for (const key of ordered) if (verify(null, Buffer.from(payload, 'utf8'), key, sig)) return keyId(key);
  return null;
}

/** Checks a bundle end to end; the reason names what failed, in words for a log line. */
export function verifyBundle(text: string, keys: readonly KeyObject[]): BundleCheck {
  let outer: Json;
  try {
    outer = JSON.parse(text) as Json;
  } catch {
    return { ok: false, reason: 'not a bundle: the body is not JSON' };
  }
  if (!isObject(outer) || outer.format !== BUNDLE_FORMAT)
    return { ok: false, reason: `not a bundle: "format" is not ${BUNDLE_FORMAT}` };
  if (typeof outer.payload !== 'string') return { ok: false, reason: 'not a bundle: no payload' };
  if (typeof outer.signature !== 'string' || outer.signature === '') return { ok: false, reason: 'unsigned bundle' };
  const signer = verifySignature(outer.payload, outer.signature, outer.keyId, keys);
  if (!signer)
    return {
      ok: false,
      reason: `the signature does not verify with any trusted key (bundle key id ${String(outer.keyId)})`,
    };
  let payload: Json;
  try {
    payload = JSON.parse(outer.payload) as Json;
  } catch {
    return { ok: false, reason: 'signed payload is not JSON' };
  }
  if (!isObject(payload) || typeof payload.version !== 'string' || !isObject(payload.files))
    return { ok: false, reason: 'signed payload lacks version or files' };
  const issuedAt = typeof payload.issuedAt === 'string' ? payload.issuedAt : '';
  if (!/^\d{4}-\d{2}-\d{2}T/.test(issuedAt) || Number.isNaN(Date.parse(issuedAt)))
    return { ok: false, reason: 'signed payload has no valid issuedAt' };
  const files = payload.files as DataFiles;
  const checked = checkFiles(files);
  if (!checked.ok) {
    const first = checked.problems.slice(0, 3).map(formatProblem).join('; ');
    return { ok: false, reason: `the data does not validate (${checked.problems.length} problem(s): ${first})` };
  }
  if (checked.data.version !== payload.version)
    return {
      ok: false,
      reason: `content version ${payload.version} does not match its files (${checked.data.version})`,
    };
  return { ok: true, bundle: { text, version: payload.version, issuedAt, keyId: signer, data: checked.data } };
}
