import { describe, expect, it } from "vitest";
import { ratePercent } from "../../../src/domain";

describe("ratePercent", () => {
  it("rounds half up to two decimals, exactly", () => {
    expect(ratePercent(1, 8)).toBe(12.5);
    expect(ratePercent(1, 6)).toBe(16.67);
    expect(ratePercent(2, 3)).toBe(66.67);
    expect(ratePercent(1, 3)).toBe(33.33);
    // 1.005 % is a tie: half up gives 1.01 (binary floating point would give 1.00)
    expect(ratePercent(201, 20000)).toBe(1.01);
    expect(ratePercent(1, 20000)).toBe(0.01); // 0.005 %, a tie, rounds up
    expect(ratePercent(1, 20001)).toBe(0); // just under the tie
    expect(ratePercent(7, 7)).toBe(100);
  });

  it("is 0 for an empty whole", () => {
    expect(ratePercent(0, 0)).toBe(0);
    expect(ratePercent(3, 0)).toBe(0);
  });

  it("agrees with a decimal computation on many fractions", () => {
    for (let whole = 1; whole < 400; whole += 7)
      for (let part = 0; part <= whole; part += 3) {
        // hundredths of a percent as exact integers: round half up of part*10000/whole
        const num = BigInt(part) * 10000n * 2n + BigInt(whole);
        const expected = Number(num / (2n * BigInt(whole))) / 100;
        expect(ratePercent(part, whole)).toBe(expected);
      }
  });
});
