// The basic social services (dịch vụ xã hội cơ bản) the indicators are grouped under.
import type { ServiceGroup } from "./types";

export const SERVICES = {
  employment: { code: "employment", nameVi: "Việc làm" },
  health: { code: "health", nameVi: "Y tế" },
  education: { code: "education", nameVi: "Giáo dục" },
  housing: { code: "housing", nameVi: "Nhà ở" },
  water_sanitation: { code: "water_sanitation", nameVi: "Nước sinh hoạt và vệ sinh" },
  /** ND351_2025's dimension: water, sanitation and environment (household waste joins it). */
  water_sanitation_environment: {
    code: "water_sanitation_environment",
    nameVi: "Nước sinh hoạt, vệ sinh và môi trường",
  },
  information: { code: "information", nameVi: "Thông tin" },
} as const satisfies Record<string, ServiceGroup>;
