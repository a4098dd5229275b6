// ND07_2021: the multidimensional standard of the lists of 2022–2025, kept for the list of 2026
// by Decree 351/2025. Values with their sources: `provenance` at the end of this file.
import { definePack, provisional, verified } from "./provenance";
import { SERVICES } from "./services";
import { ND07_DERIVATION } from "./shared-values";
import { DOMAIN_SPEC, ND07_TEXT, ND351_PRESS, NOT_FOUND } from "./sources";
import type { IndicatorDefinition, Provenance, Standard } from "./types";

/** The 12 indicators of Decree 07/2021 Art. 3(1)(b); ND351 reuses those it keeps. */
export const ND07_INDICATORS: readonly IndicatorDefinition[] = [
  {
    code: "employment",
    nameVi: "Việc làm",
    nameEn: "Employment",
    service: SERVICES.employment,
    ruleVi:
      "Có ít nhất một người trong độ tuổi lao động đang thất nghiệp hoặc làm công ăn lương không có hợp đồng lao động.",
  },
  {
    code: "dependents",
    nameVi: "Người phụ thuộc trong hộ gia đình",
    nameEn: "Dependents in the household",
    service: SERVICES.employment,
    ruleVi:
      "Người phụ thuộc (trẻ em dưới 16 tuổi, người hết tuổi lao động, người không có khả năng lao động) chiếm trên 50% số nhân khẩu.",
  },
  {
    code: "nutrition",
    nameVi: "Dinh dưỡng",
    nameEn: "Nutrition",
    service: SERVICES.health,
    ruleVi: "Có ít nhất một trẻ em dưới 16 tuổi suy dinh dưỡng chiều cao theo tuổi hoặc cân nặng theo tuổi.",
  },
  {
    code: "health_insurance",
    nameVi: "Bảo hiểm y tế",
    nameEn: "Health insurance",
    service: SERVICES.health,
    ruleVi: "Có ít nhất một thành viên từ 6 tuổi trở lên không có bảo hiểm y tế.",
  },
  {
    code: "adult_education",
    nameVi: "Trình độ giáo dục của người lớn",
    nameEn: "Adult education",
    service: SERVICES.education,
    ruleVi:
      "Có thành viên từ 16 đến 30 tuổi không tham gia đào tạo và không có bằng cấp phù hợp với độ tuổi (16 đến dưới 18 tuổi: tốt nghiệp THCS; 18 đến 30 tuổi: tốt nghiệp THPT hoặc có bằng nghề).",
  },
  {
    code: "child_schooling",
    nameVi: "Tình trạng đi học của trẻ em",
    nameEn: "School attendance of children",
    service: SERVICES.education,
    ruleVi: "Có trẻ em từ 3 đến dưới 16 tuổi không được học đúng bậc, cấp học phù hợp với độ tuổi.",
  },
  {
    code: "housing_quality",
    nameVi: "Chất lượng nhà ở",
    nameEn: "Housing quality",
    service: SERVICES.housing,
    ruleVi:
      "Nhà không bền chắc (ít nhất 2 trong 3 kết cấu tường, cột/khung, mái làm bằng vật liệu không bền chắc) hoặc không có nhà ở.",
  },
  {
    code: "housing_area",
    nameVi: "Diện tích nhà ở bình quân đầu người",
    nameEn: "Living area per person",
    service: SERVICES.housing,
    ruleVi: "Diện tích nhà ở bình quân dưới 8 m²/người.",
  },
  {
    code: "water",
    nameVi: "Nguồn nước sinh hoạt",
    nameEn: "Drinking water",
    service: SERVICES.water_sanitation,
    ruleVi:
      "Không tiếp cận được nguồn nước sạch (nước máy, giếng khoan, giếng đào hoặc khe/mó được bảo vệ, nước mưa, nước đóng chai).",
  },
  {
    code: "sanitation",
    nameVi: "Nhà tiêu hợp vệ sinh",
    nameEn: "Hygienic latrine",
    service: SERVICES.water_sanitation,
    ruleVi: "Không có nhà tiêu hợp vệ sinh.",
  },
  {
    code: "telecom",
    nameVi: "Sử dụng dịch vụ viễn thông",
    nameEn: "Use of telecom services",
    service: SERVICES.information,
    ruleVi: "Không có thành viên nào sử dụng dịch vụ internet.",
  },
  {
    code: "information_access",
    nameVi: "Phương tiện phục vụ tiếp cận thông tin",
    nameEn: "Means of access to information",
    service: SERVICES.information,
    ruleVi: "Không có ti vi, radio, máy tính, điện thoại và không nghe được hệ thống loa đài truyền thanh xã/thôn.",
  },
];

