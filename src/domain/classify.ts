// Classification of one household under a rule pack (DOMAIN.md §3): from the income (or score A)
// and the deprived indicators to poor / near-poor / average-living / non-poor, with the reasons in
// Vietnamese. `categorize` is the allocation-free core; `classify` validates and explains.
import { formatDong } from "./format";
import type { Issue, Result } from "./result";
import {
  AREAS,
  type Area,
  type Category,
  defaultStandard,
  getStandard,
  type IndicatorCode,
  listYearOf,
  provenanceLabel,
  provisionalValuesUsed,
  REVIEW_KINDS,
  type ReviewKind,
  STANDARDS,
  type Standard,
  type StandardCode,
} from "./standards";

export const BASES = ["income", "score"] as const;
/** What the category was measured on: income per person, or score A of Phiếu B. */
export type Basis = (typeof BASES)[number];
/** QD59_2015's two ways of being poor: income under the poverty line, or deprivations in the band. */
export type PoorBasis = "income" | "deprivation";

export interface ClassifyInput {
  standard?: string;
  /** The year of the review; with `kind`, it picks the pack when `standard` is absent. */
  year?: number;
  kind?: ReviewKind;
  area: Area;
  basis?: Basis;
  monthlyIncomePerCapita?: number;
  scoreA?: number;
  deprivations: readonly string[];
}

/** The 200 body of `POST /api/v1/classify` (API.md). */
export interface Classification {
  standard: StandardCode;
  category: Category;
  poorBasis: PoorBasis | null;
  deprivationCount: number;
  deprivationScore: number;
  /** Sorted by code. */
  deprivations: IndicatorCode[];
  provisional: boolean;
  explanation: string[];
}

export interface Verdict {
  readonly category: Category;
  readonly poorBasis: PoorBasis | null;
}

// Shared, frozen verdicts: the hot path returns one of these and allocates nothing.
const POOR: Verdict = Object.freeze({ category: "poor", poorBasis: null });
const POOR_BY_INCOME: Verdict = Object.freeze({ category: "poor", poorBasis: "income" });
const POOR_BY_DEPRIVATION: Verdict = Object.freeze({ category: "poor", poorBasis: "deprivation" });
const NEAR_POOR: Verdict = Object.freeze({ category: "near_poor", poorBasis: null });
const AVERAGE_LIVING: Verdict = Object.freeze({ category: "average_living", poorBasis: null });
const NON_POOR: Verdict = Object.freeze({ category: "non_poor", poorBasis: null });

/**
 * The category for a valid input: `amount` is the monthly income per person (basis `income`) or
 * score A (basis `score`). The caller guarantees the pack has score cut-offs when basis = score.
 */
export function categorize(
  standard: Standard,
  area: Area,
  basis: Basis,
  amount: number,
  deprivationCount: number,
): Verdict {
  const limits = basis === "income" ? standard.lines[area] : standard.scoreCutoffs![area];
  const deprivedEnough = deprivationCount >= standard.deprivationThreshold;
  if (limits.minimumLiving === null) {
    if (amount <= limits.poverty) return deprivedEnough ? POOR : NEAR_POOR;
  } else {
    // QD59_2015: under the poverty line poor whatever the deprivations; in the band they decide.
    if (amount <= limits.poverty) return POOR_BY_INCOME;
    if (amount <= limits.minimumLiving) return deprivedEnough ? POOR_BY_DEPRIVATION : NEAR_POOR;
  }
  // The average-living band is defined on income only (API.md): a score above the cut-off is non-poor.
  const band = basis === "income" ? standard.averageLiving[area] : null;
  return band !== null && amount <= band.upTo ? AVERAGE_LIVING : NON_POOR;
}

// Per pack: indicator code → bit, for counting codes and catching repeats without allocating.
const INDICATOR_BITS: Record<StandardCode, Map<string, number>> = Object.fromEntries(
  Object.values(STANDARDS).map((s) => [s.code, new Map(s.indicators.map((ind, i) => [ind.code as string, 1 << i]))]),
) as Record<StandardCode, Map<string, number>>;

