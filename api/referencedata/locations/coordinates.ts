/**
 * Latitude and longitude as the guide stores them: decimal degrees in "8,5" format (at most 8
 * digits, at most 5 after the point), latitude within ±90 and longitude within ±180, both or neither.
 */
export const LATITUDE = { type: 'number', minimum: -90, maximum: 90 } as const;
export const LONGITUDE = { type: 'number', minimum: -180, maximum: 180 } as const;

/** The problem with a coordinate pair, or undefined when it is acceptable. */
export function coordinateProblem(latitude: number | null | undefined, longitude: number | null | undefined): string | undefined {
  const given = [latitude, longitude].filter((v) => v !== null && v !== undefined).length;
  if (given === 1) return 'latitude and longitude must be given together';
  for (const value of [latitude, longitude]) {
    if (typeof value === 'number' && !fitsEightFive(value)) return `${value} does not fit the 8,5 format (up to 5 decimal places)`;
  }
  return undefined;
}

function fitsEightFive(value: number): boolean {
  const [whole, fraction = ''] = Math.abs(value).toString().split('.');
  return !/e/i.test(String(value)) && fraction.length <= 5 && whole.length + fraction.length <= 8;
}
