// ND351_2025: the multidimensional standard of Decree 351/2025/NĐ-CP (30/12/2025) for the lists of
// 2027–2030. The lines and the poor / near-poor rule are confirmed by the decree's publication; the
// indicator list and its definitions follow the draft as far as the final decree's reports confirm
// it, and stay provisional until checked against the decree's annex. The average-living band and
// the score cut-offs are not published: the band is left out (income above the line is non-poor,
// flagged) and the score basis is refused. Values with their sources: `provenance` below.
import { ND07_DERIVATION_PROVENANCE, ND07_INDICATORS } from "./nd07-2021";
import { definePack, provisional, verified } from "./provenance";
import { SERVICES } from "./services";
import { ND351_DERIVATION } from "./shared-values";
import { ND351_DRAFT, ND351_OFFICE, ND351_PRESS, NOT_FOUND } from "./sources";
import type { IndicatorCode, IndicatorDefinition, Standard } from "./types";

const DECREE = "Nghị định số 351/2025/NĐ-CP ngày 30/12/2025";
const ANNEX = `${DECREE}, tiêu chí đo lường mức độ thiếu hụt dịch vụ xã hội cơ bản giai đoạn 2027–2030`;
const KEPT_NOTE = `Chỉ số giữ từ Nghị định 07/2021 theo ${ND351_DRAFT}; định nghĩa cuối cùng chưa đối chiếu với phụ lục của nghị định (${NOT_FOUND.toLowerCase()}).`;

const nd07 = new Map<IndicatorCode, IndicatorDefinition>(ND07_INDICATORS.map((i) => [i.code, i]));
const kept = (code: IndicatorCode, service?: IndicatorDefinition["service"]): IndicatorDefinition => {
  const i = nd07.get(code)!;
  return service ? { ...i, service } : i;
};

/** In the order of the draft's dimensions: employment, health, education, housing, information, water–sanitation–environment. */
const ND351_INDICATORS: readonly IndicatorDefinition[] = [
  kept("employment"),
  {
    ...kept("dependents"),
    ruleVi:
      "Người phụ thuộc (trẻ em dưới 16 tuổi; người cao tuổi hoặc người khuyết tật đang hưởng trợ cấp xã hội hằng tháng) chiếm trên 50% số nhân khẩu.",
  },
  kept("health_insurance"),
  kept("nutrition"),
  kept("adult_education"),
  kept("child_schooling"),
  kept("housing_area"),
  kept("housing_quality"),
  {
    code: "telecom",
    nameVi: "Sử dụng dịch vụ viễn thông, dịch vụ số",
    nameEn: "Use of telecom and digital services",
    service: SERVICES.information,
    ruleVi: "Không có thành viên nào sử dụng dịch vụ internet, dịch vụ số.",
  },
  kept("water", SERVICES.water_sanitation_environment),
  kept("sanitation", SERVICES.water_sanitation_environment),
  {
    code: "waste",
    nameVi: "Xử lý rác thải sinh hoạt",
    nameEn: "Household waste treatment",
    service: SERVICES.water_sanitation_environment,
    ruleVi: "Rác thải sinh hoạt của hộ không được thu gom hoặc xử lý hợp vệ sinh (đốt, vứt bỏ ra môi trường).",
  },
];

