/**
 * Graceful shutdown of the server (SIGTERM, SIGINT): stop accepting connections and let the
 * requests in flight finish; stop the delivery tick, letting sends in flight finish and releasing
 * unfinished delivery leases; then close the adapters and the store. Each wait is bounded, so
 * the whole takes well under the 15 s a supervisor usually allows before SIGKILL.
 */
import type { Server } from 'node:http';
import type { Logger } from '../src/infra/ports';
import type { HttpListener } from './http-listener';

/** Longest wait for requests in flight and for sends in flight. */
export const GRACE_MS = 10_000;

export interface ShutdownParts {
  server: Server;
  listener: HttpListener;
  /** Stops the delivery tick within `graceMs` (its own bound). */
  stopTick(graceMs: number): Promise<void>;
  /** Closes adapters and the store. */
  close(): Promise<void>;
  logger: Logger;
}

/** Resolves when `promise` settles or `ms` pass, whichever is first; true when it settled. */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Stops accepting, waits for requests in flight (bounded), then cuts what is left. */
async function drainHttp(parts: ShutdownParts, graceMs: number): Promise<void> {
  parts.listener.drain();
  const closed = new Promise<void>((resolve) => parts.server.close(() => resolve()));
  // Idle keep-alive connections carry no request: close them now, and each one that goes
  // idle after answering (its answer said Connection: close).
  parts.server.closeIdleConnections();
  const idleSweep = setInterval(() => parts.server.closeIdleConnections(), 100);
  try {
    if (!(await within(closed, graceMs))) {
      parts.logger.warn('shutdown: requests still open after the grace period; closing them', { graceMs });
      parts.server.closeAllConnections();
      await closed;
    }
  } finally {
    clearInterval(idleSweep);
  }
}

export async function shutdownGracefully(parts: ShutdownParts, signal: string, graceMs = GRACE_MS): Promise<void> {
  const started = Date.now();
  parts.logger.info('shutting down', { signal, graceMs });
  await Promise.all([drainHttp(parts, graceMs), parts.stopTick(graceMs)]);
  await parts.close();
  parts.logger.info('shut down', { signal, ms: Date.now() - started });
}
