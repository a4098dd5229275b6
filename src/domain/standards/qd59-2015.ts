// QD59_2015: the multidimensional standard of 2016–2020, extended to the 2021 review.
import { SERVICES } from "./services";
import type { Standard } from "./types";
import { QD59_AVERAGE_LIVING, QD59_DERIVATION } from "./verify";

export const QD59_2015: Standard = {
  code: "QD59_2015",
  legalBasis:
    "Quyết định số 59/2015/QĐ-TTg ngày 19/11/2015 của Thủ tướng Chính phủ ban hành chuẩn nghèo tiếp cận đa chiều áp dụng cho giai đoạn 2016 – 2020 (kéo dài đến hết năm 2021 theo Điều 2 Nghị định số 07/2021/NĐ-CP)",
  legalShort: "Quyết định 59/2015/QĐ-TTg",
  years: { from: 2016, to: 2021 },
  provisional: false,
  lines: {
    rural: { poverty: 700_000, minimumLiving: 1_000_000 },
    urban: { poverty: 900_000, minimumLiving: 1_300_000 },
  },
  averageLiving: QD59_AVERAGE_LIVING,
  // Definitions follow DOMAIN.md §3.2; their exact wording is to verify against the annex.
  indicators: [
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
  ],
  deprivationThreshold: 3,
  scorePerIndicator: 10,
  scoreCutoffs: {
    rural: { poverty: 120, minimumLiving: 150 },
    urban: { poverty: 140, minimumLiving: 175 },
  },
  derivation: QD59_DERIVATION,
};
