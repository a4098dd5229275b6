// Vietnam's official working calendar, for the public posting window (niêm yết: N working days):
// Saturdays and Sundays off; the public holidays of the Labour Code (Art. 112 of the 2019 code,
// Art. 115 of the 2012 code): 1/1, Tết Nguyên đán (5 days), Giỗ Tổ Hùng Vương (10/3 lunar),
// 30/4, 1/5, 2/9 (and, from 2021, one day beside it); a holiday falling on a weekend gives a day
// off in lieu on the next working day; and the days each year's notice for civil servants swaps
// (a weekday off, a Saturday worked in exchange). Lunar dates are computed (Hồ Ngọc Đức's
// algorithm for the Vietnamese calendar, UTC+7); the announced Tết breaks and swaps are a table.
// A tenant may add or remove days on top (settings), since the notices change year by year.

export interface CalendarAdjustments {
  /** Extra days off of the tenant (a local holiday, a notice not yet in the table). */
  daysOff?: readonly string[];
  /** Days the tenant works although the table says off (or a swapped Saturday). */
  workingDays?: readonly string[];
}

export interface DayOff {
  date: string;
  /** Why the day is off, in Vietnamese. */
  name: string;
  /** The day comes from the general rule, not from a notice in the table: check it. */
  verify: boolean;
  /** The notice the day comes from, or the rule it was computed by. */
  source: string;
}

// ---- dates as day numbers -----------------------------------------------------------------------

