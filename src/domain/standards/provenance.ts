// The provenance of a pack's legal values: which keys a pack must cite (every line, band,
// threshold, cut-off, the indicator list, each indicator's definition and each derivation
// parameter), what each key is called for officials, and which provisional values a result used.
import { formatDong } from "../format";
import type { Area, DerivationParams, IndicatorCode, Provenance, Standard } from "./types";

export const verified = (source: string, note: string): Provenance => ({ source, status: "verified", note });
export const provisional = (source: string, note: string): Provenance => ({ source, status: "provisional", note });

const AREA_VI: Record<Area, string> = { rural: "nông thôn", urban: "thành thị" };

const DERIVATION_LABELS: Record<keyof DerivationParams, string> = {
  healthInsuranceFromAge: "Tuổi từ đó tính bảo hiểm y tế",
  childUnderAge: "Trẻ em: dưới bao nhiêu tuổi",
  workingAgeFrom: "Tuổi bắt đầu độ tuổi lao động",
  dependents: "Ai là người phụ thuộc",
  adultEducation: "Nhóm tuổi và bằng cấp của người lớn",
  childSchooling: "Nhóm tuổi trẻ em phải đi học",
  minAreaPerPersonM2: "Diện tích nhà ở tối thiểu mỗi người (m²)",
  telecomCountsPhone: "Dịch vụ viễn thông gồm cả thuê bao điện thoại",
  informationDevicesIncludePhone: "Phương tiện tiếp cận thông tin gồm cả điện thoại",
  cleanWaterSources: "Nguồn nước sạch",
  hygienicLatrines: "Nhà tiêu hợp vệ sinh",
  durableMaterials: "Vật liệu bền chắc của tường, cột, mái",
  adequateWasteTreatment: "Cách xử lý rác thải hợp vệ sinh",
  schoolLevelForAge: "Cấp học phù hợp với độ tuổi",
};

/** Every key a pack's `provenance` must hold, in the order the page for officials lists them. */
export function provenanceKeys(standard: Standard): string[] {
  return [
    "years",
    "lines.rural",
    "lines.urban",
    "deprivationThreshold",
    "averageLiving.rural",
    "averageLiving.urban",
    "scorePerIndicator",
    "scoreCutoffs.rural",
    "scoreCutoffs.urban",
    "indicators",
    ...standard.indicators.map((i) => `indicator.${i.code}`),
    ...Object.keys(standard.derivation).map((k) => `derivation.${k}`),
    "derivation.retirementAge",
  ];
}

/** The Vietnamese name of a provenance key, for the page "Quy định áp dụng". */
export function provenanceLabel(standard: Standard, key: string): string {
  const [head, tail] = key.split(".", 2) as [string, string | undefined];
  const area = AREA_VI[tail as Area];
  switch (head) {
    case "years":
      return "Năm của danh sách áp dụng chuẩn";
    case "lines":
      return standard.lines[tail as Area].minimumLiving === null
        ? `Chuẩn nghèo ${area}`
        : `Chuẩn nghèo và chuẩn mức sống tối thiểu ${area}`;
    case "deprivationThreshold":
      return "Số chỉ số thiếu hụt để là hộ nghèo";
    case "averageLiving":
      return `Mức sống trung bình ${area}`;
    case "scorePerIndicator":
      return "Điểm B mỗi chỉ số thiếu hụt";
    case "scoreCutoffs":
      return `Ngưỡng điểm A (Phiếu B) ${area}`;
    case "indicators":
      return "Danh mục chỉ số và chiều thiếu hụt";
    case "indicator":
      return `Chỉ số: ${standard.indicators.find((i) => i.code === tail)?.nameVi ?? tail}`;
    case "derivation":
      return tail === "retirementAge"
        ? "Tuổi nghỉ hưu (hết độ tuổi lao động)"
        : (DERIVATION_LABELS[tail as keyof DerivationParams] ?? tail);
    default:
      return key;
  }
}

