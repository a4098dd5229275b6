// Vietnamese number and date formatting, written out by hand: `toLocaleString("vi-VN")` depends on
// the ICU data of the runtime (small-ICU builds and some phones print `1,400,000`) and is slow in
// the classification hot path.

/** Groups an integer with dots, Vietnamese style: 1400000 → "1.400.000". Non-integers are rounded. */
export function groupThousands(n: number): string {
  const digits = Math.abs(Math.round(n)).toString();
  let out = digits.length % 3 === 0 ? "" : digits.slice(0, digits.length % 3);
  for (let i = digits.length % 3; i < digits.length; i += 3) {
    out += (out === "" ? "" : ".") + digits.slice(i, i + 3);
  }
  return n < 0 && out !== "0" ? `-${out}` : out;
}

/** An amount in đồng as people write it: 1400000 → "1.400.000 đ". */
export function formatDong(n: number): string {
  return `${groupThousands(n)} đ`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True for a real calendar date written `YYYY-MM-DD` (2025-02-30 is not one). */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== "string" || !ISO_DATE.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const mo = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!);
}

/** "2025-09-01" → "01/09/2025"; anything that is not an ISO date is returned unchanged. */
export function formatDateVi(iso: string): string {
  const m = ISO_DATE.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** A decimal number with a comma, at most `digits` decimals: 7.45 → "7,5" (digits = 1), 8 → "8". */
export function formatDecimalVi(n: number, digits = 1): string {
  const f = 10 ** digits;
  return (Math.round(n * f) / f).toString().replace(".", ",");
}
