// The register's payloads (households and members), one zod schema each, built from the domain's
// own code lists. Routes validate with them, the OpenAPI document is generated from them, and the
// web app takes its types from them.
import { z } from "@hono/zod-openapi";
import {
  CATEGORIES,
  CAUSES_OF_POVERTY,
  DEVICES,
  DIPLOMAS,
  DISABILITIES,
  EMPLOYMENTS,
  ETHNICITIES,
  FRAME_MATERIALS,
  HEALTH_ACCESS,
  LATRINES,
  NUTRITIONS,
  RELATIONS,
  ROOF_MATERIALS,
  SCHOOL_LEVELS,
  SEXES,
  SUPPORT_NEEDS,
  WALL_MATERIALS,
  WASTE_TREATMENTS,
  WATER_SOURCES,
  WORKING_CAPACITIES,
} from "../domain";
import { tidy } from "../lib/text";

/** A person's name: at least one letter (a name of only invisible characters is not a name). */
const Name = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .refine((v) => /\p{L}/u.test(v), "Tên phải có ít nhất một chữ cái.")
  .transform(tidy);
const currentYear = () => new Date().getUTCFullYear();

/** What the forms ask about a member (DOMAIN.md §3): all optional in the register. */
export const MemberFactsSchema = z.object({
  birthDate: z.iso.date().optional(),
  healthInsurance: z.boolean().optional(),
  inSchool: z.boolean().optional(),
  schoolLevel: z.enum(SCHOOL_LEVELS).optional(),
  highestDiploma: z.enum(DIPLOMAS).optional(),
  inTraining: z.boolean().optional(),
  workingCapacity: z.enum(WORKING_CAPACITIES).optional(),
  employment: z.enum(EMPLOYMENTS).optional(),
  nutrition: z.enum(NUTRITIONS).optional(),
  meritorious: z.boolean().optional(),
  socialAssistance: z.boolean().optional(),
  disability: z.enum(DISABILITIES).optional(),
  pension: z.boolean().optional(),
});
export const MEMBER_FACT_KEYS = Object.keys(MemberFactsSchema.shape) as (keyof z.infer<typeof MemberFactsSchema>)[];

export const MemberInputSchema = z
  .strictObject({
    id: z.uuid().optional(),
    fullName: Name,
    sex: z.enum(SEXES),
    birthYear: z
      .number()
      .int()
      .min(1900)
      .refine((y) => y <= currentYear(), "Năm sinh không được sau năm hiện tại."),
    ethnicity: z.enum(ETHNICITIES),
    relationToHead: z.enum(RELATIONS),
    idNumber: z
      .string()
      .trim()
      .regex(/^\d{12}$/, "Số CCCD gồm đúng 12 chữ số.")
      .optional()
      .openapi({ description: "Số căn cước công dân (chỉ cán bộ của huyện xem được)" }),
    ...MemberFactsSchema.shape,
  })
  .openapi("MemberInput");

export const MemberSchema = MemberInputSchema.extend({
  id: z.uuid(),
  fullName: z.string(),
  idNumber: z.string().optional(),
}).openapi("Member");

export const DwellingSchema = z.strictObject({
  noHome: z.boolean().optional(),
  wallMaterial: z.enum(WALL_MATERIALS).optional(),
  frameMaterial: z.enum(FRAME_MATERIALS).optional(),
  roofMaterial: z.enum(ROOF_MATERIALS).optional(),
  livingAreaM2: z.number().min(0).max(100_000).optional(),
  waterSource: z.enum(WATER_SOURCES).optional(),
  latrine: z.enum(LATRINES).optional(),
  internetUse: z.boolean().optional(),
  devices: z.partialRecord(z.enum(DEVICES), z.boolean()).optional(),
  loudspeakerReach: z.boolean().optional(),
  wasteTreatment: z.enum(WASTE_TREATMENTS).optional(),
  healthAccess: z.enum(HEALTH_ACCESS).optional(),
  electricity: z.boolean().optional(),
});

const uniqueCodes = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .array(z.enum(values))
    .max(values.length)
    .refine((a) => new Set(a).size === a.length, "Không được lặp lại một mã.");