const DECREE = "Nghị định số 07/2021/NĐ-CP ngày 27/01/2021";
const CIRCULAR = "Thông tư số 07/2021/TT-BLĐTBXH (hướng dẫn rà soát, Phiếu B)";
const DEFINITION_NOTE = `Định nghĩa theo DOMAIN.md §3.1, ghi "cần đối chiếu với phụ lục của nghị định"; ${NOT_FOUND.toLowerCase()}.`;
const DERIVATION_NOTE = "Cách đọc của phần mềm (DOMAIN.md §3.1); chưa đối chiếu với văn bản gốc.";

/** Provenance of the derivation parameters ND07 and ND351 share (ND351 overrides its own). */
export const ND07_DERIVATION_PROVENANCE: Record<string, Provenance> = {
  "derivation.healthInsuranceFromAge": provisional(`${DECREE}, Phụ lục (chỉ số bảo hiểm y tế)`, DERIVATION_NOTE),
  "derivation.childUnderAge": provisional(`${DECREE}, Phụ lục (trẻ em dưới 16 tuổi)`, DERIVATION_NOTE),
  "derivation.workingAgeFrom": verified(
    "Bộ luật Lao động 2019, Điều 3 khoản 1 (người lao động từ đủ 15 tuổi)",
    "Tuổi lao động tối thiểu của Bộ luật Lao động.",
  ),
  "derivation.dependents": provisional(
    `${DECREE}, Phụ lục (chỉ số người phụ thuộc)`,
    "Trẻ em dưới 16 tuổi, người hết tuổi lao động, người không có khả năng lao động (DOMAIN.md §3.1, cần đối chiếu).",
  ),
  "derivation.adultEducation": provisional(
    `${DECREE}, Phụ lục (trình độ giáo dục của người lớn)`,
    "16 đến dưới 18 tuổi: THCS; 18–30 tuổi: THPT hoặc sơ cấp/trung cấp/cao đẳng nghề; chưa đối chiếu với văn bản gốc.",
  ),
  "derivation.childSchooling": provisional(`${DECREE}, Phụ lục (tình trạng đi học của trẻ em)`, DERIVATION_NOTE),
  "derivation.minAreaPerPersonM2": provisional(`${DECREE}, Phụ lục (diện tích nhà ở bình quân)`, DERIVATION_NOTE),
  "derivation.telecomCountsPhone": provisional(`${DECREE}, Phụ lục (sử dụng dịch vụ viễn thông)`, DERIVATION_NOTE),
  "derivation.informationDevicesIncludePhone": provisional(
    `${DECREE}, Phụ lục (phương tiện phục vụ tiếp cận thông tin)`,
    DERIVATION_NOTE,
  ),
  "derivation.cleanWaterSources": provisional(`${DECREE}, Phụ lục (nguồn nước sinh hoạt)`, DERIVATION_NOTE),
  "derivation.hygienicLatrines": provisional(
    "QCVN 01:2011/BYT về nhà tiêu hợp vệ sinh",
    "Danh mục loại nhà tiêu theo quy chuẩn của Bộ Y tế; cần đối chiếu danh mục hiện hành.",
  ),
  "derivation.durableMaterials": provisional(
    "Phân loại nhà ở của Tổng cục Thống kê",
    "Vật liệu bền chắc theo phân loại thống kê; cần đối chiếu hướng dẫn của Bộ Xây dựng.",
  ),
  "derivation.adequateWasteTreatment": verified(DECREE, "Chuẩn này không có chỉ số xử lý rác thải."),
  "derivation.schoolLevelForAge": verified(
    "Luật Giáo dục 2019, Điều 28 (tuổi vào lớp 1 là 6, lớp 6 là 11, lớp 10 là 15)",
    "Tuổi vào các cấp học của Luật Giáo dục; một cấp thấp hơn là không đúng cấp.",
  ),
  "derivation.retirementAge": verified(
    "Bộ luật Lao động 2019, Điều 169; Nghị định 135/2020/NĐ-CP, Điều 4",
    "Lộ trình tuổi nghỉ hưu: nam 60 tuổi 3 tháng từ 2021, mỗi năm thêm 3 tháng đến 62; nữ 55 tuổi 4 tháng, mỗi năm thêm 4 tháng đến 60.",
  ),
};

