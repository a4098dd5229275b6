// The official working calendar: lunar dates, holidays with days in lieu and swaps, and the
// public posting window counted in working days.
import { describe, expect, it } from "vitest";
import {
  calendarSource,
  dayOffReason,
  hungKingsDay,
  isWorkingDay,
  officialDaysOff,
  postingWindow,
  swappedWorkingDays,
  tetDay,
  vietnamDate,
} from "../../../src/domain/calendar";

// Mùng 1 Tết and Giỗ Tổ (10/3 âm lịch) as published in Vietnamese calendars, written out
// independently of the algorithm. 2030 is the year Vietnam's Tết (UTC+7) falls a day before China's.
const LUNAR: [number, string, string][] = [
  [2016, "2016-02-08", "2016-04-16"],
  [2017, "2017-01-28", "2017-04-06"],
  [2018, "2018-02-16", "2018-04-25"],
  [2019, "2019-02-05", "2019-04-14"],
  [2020, "2020-01-25", "2020-04-02"],
  [2021, "2021-02-12", "2021-04-21"],
  [2022, "2022-02-01", "2022-04-10"],
  [2023, "2023-01-22", "2023-04-29"],
  [2024, "2024-02-10", "2024-04-18"],
  [2025, "2025-01-29", "2025-04-07"],
  [2026, "2026-02-17", "2026-04-26"],
  [2027, "2027-02-06", "2027-04-16"],
  [2028, "2028-01-26", "2028-04-04"],
  [2029, "2029-02-13", "2029-04-23"],
  [2030, "2030-02-02", "2030-04-12"],
  [2031, "2031-01-23", "2031-04-01"],
  [2032, "2032-02-11", "2032-04-19"],
  [2033, "2033-01-31", "2033-04-09"],
  [2034, "2034-02-19", "2034-04-28"],
  [2035, "2035-02-08", "2035-04-17"],
];

describe("lunar dates", () => {
  it.each(LUNAR)("%i: Tết %s, Giỗ Tổ %s", (year, tet, hung) => {
    expect(tetDay(year)).toBe(tet);
    expect(hungKingsDay(year)).toBe(hung);
  });

  it("puts every year's Tết inside its five or more days off", () => {
    for (const [year, tet] of LUNAR) {
      const off = new Set(
        officialDaysOff(year)
          .filter((d) => d.name === "Tết Nguyên đán")
          .map((d) => d.date),
      );
      expect(off.has(tet), String(year)).toBe(true);
      expect(off.size, String(year)).toBeGreaterThanOrEqual(5);
    }
  });
});

describe("official days off", () => {
  it("gives a day in lieu for a holiday on a weekend, after the holidays that follow it", () => {
    // 2023: Giỗ Tổ Sat 29/4, 30/4 Sun, 1/5 Mon → off until Wed 3/5.
    for (const d of ["2023-04-29", "2023-04-30", "2023-05-01", "2023-05-02", "2023-05-03"])
      expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay("2023-05-04")).toBe(true);
    // 2022: 1/1 on a Saturday → Monday 3/1 off.
    expect(dayOffReason("2022-01-03")).toBe("Nghỉ bù Tết Dương lịch");
  });

  it("keeps the day beside 2/9 from 2021 only, and the swapped days of the notices", () => {
    expect(isWorkingDay("2020-09-03")).toBe(true);
    expect(isWorkingDay("2021-09-03")).toBe(false);
    expect(isWorkingDay("2025-09-01")).toBe(false);
    expect(isWorkingDay("2025-05-02")).toBe(false);
    expect(swappedWorkingDays(2025)).toEqual(["2025-04-26"]);
    expect(isWorkingDay("2025-04-26")).toBe(true);
    expect(isWorkingDay("2025-04-27")).toBe(false);
  });

  it("marks days that only follow the general rule for checking", () => {
    expect(officialDaysOff(2025).every((d) => !d.verify)).toBe(true);
    expect(
      officialDaysOff(2030)
        .filter((d) => d.name === "Tết Nguyên đán")
        .every((d) => d.verify),
    ).toBe(true);
  });

  it("lets a tenant add and remove days", () => {
    expect(isWorkingDay("2025-10-15", { daysOff: ["2025-10-15"] })).toBe(false);
    expect(isWorkingDay("2025-09-01", { workingDays: ["2025-09-01"] })).toBe(true);
  });
});

