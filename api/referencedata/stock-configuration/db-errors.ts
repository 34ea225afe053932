/** Recognising the PostgreSQL errors the stock configuration services turn into API answers. */
interface DriverFailure {
  driverError?: { code?: string; constraint?: string };
}

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/** The unique constraint (or unique index) a write collided with, if that is why it failed. */
export function violatedUnique(error: unknown): string | undefined {
  const failure = (error as DriverFailure)?.driverError;
  return failure?.code === UNIQUE_VIOLATION ? failure.constraint : undefined;
}

/** The foreign key a write broke, if that is why it failed (a referenced row vanished meanwhile). */
export function violatedForeignKey(error: unknown): string | undefined {
  const failure = (error as DriverFailure)?.driverError;
  return failure?.code === FOREIGN_KEY_VIOLATION ? failure.constraint : undefined;
}
