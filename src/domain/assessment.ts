// One household's assessment (Phiếu B answers) evaluated under API.md's rules: indicators the
// facts decide are derived; the reviewer answers the others directly; a direct answer that
// contradicts a derived value is refused (only an override with a reason may change it); the
// result keeps, per indicator, the derived value, the answer, the override and why.
import { type Basis, type Classification, classify, resolveStandard } from "./classify";
import type { HouseholdInput } from "./facts";
import { isIsoDate } from "./format";
import { deriveIndicators } from "./indicators";
import type { Issue } from "./result";
import { type Area, type IndicatorCode, provisionalDefinitions } from "./standards";

export interface IndicatorOverride {
  value: boolean;
  reason: string;
}

export interface EvaluateInput {
  standard: string;
  area: Area;
  basis?: Basis;
  monthlyIncomePerCapita?: number;
  scoreA?: number;
  household: HouseholdInput;
  /** Direct answers: code → deprived. */
  indicators?: Record<string, boolean>;
  overrides?: Record<string, IndicatorOverride>;
  /** The date the facts describe, `YYYY-MM-DD` (ages are taken on it). */
  reviewDate: string;
}

export interface AssessedIndicator {
  code: IndicatorCode;
  derived: boolean | null;
  answered: boolean | null;
  override?: IndicatorOverride;
  /** What counts: the override, else the derived value, else the direct answer; null = undecided. */
  value: boolean | null;
  because: string;
}

export type AssessmentResult = Classification & { indicators: AssessedIndicator[] };

export interface Evaluation {
  /** Null while the income (or score A) is not given, or when the input has issues that stop classification. */
  result: AssessmentResult | null;
  /** Contradictions and invalid answers: a save with any of these is refused (400). */
  issues: Issue[];
  /** Indicators neither derived, answered nor overridden: a submit with any of these is refused. */
  missing: IndicatorCode[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const yesNo = (v: boolean) => (v ? "thiếu hụt" : "không thiếu hụt");

export function evaluate(input: EvaluateInput): Evaluation {
  const issues: Issue[] = [];
  const standard = resolveStandard({ standard: input.standard }, issues);
  if (!isIsoDate(input.reviewDate))
    issues.push({ path: "reviewDate", message: "Ngày rà soát phải có dạng YYYY-MM-DD và là một ngày có thật." });
  if (!standard || issues.length > 0) return { result: null, issues, missing: [] };

  const derived = deriveIndicators(standard, input.household ?? {}, input.reviewDate);
  const known = new Set<string>(standard.indicators.map((i) => i.code));
  const nameOf = new Map<string, string>(standard.indicators.map((i) => [i.code, i.nameVi]));

  const answers = input.indicators ?? {};
  if (!isRecord(answers))
    issues.push({
      path: "indicators",
      message: "Câu trả lời chỉ số (indicators) phải là đối tượng mã chỉ số → true/false.",
    });
  else
    for (const [code, v] of Object.entries(answers)) {
      if (!known.has(code))
        issues.push({ path: `indicators.${code}`, message: `Chuẩn ${standard.code} không có chỉ số "${code}".` });
      else if (typeof v !== "boolean")
        issues.push({
          path: `indicators.${code}`,
          message: `Câu trả lời chỉ số "${nameOf.get(code)}" phải là true (thiếu hụt) hoặc false.`,
        });
    }

  const overrides = input.overrides ?? {};
  const validOverrides = new Map<string, IndicatorOverride>();
  if (!isRecord(overrides))
    issues.push({
      path: "overrides",
      message: "Phần ghi đè (overrides) phải là đối tượng mã chỉ số → {value, reason}.",
    });
  else
    for (const [code, o] of Object.entries(overrides)) {
      const at = `overrides.${code}`;
      if (!known.has(code)) issues.push({ path: at, message: `Chuẩn ${standard.code} không có chỉ số "${code}".` });
      else if (!isRecord(o)) issues.push({ path: at, message: "Ghi đè phải có giá trị (value) và lý do (reason)." });
      else {
        const okValue = typeof o.value === "boolean";
        const okReason = typeof o.reason === "string" && o.reason.trim() !== "";
        if (!okValue)
          issues.push({
            path: `${at}.value`,
            message: `Giá trị ghi đè chỉ số "${nameOf.get(code)}" phải là true (thiếu hụt) hoặc false.`,
          });
        if (!okReason)
          issues.push({ path: `${at}.reason`, message: `Ghi đè chỉ số "${nameOf.get(code)}" phải ghi rõ lý do.` });
        if (okValue && okReason)
          validOverrides.set(code, { value: o.value as boolean, reason: (o.reason as string).trim() });
      }
    }

  const missing: IndicatorCode[] = [];
  const deprivations: IndicatorCode[] = [];
  const reasons: Partial<Record<IndicatorCode, string>> = {};
  const indicators: AssessedIndicator[] = derived.map((d) => {
    const raw = isRecord(answers) ? answers[d.code] : undefined;
    const answered = typeof raw === "boolean" ? raw : null;
    const override = validOverrides.get(d.code);
    if (d.value !== null && answered !== null && answered !== d.value && !override)
      issues.push({
        path: `indicators.${d.code}`,
        message: `Chỉ số "${nameOf.get(d.code)}" đã được xác định từ thông tin của hộ là ${yesNo(d.value)} (${d.because.replace(/\.$/, "")}); muốn thay đổi phải ghi đè kèm lý do.`,
      });
    const value = override ? override.value : (d.value ?? answered);
    const because = override
      ? `Người rà soát ghi đè là ${yesNo(override.value)}, lý do: ${override.reason}${d.value === null ? "" : ` (theo thông tin của hộ: ${yesNo(d.value)})`}.`
      : d.value === null && answered !== null
        ? "Người rà soát trả lời trực tiếp."
        : d.because;
    if (value === null) missing.push(d.code);
    else if (value) {
      deprivations.push(d.code);
      reasons[d.code] = because.replace(/\.$/, "");
    }
    return { code: d.code, derived: d.value, answered, ...(override ? { override } : {}), value, because };
  });

  const basis = input.basis ?? "income";
  const measure = basis === "score" ? input.scoreA : input.monthlyIncomePerCapita;
  if (issues.length > 0 || measure === undefined) return { result: null, issues, missing };
  const classified = classify(
    {
      standard: standard.code,
      area: input.area,
      basis,
      monthlyIncomePerCapita: input.monthlyIncomePerCapita,
      scoreA: input.scoreA,
      deprivations,
    },
    reasons,
  );
  if (!classified.ok) return { result: null, issues: classified.issues, missing };
  const explanation = classified.value.explanation;
  // A derived value rests on the indicator's definition: say when that definition is provisional.
  const derivedCodes = indicators.filter((i) => i.derived !== null && !i.override).map((i) => i.code);
  const unconfirmed = provisionalDefinitions(standard, derivedCodes);
  if (unconfirmed.length > 0)
    explanation.push(
      `Các chỉ số ${unconfirmed.map((c) => nameOf.get(c)).join("; ")} được xác định theo định nghĩa chưa đối chiếu với văn bản của ${standard.legalShort} (tạm tính).`,
    );
  if (missing.length > 0)
    explanation.push(
      `Còn ${missing.length} chỉ số chưa xác định (${missing.map((c) => nameOf.get(c)).join("; ")}), tạm tính là không thiếu hụt; kết quả chưa hoàn chỉnh.`,
    );
  return { result: { ...classified.value, indicators }, issues, missing };
}