/** Number of deprivations, or -1 when a code is not one of the pack's indicators or is repeated. */
export function countDeprivations(standard: Standard, codes: readonly string[]): number {
  const bits = INDICATOR_BITS[standard.code];
  let seen = 0;
  for (let i = 0; i < codes.length; i++) {
    const bit = bits.get(codes[i]!);
    if (bit === undefined || (seen & bit) !== 0) return -1;
    seen |= bit;
  }
  return codes.length;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const AREA_LABEL: Record<Area, string> = { rural: "nông thôn", urban: "thành thị" };

const KIND_VI: Record<ReviewKind, string> = {
  periodic: "rà soát định kỳ",
  census: "tổng điều tra",
  rolling: "rà soát thường xuyên",
};

/**
 * Picks the pack from `standard` or, failing that, from the review's `year` and `kind` (periodic by
 * default): the pack of the list the review makes (DOMAIN.md §3). With both, the list year must be
 * one the named pack governs.
 */
export function resolveStandard(
  input: { standard?: unknown; year?: unknown; kind?: unknown },
  issues: Issue[],
): Standard | null {
  const { standard, year } = input;
  const kind = (input.kind ?? "periodic") as unknown;
  if (year !== undefined && (typeof year !== "number" || !Number.isInteger(year))) {
    issues.push({ path: "year", message: "Năm rà soát phải là số nguyên, ví dụ 2025." });
    return null;
  }
  if (!REVIEW_KINDS.includes(kind as ReviewKind)) {
    issues.push({
      path: "kind",
      message:
        'Loại rà soát (kind) phải là "periodic" (định kỳ), "census" (tổng điều tra) hoặc "rolling" (thường xuyên).',
    });
    return null;
  }
  const listYear = typeof year === "number" ? listYearOf(year, kind as ReviewKind) : null;
  const review = typeof year === "number" ? `${KIND_VI[kind as ReviewKind]} năm ${year}` : "";
  if (standard !== undefined) {
    const pack = typeof standard === "string" ? getStandard(standard) : null;
    if (!pack) {
      issues.push({
        path: "standard",
        message: `Không có chuẩn nghèo mã "${String(standard)}"; các mã hợp lệ: ${Object.keys(STANDARDS).join(", ")}.`,
      });
      return null;
    }
    if (listYear !== null && (listYear < pack.years.from || listYear > pack.years.to)) {
      issues.push({
        path: "year",
        message: `Đợt ${review} lập danh sách năm ${listYear}, không thuộc thời kỳ áp dụng của chuẩn ${pack.code} (danh sách ${pack.years.from}–${pack.years.to}).`,
      });
      return null;
    }
    return pack;
  }
  if (typeof year !== "number") {
    issues.push({ path: "standard", message: "Cần ghi chuẩn nghèo (standard) hoặc năm rà soát (year)." });
    return null;
  }
  const pack = defaultStandard(year, kind as ReviewKind);
  if (!pack)
    issues.push({
      path: "year",
      message: `Đợt ${review} lập danh sách năm ${listYear}; không có chuẩn nghèo nào áp dụng cho danh sách năm đó.`,
    });
  return pack;
}

/**
 * Classifies one household. Bad input never throws: the answer lists each bad field.
 * `reasons` (from derivation) adds to the explanation the fact behind each deprived indicator.
 */
export function classify(
  input: ClassifyInput,
  reasons?: Partial<Record<IndicatorCode, string>>,
): Result<Classification> {
  if (!isRecord(input))
    return { ok: false, issues: [{ path: "", message: "Dữ liệu phân loại phải là một đối tượng JSON." }] };
  const issues: Issue[] = [];
  const standard = resolveStandard(input, issues);

  const area = input.area as unknown;
  if (!AREAS.includes(area as Area))
    issues.push({ path: "area", message: 'Khu vực (area) phải là "rural" (nông thôn) hoặc "urban" (thành thị).' });

  const basis = (input.basis ?? "income") as unknown;
  let amount = 0;
  if (basis === "income") {
    const v = input.monthlyIncomePerCapita as unknown;
    if (v === undefined || v === null)
      issues.push({ path: "monthlyIncomePerCapita", message: "Thiếu thu nhập bình quân đầu người/tháng." });
    else if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0)
      issues.push({
        path: "monthlyIncomePerCapita",
        message: "Thu nhập bình quân đầu người/tháng phải là số nguyên đồng, không âm.",
      });
    else amount = v;
  } else if (basis === "score") {
    const v = input.scoreA as unknown;
    if (v === undefined || v === null)
      issues.push({ path: "scoreA", message: "Thiếu điểm A (Phiếu B) khi phân loại theo điểm." });
    else if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
      issues.push({ path: "scoreA", message: "Điểm A phải là một số không âm." });
    else amount = v;
    if (standard && standard.scoreCutoffs === null)
      issues.push({
        path: "basis",
        message: `Chuẩn ${standard.code} chưa có ngưỡng điểm A được công bố; hãy phân loại theo thu nhập.`,
      });
  } else {
    issues.push({
      path: "basis",
      message: 'Cách xác định (basis) phải là "income" (thu nhập) hoặc "score" (chấm điểm Phiếu B).',
    });
  }

  const codes = input.deprivations as unknown;
  if (!Array.isArray(codes)) {
    issues.push({
      path: "deprivations",
      message: "Danh sách chỉ số thiếu hụt (deprivations) phải là một mảng mã chỉ số, có thể rỗng.",
    });
  } else if (standard && countDeprivations(standard, codes) < 0) {
    const known = new Set<string>(standard.indicators.map((i) => i.code));
    const seen = new Set<unknown>();
    codes.forEach((c, i) => {
      if (typeof c !== "string" || !known.has(c))
        issues.push({ path: `deprivations.${i}`, message: `Chuẩn ${standard.code} không có chỉ số "${String(c)}".` });
      else if (seen.has(c)) issues.push({ path: `deprivations.${i}`, message: `Chỉ số "${c}" bị ghi lặp lại.` });
      seen.add(c);
    });
  }

  if (issues.length > 0 || !standard) return { ok: false, issues };
  const validArea = area as Area;
  const validBasis = basis as Basis;
  const deprivations = [...(codes as IndicatorCode[])].sort();
  const verdict = categorize(standard, validArea, validBasis, amount, deprivations.length);
  const limits = validBasis === "income" ? standard.lines[validArea] : standard.scoreCutoffs![validArea];
  const underUpperLimit = amount <= (limits.minimumLiving ?? limits.poverty);
  const provisionalKeys = provisionalValuesUsed(standard, {
    area: validArea,
    basis: validBasis,
    // The band decides whenever the measure is above the line: its absence is a value too.
    band: validBasis === "income" && !underUpperLimit,
    threshold: underUpperLimit && (limits.minimumLiving === null || amount > limits.poverty),
  });
  return {
    ok: true,
    value: {
      standard: standard.code,
      category: verdict.category,
      poorBasis: verdict.poorBasis,
      deprivationCount: deprivations.length,
      deprivationScore: deprivations.length * standard.scorePerIndicator,
      deprivations,
      provisional: provisionalKeys.length > 0,
      explanation: explain(
        standard,
        validArea,
        validBasis,
        amount,
        verdict,
        new Set(deprivations),
        reasons,
        provisionalKeys,
      ),
    },
  };
}

