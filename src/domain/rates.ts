// Rates of the official report forms: a percentage of a whole, rounded half up to two decimals
// (API.md), computed on integers so that 1/8 = 12.5 % and 1/6 = 16.67 % come out the same on
// every runtime, with no binary floating-point surprises such as 1.005 → 1.00.

/** `part` / `whole` × 100, rounded half up to two decimals; 0 when the whole is 0. */
export function ratePercent(part: number, whole: number): number {
  if (whole <= 0 || part <= 0) return 0;
  // hundredths of a percent, rounded half up: floor((part × 10000 + whole / 2) / whole)
  const hundredths = Math.floor((part * 20000 + whole) / (2 * whole));
  return hundredths / 100;
}