/** The value behind a provenance key, written for officials ("1.500.000 đ", the indicator's rule…). */
export function provenanceValue(standard: Standard, key: string): string {
  const [head, tail] = key.split(".", 2) as [string, string | undefined];
  switch (head) {
    case "years":
      return `Danh sách năm ${standard.years.from}–${standard.years.to}`;
    case "lines": {
      const l = standard.lines[tail as Area];
      return l.minimumLiving === null
        ? `Từ ${formatDong(l.poverty)} trở xuống`
        : `Chuẩn nghèo ${formatDong(l.poverty)}; chuẩn mức sống tối thiểu ${formatDong(l.minimumLiving)}`;
    }
    case "deprivationThreshold":
      return `Thiếu hụt từ ${standard.deprivationThreshold} chỉ số trở lên`;
    case "averageLiving": {
      const b = standard.averageLiving[tail as Area];
      return b ? `Trên ${formatDong(b.above)} đến ${formatDong(b.upTo)}` : "Chưa công bố";
    }
    case "scorePerIndicator":
      return `${standard.scorePerIndicator} điểm mỗi chỉ số`;
    case "scoreCutoffs": {
      const c = standard.scoreCutoffs?.[tail as Area];
      if (!c) return "Chưa công bố";
      return c.minimumLiving === null
        ? `Điểm A từ ${c.poverty} trở xuống`
        : `${c.poverty} điểm; ${c.minimumLiving} điểm`;
    }
    case "indicators":
      return `${standard.indicators.length} chỉ số, ${new Set(standard.indicators.map((i) => i.service.code)).size} chiều: ${[...new Set(standard.indicators.map((i) => i.service.nameVi))].join("; ")}`;
    case "indicator":
      return standard.indicators.find((i) => i.code === tail)?.ruleVi ?? "";
    case "derivation": {
      if (tail === "retirementAge") return "Theo lộ trình của Bộ luật Lao động";
      const v = standard.derivation[tail as keyof DerivationParams];
      if (typeof v === "boolean") return v ? "Có" : "Không";
      if (typeof v === "number" || typeof v === "string") return String(v);
      return Array.isArray(v) && v.length === 0 ? "Không áp dụng" : JSON.stringify(v);
    }
    default:
      return "";
  }
}

/** The provenance of `key`; a pack built by `definePack` has every key, so this never misses. */
export function provenanceOf(standard: Standard, key: string): Provenance {
  const p = standard.provenance[key];
  if (!p) throw new Error(`${standard.code}: no provenance for ${key}`);
  return p;
}

/** The keys the classification rule itself rests on: a pack is provisional when one of these is. */
const RULE_KEYS = ["lines.rural", "lines.urban", "deprivationThreshold", "indicators"] as const;

/**
 * Builds a pack from its values and its provenance table, checking that every key is cited and
 * that no citation is left over (a typo in a key would otherwise hide a value without a source).
 * `provisional` is derived: true when a value of the classification rule is provisional.
 */
export function definePack(pack: Omit<Standard, "provisional">): Standard {
  const standard: Standard = { ...pack, provisional: false };
  const keys = provenanceKeys(standard);
  const missing = keys.filter((k) => !pack.provenance[k]?.source.trim());
  const extra = Object.keys(pack.provenance).filter((k) => !keys.includes(k));
  if (missing.length > 0 || extra.length > 0)
    throw new Error(`${pack.code}: provenance missing [${missing.join(", ")}], unknown [${extra.join(", ")}]`);
  standard.provisional = RULE_KEYS.some((k) => pack.provenance[k]!.status === "provisional");
  return standard;
}

/**
 * The provisional values a classification used: the line (or score cut-off) of its area, the
 * average-living band when it decided, the threshold when the measure was at or under the line,
 * and the indicator list (which codes count). The definitions of the indicators are not among
 * them: classification takes the deprivations as given; deriving them is indicators.ts's part,
 * and an assessment notes the provisional definitions it derived with (`provisionalDefinitions`).
 */
export function provisionalValuesUsed(
  standard: Standard,
  used: { area: Area; basis: "income" | "score"; band: boolean; threshold: boolean },
): string[] {
  const keys = [
    used.basis === "income" ? `lines.${used.area}` : `scoreCutoffs.${used.area}`,
    ...(used.band ? [`averageLiving.${used.area}`] : []),
    ...(used.threshold ? ["deprivationThreshold"] : []),
    "indicators",
  ];
  return keys.filter((k) => standard.provenance[k]?.status === "provisional");
}

/** The indicators among `codes` whose definition in `standard` is provisional. */
export function provisionalDefinitions(standard: Standard, codes: readonly IndicatorCode[]): IndicatorCode[] {
  return codes.filter((c) => standard.provenance[`indicator.${c}`]?.status === "provisional");
}