/** The explanation a household can read: the measure against the line, the deprivations, the conclusion. */
function explain(
  standard: Standard,
  area: Area,
  basis: Basis,
  amount: number,
  verdict: Verdict,
  deprived: ReadonlySet<IndicatorCode>,
  reasons: Partial<Record<IndicatorCode, string>> | undefined,
  provisionalKeys: readonly string[],
): string[] {
  const where = `khu vực ${AREA_LABEL[area]}`;
  const lines: string[] = [];
  if (basis === "income") {
    const { poverty, minimumLiving } = standard.lines[area];
    const band = standard.averageLiving[area];
    const head = `Thu nhập bình quân ${formatDong(amount)}/người/tháng`;
    if (amount <= poverty) lines.push(`${head}, không vượt chuẩn nghèo ${where} ${formatDong(poverty)}.`);
    else if (minimumLiving !== null && amount <= minimumLiving)
      lines.push(
        `${head}, trên chuẩn nghèo ${formatDong(poverty)} và không vượt chuẩn mức sống tối thiểu ${where} ${formatDong(minimumLiving)}.`,
      );
    else if (band !== null && amount <= band.upTo)
      lines.push(
        `${head}, trên ${minimumLiving === null ? "chuẩn nghèo" : "chuẩn mức sống tối thiểu"} ${where} ${formatDong(band.above)} và không vượt ${formatDong(band.upTo)} (mức sống trung bình).`,
      );
    else if (band !== null) lines.push(`${head}, trên mức sống trung bình ${where} (${formatDong(band.upTo)}).`);
    else
      lines.push(
        `${head}, trên chuẩn ${minimumLiving === null ? "nghèo" : "mức sống tối thiểu"} ${where} ${formatDong(minimumLiving ?? poverty)}; chuẩn này chưa công bố mức sống trung bình.`,
      );
  } else {
    const { poverty, minimumLiving } = standard.scoreCutoffs![area];
    const head = `Điểm A (Phiếu B) ${amount} điểm`;
    if (amount <= poverty) lines.push(`${head}, không vượt ngưỡng ${poverty} điểm ${where}.`);
    else if (minimumLiving !== null && amount <= minimumLiving)
      lines.push(`${head}, trên ngưỡng ${poverty} điểm và không vượt ${minimumLiving} điểm ${where}.`);
    else
      lines.push(
        `${head}, trên ngưỡng ${minimumLiving ?? poverty} điểm ${where} (mức sống trung bình chỉ xác định theo thu nhập).`,
      );
  }

  const count = deprived.size;
  if (count === 0) lines.push("Không thiếu hụt chỉ số dịch vụ xã hội cơ bản nào.");
  else {
    const items: string[] = [];
    for (const ind of standard.indicators) {
      if (!deprived.has(ind.code)) continue;
      const why = reasons?.[ind.code];
      items.push(why ? `${ind.nameVi} (${why})` : ind.nameVi);
    }
    lines.push(
      `Thiếu hụt ${count} chỉ số dịch vụ xã hội cơ bản (điểm B: ${count * standard.scorePerIndicator}): ${items.join("; ")}.`,
    );
  }

  const byIncome = basis === "income";
  const measure = byIncome ? "thu nhập" : "điểm A";
  const twoTier = standard.lines[area].minimumLiving !== null;
  const povertyLimit = byIncome ? "chuẩn nghèo" : "ngưỡng điểm nghèo";
  const upperLimit = twoTier ? (byIncome ? "chuẩn mức sống tối thiểu" : "ngưỡng điểm cận nghèo") : povertyLimit;
  const threshold = standard.deprivationThreshold;
  const law = `(${standard.legalShort})`;
  const conclusion =
    verdict.poorBasis === "income"
      ? `hộ nghèo về thu nhập — ${measure} không vượt ${povertyLimit}`
      : verdict.poorBasis === "deprivation"
        ? `hộ nghèo thiếu hụt — ${measure} không vượt ${upperLimit} và thiếu hụt từ ${threshold} chỉ số trở lên`
        : verdict.category === "poor"
          ? `hộ nghèo — ${measure} không vượt ${povertyLimit} và thiếu hụt từ ${threshold} chỉ số trở lên`
          : verdict.category === "near_poor"
            ? `hộ cận nghèo — ${measure} không vượt ${upperLimit} và thiếu hụt dưới ${threshold} chỉ số`
            : verdict.category === "average_living"
              ? "hộ có mức sống trung bình"
              : "hộ không nghèo, không cận nghèo";
  lines.push(`Kết luận: ${conclusion} ${law}.`);
  if (provisionalKeys.length > 0)
    lines.push(
      `Kết quả tạm tính: dựa trên giá trị chưa được đối chiếu với văn bản của ${standard.legalShort} (${provisionalKeys.map((k) => provenanceLabel(standard, k).toLowerCase()).join("; ")}).`,
    );
  return lines;
}
