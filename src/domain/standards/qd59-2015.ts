// QD59_2015: the multidimensional standard of the lists of 2016–2020, extended to the list of 2021.
// Values with their sources: `provenance` at the end of this file.
import { ND07_DERIVATION_PROVENANCE } from "./nd07-2021";
import { definePack, provisional, verified } from "./provenance";
import { SERVICES } from "./services";
import { QD59_AVERAGE_LIVING, QD59_DERIVATION } from "./shared-values";
import { DOMAIN_SPEC, NOT_FOUND, QD59_PRESS } from "./sources";
import type { IndicatorDefinition, Standard } from "./types";

const DECISION = "Quyết định số 59/2015/QĐ-TTg ngày 19/11/2015";
const CIRCULAR = "Thông tư số 17/2016/TT-BLĐTBXH (hướng dẫn rà soát, Phiếu B)";
const DEFINITION_NOTE = `Định nghĩa theo DOMAIN.md §3.2, ghi "cần đối chiếu với phụ lục của quyết định"; ${NOT_FOUND.toLowerCase()}.`;

const QD59_INDICATORS: readonly IndicatorDefinition[] = [
  {
    code: "health_access",
    nameVi: "Tiếp cận các dịch vụ y tế",
    nameEn: "Access to health services",
    service: SERVICES.health,
    ruleVi: "Có người bị ốm đau nặng nhưng không đi khám chữa bệnh.",
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
    ruleVi: "Có thành viên từ 15 đến dưới 30 tuổi không có bằng tốt nghiệp trung học cơ sở và không đi học.",
  },
  {
    code: "child_schooling",
    nameVi: "Tình trạng đi học của trẻ em",
    nameEn: "School attendance of children",
    service: SERVICES.education,
    ruleVi: "Có trẻ em từ 5 đến dưới 15 tuổi không được đi học.",
  },
  {
    code: "housing_quality",
    nameVi: "Chất lượng nhà ở",
    nameEn: "Housing quality",
    service: SERVICES.housing,
    ruleVi:
      "Nhà thiếu kiên cố (ít nhất 2 trong 3 kết cấu tường, cột, mái làm bằng vật liệu không bền chắc) hoặc không có nhà ở.",
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
    ruleVi: "Không tiếp cận được nguồn nước hợp vệ sinh.",
  },
  {
    code: "sanitation",
    nameVi: "Hố xí/nhà tiêu hợp vệ sinh",
    nameEn: "Hygienic latrine",
    service: SERVICES.water_sanitation,
    ruleVi: "Không có hố xí/nhà tiêu hợp vệ sinh.",
  },
  {
    code: "telecom",
    nameVi: "Sử dụng dịch vụ viễn thông",
    nameEn: "Use of telecom services",
    service: SERVICES.information,
    ruleVi: "Không có thành viên nào sử dụng thuê bao điện thoại hoặc internet.",
  },
  {
    code: "information_assets",
    nameVi: "Tài sản phục vụ tiếp cận thông tin",
    nameEn: "Assets for access to information",
    service: SERVICES.information,
    ruleVi: "Không có ti vi, radio, máy tính và không nghe được hệ thống loa đài truyền thanh xã/thôn.",
  },
];

