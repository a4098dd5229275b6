// The rule packs by code, and the choice of a pack by review year.
import { ND07_2021 } from "./nd07-2021";
import { ND351_2025 } from "./nd351-2025";
import { QD59_2015 } from "./qd59-2015";
import type { Standard, StandardCode } from "./types";

export * from "./types";
export { ND07_2021, ND351_2025, QD59_2015 };

export const STANDARDS: Readonly<Record<StandardCode, Standard>> = { QD59_2015, ND07_2021, ND351_2025 };

export function isStandardCode(code: unknown): code is StandardCode {
  return typeof code === "string" && Object.hasOwn(STANDARDS, code);
}

/** The pack with this code, or null for an unknown code. */
export function getStandard(code: string): Standard | null {
  return isStandardCode(code) ? STANDARDS[code] : null;
}

/** The pack that governs the review of `year`, or null when no pack covers it. */
export function standardForYear(year: number): Standard | null {
  for (const s of Object.values(STANDARDS)) if (year >= s.years.from && year <= s.years.to) return s;
  return null;
}
