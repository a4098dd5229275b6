// Request bodies shared by API tests.
import { U } from "./world";

export function householdBody(villageId: string = U.villageA1, headName = "Nguyễn Văn An") {
  return {
    villageId,
    address: "Xóm Trên",
    headName,
    members: [
      {
        fullName: headName,
        sex: "male",
        birthYear: 1975,
        ethnicity: "tay",
        relationToHead: "head",
        idNumber: "024075000123",
        healthInsurance: true,
      },
      {
        fullName: "Hoàng Thị Bình",
        sex: "female",
        birthYear: 1979,
        ethnicity: "tay",
        relationToHead: "spouse",
        healthInsurance: false,
      },
      {
        fullName: "Nguyễn Văn Cường",
        sex: "male",
        birthYear: 2012,
        ethnicity: "tay",
        relationToHead: "child",
        inSchool: true,
        schoolLevel: "lower_secondary",
      },
    ],
    facts: {
      dwelling: { wallMaterial: "earth", roofMaterial: "leaves_straw", livingAreaM2: 30, waterSource: "drilled_well" },
      causesOfPoverty: ["land"],
    },
  };
}

/** The villages of the test world's Lục Ngạn, as the seeded-tenant fixture takes them. */
export const LUC_NGAN_VILLAGES = [
  { id: U.villageA1, communeId: U.communeA, area: "rural" as const },
  { id: U.villageA2, communeId: U.communeA, area: "rural" as const },
  { id: U.villageB1, communeId: U.communeB, area: "urban" as const },
];
