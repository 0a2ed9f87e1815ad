/**
 * Whether Bolt can route a (signed) request body: the shapes its `getTypeAndConversation` and
 * HTTPReceiver recognise. Anything else is never acknowledged by Bolt and would wait out its
 * 3-second no-ack timer, so the events route answers it with 400 at once. (An unparsable body
 * is Bolt's to refuse: its receiver answers 400 itself, at once.)
 */
/** Body `type`s Bolt routes on their own (besides events, commands, options and block actions). */
const ROUTED_TYPES = new Set([
  'url_verification',
  'block_suggestion',
  'dialog_submission',
  'shortcut',
  'message_action',
  'view_submission',
  'view_closed',
]);

/** `body`: the request body as Bolt parses it (`HTTPModuleFunctions.parseHTTPRequestBody`). */
export function isRoutable(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  if (b.event !== undefined || b.command !== undefined || b.name !== undefined || b.actions !== undefined) return true;
  return typeof b.type === 'string' && ROUTED_TYPES.has(b.type);
}

/** Slack's `app_rate_limited` notice (sent to the events URL; no `event` in it). */
export function isRateLimitNotice(body: unknown): body is { team_id?: string; minute_rate_limited?: number } {
  return !!body && typeof body === 'object' && (body as Record<string, unknown>).type === 'app_rate_limited';
}
