/**
 * Money as exact decimal text ("2154.65"), never a binary float: prices are stored as SQL
 * numeric and travel as strings. Up to 4 decimal places covers every ISO 4217 currency.
 */
const DECIMAL = /^(\d{1,15})(?:\.(\d{1,4}))?$/;

/**
 * The canonical text of an amount given as a JSON number or a decimal string, or undefined when
 * it is not a non-negative amount with at most 15 digits before the point and 4 after.
 */
export function parseMoney(amount: number | string): string | undefined {
  const text = typeof amount === 'number' ? numberText(amount) : amount.trim();
  const match = text === undefined ? null : DECIMAL.exec(text);
  if (!match) return undefined;
  return canonical(match[1], match[2] ?? '');
}

/** The canonical text of a stored numeric ("2154.6500" → "2154.65", "10.0000" → "10.00"). */
export function formatMoney(stored: string): string {
  const [whole, fraction = ''] = stored.split('.');
  return canonical(whole, fraction);
}

/** At least two decimals (as amounts are written), no trailing zeros beyond them, no leading zeros. */
function canonical(whole: string, fraction: string): string {
  const trimmed = fraction.replace(/0+$/, '').padEnd(2, '0');
  return `${whole.replace(/^0+(?=\d)/, '')}.${trimmed}`;
}

/** JavaScript writes 1e21 and up, and tiny amounts, in exponent form: those are refused. */
function numberText(amount: number): string | undefined {
  return Number.isFinite(amount) ? String(amount) : undefined;
}
