/**
 * Reading Bot Framework HTTP requests without the SDK: body limits, JSON and the
 * activity fields the SDK and the bot rely on (a would-be 500 inside the SDK becomes a clear 400).
 */
import type { IncomingMessage } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function readJson(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    // Keep reading (and discarding) an oversized body: answering mid-upload stalls some clients.
    if (size <= limit) chunks.push(buf);
  }
  if (size > limit) throw new HttpError(413, 'request body too large');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new HttpError(400, 'body is not an activity object');
  const a = parsed as Record<string, unknown>;
  const conv = a.conversation as Record<string, unknown> | undefined;
  // The SDK assumes these exist; checking here turns a would-be 500 into a clear 400.
  if (typeof a.type !== 'string' || !a.type) throw new HttpError(400, 'activity has no type');
  if (typeof a.serviceUrl !== 'string' || !/^https?:\/\//i.test(a.serviceUrl))
    throw new HttpError(400, 'activity has no valid serviceUrl');
  if (!conv || typeof conv !== 'object' || typeof conv.id !== 'string' || !conv.id)
    throw new HttpError(400, 'activity has no conversation id');
  const wrong = wrongField(a);
  if (wrong) throw new HttpError(400, `activity field ${wrong} has the wrong type`);
  return a;
}

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
const optional = (v: unknown, ok: (x: unknown) => boolean): boolean => v === undefined || v === null || ok(v);
const isString = (v: unknown): boolean => typeof v === 'string';
const objectsOnly = (v: unknown): boolean => Array.isArray(v) && v.every(isObject);
const accountOk = (v: unknown): boolean => isObject(v) && optional((v as Record<string, unknown>).id, isString);

/**
 * The first field the bot reads whose type is not what Teams sends (text that is a number, null
 * members, a non-string tenant), or undefined. Rejected as 400 here rather than failing inside
 * the turn, where it would cost an apology message and an error log.
 */
function wrongField(a: Record<string, unknown>): string | undefined {
  const conv = a.conversation as Record<string, unknown>;
  const checks: Array<[string, boolean]> = [
    ['text', optional(a.text, isString)],
    ['action', optional(a.action, isString)],
    ['localTimezone', optional(a.localTimezone, isString)],
    ['locale', optional(a.locale, isString)],
    ['channelId', optional(a.channelId, isString)],
    ['from', optional(a.from, accountOk)],
    ['recipient', optional(a.recipient, accountOk)],
    ['conversation.tenantId', optional(conv.tenantId, isString)],
    ['entities', optional(a.entities, objectsOnly)],
    ['membersAdded', optional(a.membersAdded, (v) => objectsOnly(v) && (v as unknown[]).every(accountOk))],
    ['membersRemoved', optional(a.membersRemoved, (v) => objectsOnly(v) && (v as unknown[]).every(accountOk))],
    ['channelData', optional(a.channelData, isObject)],
  ];
  return checks.find(([, ok]) => !ok)?.[0];
}

export const retryAfterMs = (header: string | null | undefined): number | undefined => {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs) && secs >= 0) return Math.round(secs * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
};
