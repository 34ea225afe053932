/**
 * The lockout policy, as pure functions of a credential's state: each failure after the first is
 * answered a little later (up to a ceiling), and the configured number of failures in a row locks
 * the account for a while. OpenLMIS calls these maxUnsuccessfulAuthAttempts and lockoutTime.
 */
export interface LockoutPolicy {
  /** Failures in a row that lock the account (0: never lock). */
  attempts: number;
  lockSeconds: number;
  /** Delay added per failure after the first; the answer to a failure waits this times (failures - 1). */
  failureDelayMs: number;
}

const MAX_DELAY_MS = 5000;

export function isLocked(lockedUntil: Date | null, now = new Date()): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

/** The state after one more failure: the count, and the lock when it reaches the limit. */
export function afterFailure(policy: LockoutPolicy, failedAttempts: number, now = new Date()): { failedAttempts: number; lockedUntil: Date | null } {
  const failures = failedAttempts + 1;
  if (policy.attempts > 0 && failures >= policy.attempts) {
    return { failedAttempts: 0, lockedUntil: new Date(now.getTime() + policy.lockSeconds * 1000) };
  }
  return { failedAttempts: failures, lockedUntil: null };
}

export function failureDelayMs(policy: LockoutPolicy, failures: number): number {
  return Math.min(MAX_DELAY_MS, Math.max(0, failures - 1) * policy.failureDelayMs);
}
