/** Error codes the core and adapters raise. Each has user-facing text where a user can cause it. */
export type CaftaErrorCode =
  | 'config_invalid'
  | 'data_invalid'
  | 'store_unavailable'
  | 'store_conflict'
  | 'bad_request'
  | 'unauthorized'
  | 'not_found'
  | 'send_failed'
  | 'internal';

export class CaftaError extends Error {
  readonly code: CaftaErrorCode;
  readonly details?: unknown;
  constructor(code: CaftaErrorCode, message: string, details?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CaftaError';
    this.code = code;
    this.details = details;
  }
}

export const isCaftaError = (e: unknown): e is CaftaError => e instanceof CaftaError;
