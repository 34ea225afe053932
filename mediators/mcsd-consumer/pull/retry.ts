/**
 * Retries of transient failures when talking to a supplier: timeouts, dropped connections, 5xx,
 * 408 and 429, with exponential backoff and full jitter; Retry-After (seconds or an HTTP date)
 * is honoured when the supplier sends it. Anything else fails at once.
 */
export interface RetryPolicy {
  /** Tries per request, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per request, the whole body included. */
  timeoutMs: number;
  /** A longer Retry-After than this fails the request instead of stalling the run. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 30_000, timeoutMs: 60_000, maxRetryAfterMs: 300_000 };

/** How fhir-kit-client reports an HTTP error: the status, and the response headers in `config`. */
export interface HttpFailure {
  response?: { status?: number; data?: unknown };
  config?: { headers?: Headers };
}

export function statusOf(error: unknown): number | undefined {
  return (error as HttpFailure)?.response?.status;
}

export function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined) return status === 408 || status === 429 || status >= 500;
  // No status: the request never got an answer (refused, reset, timed out, body cut off),
  // unless the error says retrying cannot help (see SourceAuthError).
  return (error as { permanent?: boolean })?.permanent !== true;
}

/** The delay before try number `attempt + 1` (attempt counts from 1). */
export function retryDelay(error: unknown, attempt: number, policy: RetryPolicy, now = Date.now()): number {
  const retryAfter = retryAfterMs((error as HttpFailure)?.config?.headers?.get?.('retry-after') ?? undefined, now);
  if (retryAfter !== undefined) return retryAfter;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface RetryContext {
  policy: RetryPolicy;
  signal?: AbortSignal;
  onRetry?(error: unknown, attempt: number, delayMs: number): void;
}

/** Runs `work` (given a signal that also fires at the per-request timeout) until it succeeds or fails for good. */
export async function withRetries<T>(work: (signal: AbortSignal) => Promise<T>, { policy, signal, onRetry }: RetryContext): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    try {
      return await work(signal ? AbortSignal.any([signal, timeout]) : timeout);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const delay = retryDelay(error, attempt, policy);
      if (attempt >= policy.attempts || !isTransient(error) || delay > policy.maxRetryAfterMs) throw error;
      onRetry?.(error, attempt, delay);
      await sleep(delay, signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}
