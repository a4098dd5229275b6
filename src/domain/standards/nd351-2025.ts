// ND351_2025: the standard for 2027–2030. Lines are published; the indicator list, the
// average-living band and the score cut-offs are not final, so the whole pack is provisional.
import { ND07_INDICATORS } from "./nd07-2021";
import { SERVICES } from "./services";
import type { IndicatorDefinition, Standard } from "./types";
import {
  ND07_DERIVATION,
  ND351_AVERAGE_LIVING,
  ND351_INDICATOR_ORDER,
  ND351_SCORE_CUTOFFS,
  ND351_WASTE_NAME_VI,
} from "./verify";

const WASTE: IndicatorDefinition = {
  code: "waste",
  nameVi: ND351_WASTE_NAME_VI,
  nameEn: "Household waste treatment",
  service: SERVICES.water_sanitation,
  ruleVi: "Rác thải sinh hoạt của hộ không được thu gom hoặc xử lý hợp vệ sinh (đốt, vứt bỏ ra môi trường).",
};

const byCode = new Map<string, IndicatorDefinition>([...ND07_INDICATORS, WASTE].map((i) => [i.code, i]));

export const ND351_2025: Standard = {
  code: "ND351_2025",
  legalBasis:
    "Nghị định số 351/2025/NĐ-CP của Chính phủ quy định chuẩn nghèo đa chiều giai đoạn 2026 – 2030 (bộ chỉ số tạm tính theo dự thảo)",
  legalShort: "Nghị định 351/2025/NĐ-CP",
  years: { from: 2027, to: 2030 },
  provisional: true,
  lines: {
    rural: { poverty: 2_200_000, minimumLiving: null },
    urban: { poverty: 2_800_000, minimumLiving: null },
  },
  averageLiving: ND351_AVERAGE_LIVING,
  indicators: ND351_INDICATOR_ORDER.map((code) => byCode.get(code)!),
  deprivationThreshold: 3,
  scorePerIndicator: 10,
  scoreCutoffs: ND351_SCORE_CUTOFFS,
  derivation: ND07_DERIVATION,
};