describe("posting window", () => {
  it("skips a weekend and the National Day holiday", () => {
    const w = postingWindow("2025-08-28", 3);
    expect(w.endsOn).toBe("2025-09-03");
    expect(w.skipped.map((s) => s.date)).toEqual(["2025-08-30", "2025-08-31", "2025-09-01", "2025-09-02"]);
  });

  it("skips the whole Tết break", () => {
    expect(postingWindow("2025-01-23", 3).endsOn).toBe("2025-02-03");
    expect(postingWindow("2024-02-07", 2).endsOn).toBe("2024-02-15");
  });

  it("counts from the next working day when the first day is off, and counts a worked Saturday", () => {
    expect(postingWindow("2025-09-06", 1).endsOn).toBe("2025-09-08");
    expect(postingWindow("2025-04-25", 2).endsOn).toBe("2025-04-26");
    expect(postingWindow("2025-09-08", 3)).toMatchObject({ endsOn: "2025-09-10", skipped: [] });
  });
});

it("takes today's date in Vietnam, seven hours ahead of UTC", () => {
  expect(vietnamDate(new Date("2025-12-31T16:59:59Z"))).toBe("2025-12-31");
  expect(vietnamDate(new Date("2025-12-31T17:00:00Z"))).toBe("2026-01-01");
});

describe("the working calendar of 2026 (notices entered as data)", () => {
  it("New Year: Thu 1/1 to Sun 4/1 off, Fri 2/1 swapped for Sat 10/1 worked (12729/VPCP-KGVX)", () => {
    for (const d of ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"]) expect(isWorkingDay(d), d).toBe(false);
    expect(dayOffReason("2026-01-02")).toBe("Nghỉ hoán đổi (làm bù vào thứ Bảy)");
    expect(swappedWorkingDays(2026)).toEqual(["2026-01-10"]);
    expect(isWorkingDay("2026-01-10")).toBe(true);
    expect(isWorkingDay("2026-01-17")).toBe(false);
    const swapped = officialDaysOff(2026).find((d) => d.date === "2026-01-02")!;
    expect(swapped).toMatchObject({ verify: false, source: expect.stringContaining("12729/VPCP-KGVX") });
  });
  it("Tết Sat 14/2 to Sun 22/2; Giỗ Tổ Sun 26/4 with Mon 27/4 off in lieu; 30/4–1/5", () => {
    for (const d of ["2026-02-14", "2026-02-16", "2026-02-20", "2026-02-22"]) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay("2026-02-13")).toBe(true);
    expect(isWorkingDay("2026-02-23")).toBe(true);
    expect(dayOffReason("2026-04-27")).toBe("Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)");
    expect(isWorkingDay("2026-04-28")).toBe(true);
    expect([isWorkingDay("2026-04-30"), isWorkingDay("2026-05-01"), isWorkingDay("2026-04-29")]).toEqual([
      false,
      false,
      true,
    ]);
  });
  it("National Day Wed 2/9 and Tue 1/9 beside it, flagged: no adopted notice was found", () => {
    expect([isWorkingDay("2026-09-01"), isWorkingDay("2026-09-02"), isWorkingDay("2026-09-03")]).toEqual([
      false,
      false,
      true,
    ]);
    expect(officialDaysOff(2026).find((d) => d.date === "2026-09-01")).toMatchObject({ verify: true });
    expect(officialDaysOff(2026).find((d) => d.date === "2026-02-16")).toMatchObject({ verify: false });
  });
  it("a posting from 31/12/2025 for 3 working days ends on 6/1/2026", () => {
    const w = postingWindow("2025-12-31", 3);
    expect(w.endsOn).toBe("2026-01-06");
    expect(w.skipped.map((s) => s.date)).toEqual(["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"]);
  });
  it("a posting from 9/1/2026 counts Sat 10/1 (worked) and ends on 12/1/2026", () => {
    const w = postingWindow("2026-01-09", 3);
    expect(w.endsOn).toBe("2026-01-12");
    expect(w.skipped.map((s) => s.date)).toEqual(["2026-01-11"]);
  });
  it("later years are computed by the rule and flagged, with the rule as their source", () => {
    expect(calendarSource(2027)).toMatchObject({
      fromNotice: false,
      source: expect.stringContaining("Bộ luật Lao động"),
    });
    expect(calendarSource(2026)).toMatchObject({ fromNotice: true });
    expect(officialDaysOff(2027).every((d) => d.verify && d.source.includes("Bộ luật Lao động"))).toBe(true);
    expect(officialDaysOff(2027).some((d) => d.name === "Tết Nguyên đán")).toBe(true);
  });
});