export const ND351_2025: Standard = definePack({
  code: "ND351_2025",
  legalBasis:
    "Nghị định số 351/2025/NĐ-CP ngày 30/12/2025 của Chính phủ quy định chuẩn nghèo đa chiều quốc gia giai đoạn 2026 – 2030 (tiêu chí giai đoạn 2027 – 2030)",
  legalShort: "Nghị định 351/2025/NĐ-CP",
  years: { from: 2027, to: 2030 },
  lines: {
    rural: { poverty: 2_200_000, minimumLiving: null },
    urban: { poverty: 2_800_000, minimumLiving: null },
  },
  averageLiving: { rural: null, urban: null },
  indicators: ND351_INDICATORS,
  deprivationThreshold: 3,
  scorePerIndicator: 10,
  scoreCutoffs: null,
  derivation: ND351_DERIVATION,
  provenance: {
    years: verified(
      `${DECREE} (chuẩn năm 2026 là Điều 3 Nghị định 07/2021; tiêu chí mới cho giai đoạn 2027–2030)`,
      `Năm 2026 tiếp tục chuẩn 2022–2025; tiêu chí mới áp dụng cho danh sách 2027–2030 (${ND351_PRESS}; ${ND351_OFFICE}).`,
    ),
    "lines.rural": verified(
      `${DECREE}, tiêu chí thu nhập giai đoạn 2027–2030`,
      `Nông thôn 2.200.000 đồng/người/tháng (${ND351_PRESS}).`,
    ),
    "lines.urban": verified(
      `${DECREE}, tiêu chí thu nhập giai đoạn 2027–2030`,
      `Đô thị 2.800.000 đồng/người/tháng (${ND351_PRESS}); dự thảo hai mức 1,9/2,2 triệu đã bỏ.`,
    ),
    deprivationThreshold: verified(
      `${DECREE}, chuẩn hộ nghèo, hộ cận nghèo giai đoạn 2027–2030`,
      `Hộ nghèo thiếu hụt từ 3 chỉ số trở lên, hộ cận nghèo dưới 3 chỉ số, cùng mức thu nhập (${ND351_PRESS}).`,
    ),
    "averageLiving.rural": provisional(
      `${DECREE} (mức sống trung bình)`,
      `Chưa có mức: các bản tin về nghị định không nêu hộ có mức sống trung bình; ${NOT_FOUND.toLowerCase()}. Thu nhập trên chuẩn nghèo được ghi là không nghèo, tạm tính.`,
    ),
    "averageLiving.urban": provisional(
      `${DECREE} (mức sống trung bình)`,
      `Chưa có mức: các bản tin về nghị định không nêu hộ có mức sống trung bình; ${NOT_FOUND.toLowerCase()}. Thu nhập trên chuẩn nghèo được ghi là không nghèo, tạm tính.`,
    ),
    scorePerIndicator: provisional(
      "Thông tư hướng dẫn rà soát giai đoạn 2026–2030 (chưa tìm thấy)",
      "Giữ 10 điểm mỗi chỉ số như Thông tư 07/2021; chưa có văn bản hướng dẫn mới.",
    ),
    "scoreCutoffs.rural": provisional(
      "Thông tư hướng dẫn rà soát giai đoạn 2026–2030 (chưa tìm thấy)",
      "Chưa công bố ngưỡng điểm A: phân loại theo điểm bị từ chối, không đoán.",
    ),
    "scoreCutoffs.urban": provisional(
      "Thông tư hướng dẫn rà soát giai đoạn 2026–2030 (chưa tìm thấy)",
      "Chưa công bố ngưỡng điểm A: phân loại theo điểm bị từ chối, không đoán.",
    ),
    indicators: provisional(
      ANNEX,
      `6 chiều, 12 chỉ số theo ${ND351_DRAFT}; bản tin nghị định xác nhận chiều việc làm (việc làm, người phụ thuộc); ${ND351_OFFICE} xác nhận bỏ chỉ số phương tiện tiếp cận thông tin, thêm sử dụng dịch vụ số/internet và xử lý rác thải. Danh mục cuối cùng chưa đối chiếu với phụ lục.`,
    ),
    "indicator.employment": provisional(ANNEX, `Chiều việc làm xác nhận (${ND351_PRESS}); ${KEPT_NOTE}`),
    "indicator.dependents": provisional(
      ANNEX,
      `Chiều việc làm xác nhận (${ND351_PRESS}); người phụ thuộc theo ${ND351_DRAFT}: trẻ em dưới 16 tuổi, người cao tuổi hoặc người khuyết tật hưởng trợ cấp xã hội hằng tháng. Chưa đối chiếu với nghị định.`,
    ),
    "indicator.health_insurance": provisional(ANNEX, KEPT_NOTE),
    "indicator.nutrition": provisional(ANNEX, KEPT_NOTE),
    "indicator.adult_education": provisional(ANNEX, KEPT_NOTE),
    "indicator.child_schooling": provisional(ANNEX, KEPT_NOTE),
    "indicator.housing_area": provisional(ANNEX, KEPT_NOTE),
    "indicator.housing_quality": provisional(ANNEX, KEPT_NOTE),
    "indicator.telecom": provisional(
      ANNEX,
      `Chỉ số mới về sử dụng dịch vụ số, internet (${ND351_OFFICE}); tên và ngưỡng chưa đối chiếu với nghị định.`,
    ),
    "indicator.water": provisional(
      ANNEX,
      `Thuộc chiều "nước sinh hoạt, vệ sinh và môi trường" (${ND351_DRAFT}). ${KEPT_NOTE}`,
    ),
    "indicator.sanitation": provisional(
      ANNEX,
      `Thuộc chiều "nước sinh hoạt, vệ sinh và môi trường" (${ND351_DRAFT}). ${KEPT_NOTE}`,
    ),
    "indicator.waste": provisional(
      ANNEX,
      `Chỉ số mới về xử lý rác thải sinh hoạt (${ND351_OFFICE}; ${ND351_DRAFT}); ngưỡng thiếu hụt chưa công bố.`,
    ),
    ...ND07_DERIVATION_PROVENANCE,
    "derivation.dependents": provisional(
      ANNEX,
      `Theo ${ND351_DRAFT}: trẻ em dưới 16 tuổi; người hết tuổi lao động hoặc khuyết tật đang hưởng trợ cấp xã hội hằng tháng.`,
    ),
    "derivation.telecomCountsPhone": provisional(ANNEX, "Chỉ tính sử dụng internet, dịch vụ số; chưa đối chiếu."),
    "derivation.informationDevicesIncludePhone": verified(
      DECREE,
      `Chuẩn này bỏ chỉ số phương tiện tiếp cận thông tin (${ND351_OFFICE}); tham số không dùng.`,
    ),
    "derivation.adequateWasteTreatment": provisional(
      ANNEX,
      "Được thu gom, hoặc chôn lấp / ủ phân tại hộ là hợp vệ sinh; đốt hoặc vứt ra môi trường là thiếu hụt (phần mềm tự đặt, chưa có văn bản).",
    ),
  },
});