export const QD59_2015: Standard = definePack({
  code: "QD59_2015",
  legalBasis:
    "Quyết định số 59/2015/QĐ-TTg ngày 19/11/2015 của Thủ tướng Chính phủ ban hành chuẩn nghèo tiếp cận đa chiều áp dụng cho giai đoạn 2016 – 2020 (kéo dài đến hết năm 2021 theo Điều 2 Nghị định số 07/2021/NĐ-CP)",
  legalShort: "Quyết định 59/2015/QĐ-TTg",
  years: { from: 2016, to: 2021 },
  lines: {
    rural: { poverty: 700_000, minimumLiving: 1_000_000 },
    urban: { poverty: 900_000, minimumLiving: 1_300_000 },
  },
  averageLiving: QD59_AVERAGE_LIVING,
  indicators: QD59_INDICATORS,
  deprivationThreshold: 3,
  scorePerIndicator: 10,
  scoreCutoffs: {
    rural: { poverty: 120, minimumLiving: 150 },
    urban: { poverty: 140, minimumLiving: 175 },
  },
  derivation: QD59_DERIVATION,
  provenance: {
    years: verified(
      `${DECISION}, Điều 1; Nghị định số 07/2021/NĐ-CP, Điều 2 (kéo dài đến hết năm 2021)`,
      "Danh sách 2016–2020, kéo dài cho danh sách năm 2021.",
    ),
    "lines.rural": verified(
      `${DECISION}, Điều 1 khoản 1 điểm a`,
      `Chuẩn nghèo 700.000 đồng, chuẩn mức sống tối thiểu 1.000.000 đồng (${QD59_PRESS}).`,
    ),
    "lines.urban": verified(
      `${DECISION}, Điều 1 khoản 1 điểm a`,
      `Chuẩn nghèo 900.000 đồng, chuẩn mức sống tối thiểu 1.300.000 đồng (${QD59_PRESS}).`,
    ),
    deprivationThreshold: verified(
      `${DECISION}, Điều 2 khoản 1, 2`,
      `Thiếu hụt từ 3 chỉ số trở lên (${DOMAIN_SPEC}; ${QD59_PRESS}).`,
    ),
    "averageLiving.rural": verified(
      `${DECISION}, Điều 2 khoản 3`,
      `Trên 1.000.000 đến 1.500.000 đồng (${QD59_PRESS}).`,
    ),
    "averageLiving.urban": verified(
      `${DECISION}, Điều 2 khoản 3`,
      `Trên 1.300.000 đến 1.950.000 đồng (${QD59_PRESS}).`,
    ),
    scorePerIndicator: verified(CIRCULAR, `Điểm B2: 10 điểm mỗi chỉ số thiếu hụt (${DOMAIN_SPEC}).`),
    "scoreCutoffs.rural": verified(
      CIRCULAR,
      `B1 từ 120 điểm (nghèo) và 150 điểm (cận nghèo) trở xuống (${DOMAIN_SPEC}).`,
    ),
    "scoreCutoffs.urban": verified(
      CIRCULAR,
      `B1 từ 140 điểm (nghèo) và 175 điểm (cận nghèo) trở xuống (${DOMAIN_SPEC}).`,
    ),
    indicators: verified(`${DECISION}, Điều 1 khoản 1 điểm b`, `5 dịch vụ xã hội cơ bản, 10 chỉ số (${QD59_PRESS}).`),
    ...Object.fromEntries(
      QD59_INDICATORS.map((i) => [
        `indicator.${i.code}`,
        provisional(`${DECISION}, Điều 1 khoản 1 điểm b (ngưỡng thiếu hụt)`, DEFINITION_NOTE),
      ]),
    ),
    ...ND07_DERIVATION_PROVENANCE,
    "derivation.healthInsuranceFromAge": provisional(`${DECISION}, Điều 1 khoản 1 điểm b`, DEFINITION_NOTE),
    "derivation.childUnderAge": provisional(`${DECISION}, Điều 1 khoản 1 điểm b`, DEFINITION_NOTE),
    "derivation.dependents": verified(DECISION, "Chuẩn này không có chỉ số người phụ thuộc."),
    "derivation.adultEducation": provisional(
      `${DECISION}, Điều 1 khoản 1 điểm b (trình độ giáo dục của người lớn)`,
      "15 đến dưới 30 tuổi chưa tốt nghiệp THCS và không đi học (DOMAIN.md §3.2, cần đối chiếu).",
    ),
    "derivation.childSchooling": provisional(
      `${DECISION}, Điều 1 khoản 1 điểm b (tình trạng đi học của trẻ em)`,
      "Trẻ em 5 đến dưới 15 tuổi không đi học (DOMAIN.md §3.2, cần đối chiếu).",
    ),
    "derivation.minAreaPerPersonM2": provisional(`${DECISION}, Điều 1 khoản 1 điểm b`, DEFINITION_NOTE),
    "derivation.telecomCountsPhone": provisional(`${DECISION}, Điều 1 khoản 1 điểm b`, DEFINITION_NOTE),
    "derivation.informationDevicesIncludePhone": provisional(`${DECISION}, Điều 1 khoản 1 điểm b`, DEFINITION_NOTE),
    "derivation.cleanWaterSources": provisional(`${DECISION}, Điều 1 khoản 1 điểm b`, DEFINITION_NOTE),
    "derivation.adequateWasteTreatment": verified(DECISION, "Chuẩn này không có chỉ số xử lý rác thải."),
  },
});