export const HouseholdFactsSchema = z
  .strictObject({
    dwelling: DwellingSchema.optional(),
    causesOfPoverty: uniqueCodes(CAUSES_OF_POVERTY).optional(),
    supportNeeds: uniqueCodes(SUPPORT_NEEDS).optional(),
    ownsCar: z.boolean().optional(),
    productionLandM2: z.number().min(0).max(100_000_000).optional(),
    houseFloorAreaM2: z.number().min(0).max(1_000_000).optional(),
    ownsBusiness: z.boolean().optional(),
  })
  .openapi("HouseholdFacts");

const Members = z
  .array(MemberInputSchema)
  .min(1)
  .max(40)
  .superRefine((members, ctx) => {
    const seen = new Map<string, number>();
    members.forEach((m, i) => {
      if (!m.id) return;
      if (seen.has(m.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: "Mã thành viên bị lặp lại." });
      seen.set(m.id, i);
    });
    const heads = members.filter((m) => m.relationToHead === "head").length;
    if (heads > 1) ctx.addIssue({ code: "custom", path: [], message: "Một hộ chỉ có một chủ hộ." });
  });

export const HouseholdCreateSchema = z
  .strictObject({
    id: z
      .uuid()
      .optional()
      .openapi({ description: "Do máy khách tạo khi nhập ngoại tuyến (client-made for offline entry)" }),
    villageId: z.uuid(),
    address: z.string().trim().max(300).transform(tidy).optional(),
    headName: Name,
    members: Members,
    facts: HouseholdFactsSchema.optional(),
  })
  .openapi("HouseholdCreate");

export const HouseholdPatchSchema = z
  .strictObject({
    villageId: z.uuid().optional().openapi({ description: "Chuyển hộ sang thôn khác (move to another village)" }),
    address: z.string().trim().max(300).transform(tidy).optional(),
    headName: Name.optional(),
    members: Members.optional().openapi({ description: "Danh sách thành viên mới, thay toàn bộ (the whole new list)" }),
    facts: HouseholdFactsSchema.optional().openapi({ description: "Thông tin hộ mới, thay toàn bộ" }),
    reason: z.string().trim().max(500).optional(),
    version: z.number().int().min(1).optional(),
  })
  .openapi("HouseholdPatch");

export const HouseholdSchema = z
  .object({
    id: z.uuid(),
    villageId: z.uuid(),
    address: z.string(),
    headName: z.string(),
    members: z.array(MemberSchema),
    facts: HouseholdFactsSchema,
    category: z.enum(CATEGORIES).nullable().openapi({ description: "Phân loại của lần rà soát gần nhất" }),
    status: z.enum(["active", "merged"]),
    mergedInto: z.uuid().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Household");

export const HouseholdSummarySchema = HouseholdSchema.pick({
  id: true,
  villageId: true,
  address: true,
  headName: true,
  category: true,
  status: true,
  version: true,
  updatedAt: true,
})
  .extend({ memberCount: z.number().int() })
  .openapi("HouseholdSummary");

export const SplitSchema = z
  .strictObject({
    memberIds: z.array(z.uuid()).min(1).max(40),
    newHousehold: z.strictObject({
      id: z.uuid().optional(),
      headName: Name,
      address: z.string().trim().max(300).transform(tidy).optional(),
    }),
    reason: z.string().trim().max(500).optional(),
    version: z.number().int().min(1).optional(),
  })
  .openapi("HouseholdSplit");

export const MergeSchema = z
  .strictObject({
    intoId: z.uuid(),
    intoVersion: z.number().int().min(1),
    reason: z.string().trim().max(500).optional(),
    version: z.number().int().min(1).optional(),
  })
  .openapi("HouseholdMerge");

export type MemberInput = z.infer<typeof MemberInputSchema>;
export type Member = z.infer<typeof MemberSchema>;
export type HouseholdFacts = z.infer<typeof HouseholdFactsSchema>;
export type HouseholdCreate = z.infer<typeof HouseholdCreateSchema>;
export type HouseholdPatch = z.infer<typeof HouseholdPatchSchema>;
export type Household = z.infer<typeof HouseholdSchema>;
export type HouseholdSummary = z.infer<typeof HouseholdSummarySchema>;
