/** How string search values are compared: case- and accent-insensitive, as FHIR string search requires. */
export function normaliseString(value: string): string {
  return value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}
