// The one French number and budget formatter, shared by the server (messages, CodeLens, CLI) and
// the client (status bar, plan view, breakdown): a decimal comma and a narrow no-break space
// between thousands, as `Intl.NumberFormat('fr-FR')` writes them.

// `toLocaleString` builds a number format at each call: the formats used are built once, at load.
const format = (min: number, max: number) => new Intl.NumberFormat('fr-FR', { minimumFractionDigits: min, maximumFractionDigits: max });
/** At most 0, 1, 2 or 3 decimals. */
const UP_TO: readonly Intl.NumberFormat[] = [0, 1, 2, 3].map((d) => format(0, d));
const ONE_DECIMAL = format(1, 1);

/** French number with at most `digits` decimals: frDecimal(43.5, 2) → "43,5", frDecimal(1234, 0) → "1 234". */
export function frDecimal(n: number, digits: number): string {
  return (UP_TO[digits] ?? format(0, digits)).format(n);
}

/** French number with a decimal comma: 43.5 → "43,5" (two decimals at most); `fixed` keeps one decimal (2 → "2,0"). */
export function frNumber(n: number, fixed = false): string {
  return fixed ? ONE_DECIMAL.format(n) : UP_TO[2]!.format(n);
}

const CELL = new Intl.NumberFormat('fr-FR', { useGrouping: false, maximumFractionDigits: 20 });
/** A number for a French spreadsheet cell: a decimal comma, no thousands separator (23.45 → "23,45"). */
export function frCell(n: number): string {
  return CELL.format(n);
}

/** A page figure: "23,4" for an estimate, "23" for an exact count, "?" when unknown. */
export function frPages(n: number | null, exact = false): string {
  if (n === null) return '?';
  return exact ? format(0, 0).format(n) : format(1, 1).format(n);
}

/** "≈ " before an estimated figure, nothing before an exact one. */
export function approx(exact: boolean): string {
  return exact ? '' : '≈ ';
}

/** "1 à 2 p.", "4 p. au plus", "au moins 15 p.", or "" when there is no budget. */
export function frBudget(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return `${frNumber(min)} à ${frNumber(max)} p.`;
  if (max !== null) return `${frNumber(max)} p. au plus`;
  if (min !== null) return `au moins ${frNumber(min)} p.`;
  return '';
}
