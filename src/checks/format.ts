// Numbers in the findings' messages: rounded, without trailing zeros.
export function num(n: number, digits = 1): string {
  return String(Math.round(n * 10 ** digits) / 10 ** digits);
}
