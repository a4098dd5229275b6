// ND07_2021: the multidimensional standard of 2022–2025, extended through the 2026 review.
import { SERVICES } from "./services";
import type { IndicatorDefinition, Standard } from "./types";
import { ND07_DERIVATION } from "./verify";

/** The 12 indicators of Decree 07/2021 Art. 3 (wording to verify against the annex); ND351 reuses them. */
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

export const ND07_2021: Standard = {
  code: "ND07_2021",
  legalBasis:
    "Nghị định số 07/2021/NĐ-CP ngày 27/01/2021 của Chính phủ quy định chuẩn nghèo đa chiều giai đoạn 2021 – 2025, Điều 3 (áp dụng đến hết năm 2026 theo Nghị định số 351/2025/NĐ-CP)",
  legalShort: "Nghị định 07/2021/NĐ-CP",
  years: { from: 2022, to: 2026 },
  provisional: false,
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
};
