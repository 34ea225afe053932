/**
 * GS1 Global Trade Item Numbers: GTIN-8, -12, -13 or -14, the last digit a check digit computed
 * from the others (GS1 General Specifications, "Check digit calculation").
 */
const LENGTHS = [8, 12, 13, 14];

/** Why a GTIN is not valid, or undefined when it is. */
export function gtinProblem(gtin: string): string | undefined {
  if (!/^\d+$/.test(gtin) || !LENGTHS.includes(gtin.length)) {
    return `GTIN "${gtin}" must be 8, 12, 13 or 14 digits`;
  }
  const expected = gtinCheckDigit(gtin.slice(0, -1));
  const given = Number(gtin.at(-1));
  return given === expected ? undefined : `GTIN "${gtin}" ends with check digit ${given}, but its other digits call for ${expected}`;
}

/** Digits are weighted 3, 1, 3, 1, ... from the right; the check digit rounds the sum up to a multiple of ten. */
export function gtinCheckDigit(digits: string): number {
  let sum = 0;
  for (let fromRight = 0; fromRight < digits.length; fromRight++) {
    const digit = Number(digits[digits.length - 1 - fromRight]);
    sum += digit * (fromRight % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * The 14-digit form (zeros on the left): a GTIN-12 and the GTIN-14 that pads it name the same
 * item, so this form is what uniqueness and lookups compare.
 */
export function gtin14(gtin: string): string {
  return gtin.padStart(14, '0');
}