const DAY_MS = 86_400_000;
const toDay = (iso: string) =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
const fromDay = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
const weekday = (iso: string) => new Date(toDay(iso) * DAY_MS).getUTCDay();
const isWeekend = (iso: string) => {
  const d = weekday(iso);
  return d === 0 || d === 6;
};
export const addDays = (iso: string, n: number) => fromDay(toDay(iso) + n);
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/** Today's date in Vietnam (Asia/Ho_Chi_Minh, UTC+7, no daylight saving), `YYYY-MM-DD`. */
export function vietnamDate(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

// ---- the lunar calendar (Hồ Ngọc Đức, "Âm lịch Việt Nam"), time zone +7 -------------------------

const TZ = 7;
const { floor, sin, PI } = Math;

function julianDay(d: number, m: number, y: number): number {
  const a = floor((14 - m) / 12);
  const yy = y + 4800 - a;
  const mm = m + 12 * a - 3;
  return d + floor((153 * mm + 2) / 5) + 365 * yy + floor(yy / 4) - floor(yy / 100) + floor(yy / 400) - 32045;
}

function newMoonDay(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let c1 = (0.1734 - 0.000393 * T) * sin(M * dr) + 0.0021 * sin(2 * dr * M);
  c1 = c1 - 0.4068 * sin(Mpr * dr) + 0.0161 * sin(dr * 2 * Mpr);
  c1 = c1 - 0.0004 * sin(dr * 3 * Mpr);
  c1 = c1 + 0.0104 * sin(dr * 2 * F) - 0.0051 * sin(dr * (M + Mpr));
  c1 = c1 - 0.0074 * sin(dr * (M - Mpr)) + 0.0004 * sin(dr * (2 * F + M));
  c1 = c1 - 0.0004 * sin(dr * (2 * F - M)) - 0.0006 * sin(dr * (2 * F + Mpr));
  c1 = c1 + 0.001 * sin(dr * (2 * F - Mpr)) + 0.0005 * sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return floor(jd1 + c1 - deltaT + 0.5 + TZ / 24);
}

/** The sun's longitude at the start of day `jdn`, as one of 12 sectors (0 = 0–30°). */
function sunLongitudeSector(jdn: number): number {
  const T = (jdn - 2451545.5 - TZ / 24) / 36525;
  const T2 = T * T;
  const dr = PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * sin(dr * M);
  DL += (0.019993 - 0.000101 * T) * sin(dr * 2 * M) + 0.00029 * sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L -= PI * 2 * floor(L / (PI * 2));
  return floor((L / PI) * 6);
}

/** Day of the new moon that starts the 11th lunar month (the one holding the winter solstice). */
function lunarMonth11(y: number): number {
  const k = floor((julianDay(31, 12, y) - 2415021) / 29.530588853);
  const nm = newMoonDay(k);
  return sunLongitudeSector(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

function leapMonthOffset(a11: number): number {
  const k = floor((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let i = 1;
  let arc = sunLongitudeSector(newMoonDay(k + i));
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunLongitudeSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

/** The solar date of a (non-leap) lunar date of lunar year `y`. */
export function lunarToSolar(day: number, month: number, y: number): string {
  const [a11, b11] = month < 11 ? [lunarMonth11(y - 1), lunarMonth11(y)] : [lunarMonth11(y), lunarMonth11(y + 1)];
  const k = floor(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365 && off >= leapMonthOffset(a11)) off += 1;
  const jd = newMoonDay(k + off) + day - 1;
  // Julian day number → Gregorian date.
  const a = jd + 32044;
  const b = floor((4 * a + 3) / 146097);
  const c = a - floor((b * 146097) / 4);
  const d = floor((4 * c + 3) / 1461);
  const e = c - floor((1461 * d) / 4);
  const m = floor((5 * e + 2) / 153);
  return iso(b * 100 + d - 4800 + floor(m / 10), m + 3 - 12 * floor(m / 10), e - floor((153 * m + 2) / 5) + 1);
}

/** Mùng 1 Tết of the lunar year that starts in solar year `y`. */
export const tetDay = (y: number) => lunarToSolar(1, 1, y);
/** Giỗ Tổ Hùng Vương, 10/3 lunar. */
export const hungKingsDay = (y: number) => lunarToSolar(10, 3, y);

// ---- each year's notice (civil servants' calendar), as announced -------------------------------

interface YearNotice {
  /** The notice(s) of the year, as cited (number, date, what it decides). */
  source: string;
  /** The whole Tết break, first and last day, weekends and days in lieu included. */
  tet: [string, string];
  /** From 2021, the day set beside 2/9. */
  besideNationalDay?: string;
  /** Weekdays given off in exchange for a Saturday worked (hoán đổi ngày làm việc). */
  swappedOff?: string[];
  /** Saturdays worked in exchange. */
  swappedWork?: string[];
  /** Parts of the notice not checked against the published text. */
  verify?: boolean;
  /** The day beside 2/9 follows the rule, not a notice found for the year. */
  verifyNationalDay?: boolean;
}

/** How days not fixed by a notice are computed (Labour Code 2019 Art. 112; lunar dates by Hồ Ngọc Đức's algorithm). */
const RULE_SOURCE = "Bộ luật Lao động 2019, Điều 112 (tính theo quy tắc chung, cần đối chiếu thông báo của năm)";

/**
 * The notices of the Ministry of Labour (now Home Affairs) and the Government Office for civil
 * servants, each year with its source. Years before 2025 are as best known (verify against the
 * published notices; a tenant corrects a day through its settings). Years not listed follow the
 * general rule and are marked verify.
 */
const NOTICES: Readonly<Record<number, YearNotice>> = {
  2016: {
    source: "Thông báo lịch nghỉ Tết năm 2016 (theo ghi nhận, cần đối chiếu)",
    tet: ["2016-02-06", "2016-02-14"],
  },
  2017: {
    source: "Thông báo lịch nghỉ Tết năm 2017 (theo ghi nhận, cần đối chiếu)",
    tet: ["2017-01-26", "2017-02-01"],
  },
  2018: {
    source: "Thông báo lịch nghỉ Tết năm 2018 (theo ghi nhận, cần đối chiếu)",
    tet: ["2018-02-14", "2018-02-20"],
    swappedOff: ["2018-12-31"],
  },
  2019: {
    source: "Thông báo lịch nghỉ năm 2019 (theo ghi nhận, cần đối chiếu)",
    tet: ["2019-02-02", "2019-02-10"],
    swappedWork: ["2019-01-05", "2019-05-04"],
    swappedOff: ["2019-04-29"],
  },
  2020: {
    source: "Thông báo lịch nghỉ Tết năm 2020 (theo ghi nhận, cần đối chiếu)",
    tet: ["2020-01-23", "2020-01-29"],
  },
  2021: {
    source: "Thông báo lịch nghỉ năm 2021 (theo ghi nhận, cần đối chiếu)",
    tet: ["2021-02-10", "2021-02-16"],
    besideNationalDay: "2021-09-03",
  },
  2022: {
    source: "Thông báo lịch nghỉ năm 2022 (theo ghi nhận, cần đối chiếu)",
    tet: ["2022-01-29", "2022-02-06"],
    besideNationalDay: "2022-09-01",
  },
  2023: {
    source: "Thông báo lịch nghỉ năm 2023 (theo ghi nhận, cần đối chiếu)",
    tet: ["2023-01-20", "2023-01-26"],
    besideNationalDay: "2023-09-01",
  },
  2024: {
    source: "Thông báo lịch nghỉ năm 2024 (theo ghi nhận, cần đối chiếu)",
    tet: ["2024-02-08", "2024-02-14"],
    besideNationalDay: "2024-09-03",
    swappedOff: ["2024-04-29"],
    swappedWork: ["2024-05-04"],
  },
  2025: {
    source: "Thông báo lịch nghỉ Tết, 30/4–1/5 và Quốc khánh năm 2025 của Bộ Nội vụ (DOMAIN.md, lịch làm việc)",
    tet: ["2025-01-25", "2025-02-02"],
    besideNationalDay: "2025-09-01",
    swappedOff: ["2025-05-02"],
    swappedWork: ["2025-04-26"],
  },
  // 2026 (DOMAIN.md, "Working calendar"): Tết Dương lịch 1/1–4/1 with Fri 2/1 off for Sat 10/1
  // worked (văn bản 12729/VPCP-KGVX ngày 25/12/2025, Phó Thủ tướng Phạm Thị Thanh Trà đồng ý đề
  // xuất của Bộ Nội vụ); Tết Sat 14/2 (27 tháng Chạp) – Sun 22/2 (mùng 6), as adopted (Công an
  // TP.HCM, "Chính thức chốt phương án Tết Nguyên đán Bính Ngọ 2026 nghỉ 9 ngày"); Giỗ Tổ Sun 26/4
  // with Mon 27/4 off in lieu and 30/4–1/5 on Thu–Fri, by the Labour Code (Thanh Niên 23/02/2026).
  // The day beside 2/9 (a Wednesday): Tue 1/9 by the rule; the ministry's proposal of five days
  // (swapping Mon 31/8 for Sat 22/8) was not found adopted, so it is not entered: flagged.
  2026: {
    source:
      "Văn bản 12729/VPCP-KGVX ngày 25/12/2025 (Tết Dương lịch, hoán đổi 2/1 ↔ 10/1); phương án nghỉ Tết Bính Ngọ 14/2–22/2/2026 do Thủ tướng chốt theo đề xuất của Bộ Nội vụ",
    tet: ["2026-02-14", "2026-02-22"],
    swappedOff: ["2026-01-02"],
    swappedWork: ["2026-01-10"],
    verifyNationalDay: true,
  },
};

/** The day set beside 2/9 when no notice says: the one that joins the holiday to a weekend. */
function besideNationalDayByRule(y: number): string {
  const d = weekday(iso(y, 9, 2));
  // Mon → Tue 3/9; Thu → Fri 3/9; Sun → Mon 3/9; otherwise the day before.
  return d === 1 || d === 4 || d === 0 ? iso(y, 9, 3) : iso(y, 9, 1);
}

/** Every official day off of year `y` (weekends themselves excepted), sorted by date. */
function computeDaysOff(y: number): DayOff[] {
  const notice = NOTICES[y];
  const ruleOnly = !notice;
  const verifyNotice = notice?.verify ?? false;
  const off = new Map<string, DayOff>();
  const add = (date: string, name: string, verify: boolean) => {
    if (!off.has(date)) off.set(date, { date, name, verify, source: verify || !notice ? RULE_SOURCE : notice.source });
  };

  // Holidays that move a day in lieu when they fall on a weekend.
  const holidays: { date: string; name: string; verify: boolean }[] = [
    { date: iso(y, 1, 1), name: "Tết Dương lịch", verify: false },
    { date: hungKingsDay(y), name: "Giỗ Tổ Hùng Vương (10/3 âm lịch)", verify: false },
    { date: iso(y, 4, 30), name: "Ngày Chiến thắng (30/4)", verify: false },
    { date: iso(y, 5, 1), name: "Ngày Quốc tế Lao động (1/5)", verify: false },
    { date: iso(y, 9, 2), name: "Quốc khánh (2/9)", verify: false },
  ];
  if (y >= 2021) {
    const beside = notice?.besideNationalDay ?? besideNationalDayByRule(y);
    holidays.push({
      date: beside,
      name: "Quốc khánh (ngày liền kề 2/9)",
      verify: !notice?.besideNationalDay || (notice.verifyNationalDay ?? false),
    });
  }

  const tet = tetDay(y);
  if (notice) {
    for (let d = notice.tet[0]; d <= notice.tet[1]; d = addDays(d, 1)) add(d, "Tết Nguyên đán", verifyNotice);
  } else {
    // Five days: the last day of the old lunar year and the first four of the new one.
    for (let i = -1; i <= 3; i++) holidays.push({ date: addDays(tet, i), name: "Tết Nguyên đán", verify: true });
  }

  for (const h of holidays) add(h.date, h.name, h.verify || ruleOnly);
  // Days in lieu (nghỉ bù): each holiday on a weekend gives the next working day not already off.
  for (const h of [...holidays].sort((a, b) => a.date.localeCompare(b.date))) {
    if (!isWeekend(h.date)) continue;
    let d = addDays(h.date, 1);
    while (isWeekend(d) || off.has(d)) d = addDays(d, 1);
    add(d, `Nghỉ bù ${h.name}`, h.verify || ruleOnly);
  }
  for (const d of notice?.swappedOff ?? []) add(d, "Nghỉ hoán đổi (làm bù vào thứ Bảy)", verifyNotice);
  return [...off.values()].filter((d) => d.date.startsWith(`${y}-`)).sort((a, b) => a.date.localeCompare(b.date));
}

const cache = new Map<number, { daysOff: DayOff[]; byDate: Map<string, DayOff>; swappedWork: Set<string> }>();

function year(y: number) {
  let entry = cache.get(y);
  if (!entry) {
    const daysOff = computeDaysOff(y);
    const swappedWork = new Set(
      Object.values(NOTICES)
        .flatMap((n) => n.swappedWork ?? [])
        .filter((d) => d.startsWith(`${y}-`)),
    );
    entry = { daysOff, byDate: new Map(daysOff.map((d) => [d.date, d])), swappedWork };
    cache.set(y, entry);
  }
  return entry;
}

/** The official days off of a year (weekday or not), with their names. */
export function officialDaysOff(y: number): DayOff[] {
  return year(y).daysOff;
}

/** The source of year `y`'s calendar: its notice, or the general rule when no notice is entered. */
export function calendarSource(y: number): { source: string; fromNotice: boolean } {
  const notice = NOTICES[y];
  return notice ? { source: notice.source, fromNotice: true } : { source: RULE_SOURCE, fromNotice: false };
}

/** Saturdays worked in exchange for a weekday off, in year `y`. */
export function swappedWorkingDays(y: number): string[] {
  return [...year(y).swappedWork].sort();
}

/** Why `date` is not a working day, or null when it is one. */
export function dayOffReason(date: string, adj: CalendarAdjustments = {}): string | null {
  if (adj.workingDays?.includes(date)) return null;
  if (adj.daysOff?.includes(date)) return "Ngày nghỉ do huyện bổ sung";
  const y = year(Number(date.slice(0, 4)));
  if (y.swappedWork.has(date)) return null;
  const official = y.byDate.get(date);
  if (official) return official.name;
  const d = weekday(date);
  return d === 6 ? "Thứ Bảy" : d === 0 ? "Chủ nhật" : null;
}

export const isWorkingDay = (date: string, adj: CalendarAdjustments = {}) => dayOffReason(date, adj) === null;

export interface PostingWindow {
  startsOn: string;
  /** The last of the `workingDays` working days counted from `startsOn` on. */
  endsOn: string;
  workingDays: number;
  /** The days inside the window that were not counted, and why. */
  skipped: { date: string; reason: string }[];
}

/** The public posting window: `workingDays` working days from `startsOn` (counted if it is one). */
export function postingWindow(startsOn: string, workingDays: number, adj: CalendarAdjustments = {}): PostingWindow {
  if (!Number.isInteger(workingDays) || workingDays < 1) throw new RangeError("workingDays must be a positive integer");
  const skipped: { date: string; reason: string }[] = [];
  let counted = 0;
  let d = startsOn;
  for (;;) {
    const reason = dayOffReason(d, adj);
    if (reason === null) {
      counted++;
      if (counted === workingDays) return { startsOn, endsOn: d, workingDays, skipped };
    } else skipped.push({ date: d, reason });
    d = addDays(d, 1);
  }
}