export const ND07_2021: Standard = definePack({
  code: "ND07_2021",
  legalBasis:
    "Nghị định số 07/2021/NĐ-CP ngày 27/01/2021 của Chính phủ quy định chuẩn nghèo đa chiều giai đoạn 2021 – 2025, Điều 3 (áp dụng đến hết năm 2026 theo Nghị định số 351/2025/NĐ-CP)",
  legalShort: "Nghị định 07/2021/NĐ-CP",
  years: { from: 2022, to: 2026 },
  lines: {
    rural: { poverty: 1_500_000, minimumLiving: null },
    urban: { poverty: 2_000_000, minimumLiving: null },
  },
  averageLiving: {
    rural: { above: 1_500_000, upTo: 2_250_000 },
    urban: { above: 2_000_000, upTo: 3_000_000 },
  },
  indicators: ND07_INDICATORS,
  deprivationThreshold: 3,
  scorePerIndicator: 10,
  scoreCutoffs: {
    rural: { poverty: 140, minimumLiving: null },
    urban: { poverty: 175, minimumLiving: null },
  },
  derivation: ND07_DERIVATION,
  provenance: {
    years: verified(
      `${DECREE}, Điều 3; Nghị định số 351/2025/NĐ-CP (tiếp tục thực hiện đến hết 31/12/2026)`,
      `Danh sách 2022–2025 theo Điều 3; danh sách năm 2026 theo ${ND351_PRESS}.`,
    ),
    "lines.rural": verified(`${DECREE}, Điều 3 khoản 1 điểm a`, `1.500.000 đồng/người/tháng (${ND07_TEXT}).`),
    "lines.urban": verified(`${DECREE}, Điều 3 khoản 1 điểm a`, `2.000.000 đồng/người/tháng (${ND07_TEXT}).`),
    deprivationThreshold: verified(
      `${DECREE}, Điều 3 khoản 2 điểm a, b`,
      `Hộ nghèo thiếu hụt từ 3 chỉ số trở lên, hộ cận nghèo dưới 3 chỉ số (${DOMAIN_SPEC}).`,
    ),
    "averageLiving.rural": verified(
      `${DECREE}, Điều 3 khoản 2 điểm c`,
      `Trên 1.500.000 đến 2.250.000 đồng (${DOMAIN_SPEC}).`,
    ),
    "averageLiving.urban": verified(
      `${DECREE}, Điều 3 khoản 2 điểm c`,
      `Trên 2.000.000 đến 3.000.000 đồng (${DOMAIN_SPEC}).`,
    ),
    scorePerIndicator: verified(CIRCULAR, `Điểm B: 10 điểm mỗi chỉ số thiếu hụt (${DOMAIN_SPEC}).`),
    "scoreCutoffs.rural": verified(CIRCULAR, `Điểm A từ 140 trở xuống (${DOMAIN_SPEC}); số phụ lục chưa đối chiếu.`),
    "scoreCutoffs.urban": verified(CIRCULAR, `Điểm A từ 175 trở xuống (${DOMAIN_SPEC}); số phụ lục chưa đối chiếu.`),
    indicators: verified(`${DECREE}, Điều 3 khoản 1 điểm b`, `6 dịch vụ xã hội cơ bản, 12 chỉ số (${ND07_TEXT}).`),
    ...Object.fromEntries(
      ND07_INDICATORS.map((i) => [
        `indicator.${i.code}`,
        provisional(`${DECREE}, Điều 3 khoản 1 điểm b và Phụ lục (ngưỡng thiếu hụt)`, DEFINITION_NOTE),
      ]),
    ),
    ...ND07_DERIVATION_PROVENANCE,
  },
});
