// Payloads of the review procedure (API.md "Inside a tenant": campaigns, assessments, actions,
// requests, meetings, postings, complaints, decisions, settings), one zod schema each. Routes
// validate with them, the OpenAPI document is generated from them, the web app takes its types.
import { z } from "@hono/zod-openapi";
import {
  AREAS,
  ASSESSMENT_STATES,
  BASES,
  CATEGORIES,
  INDICATOR_CODES,
  MOVEMENT_KINDS,
  needsDistrictOpinion,
  REVIEW_ACTIONS,
  REVIEW_KINDS,
  type ReviewKind,
  SCORE_REGIONS,
  STANDARD_CODES,
} from "../domain";
import { tidy } from "../lib/text";

const Text = (max: number) => z.string().trim().min(1).max(max).transform(tidy);
const IsoDate = z.iso.date();

export const CAMPAIGN_KINDS = REVIEW_KINDS;
export type CampaignKind = ReviewKind;

/** Why a household is on a campaign's list. */
export const LIST_REASONS = [
  "previous_poor",
  "previous_near_poor",
  "census",
  "request_01",
  "request_04",
  "added_by_reviewer",
] as const;
export type ListReason = (typeof LIST_REASONS)[number];

// ---- campaigns ------------------------------------------------------------------------------

export const CampaignCreateSchema = z
  .strictObject({
    id: z.uuid().optional(),
    year: z.number().int().min(2016).max(2100),
    kind: z.enum(CAMPAIGN_KINDS).openapi({
      description:
        "periodic = định kỳ (1/9–14/12); rolling = thường xuyên (hằng tháng, từ ngày 15); census = tổng điều tra",
    }),
    standard: z.enum(STANDARD_CODES).optional().openapi({
      description:
        "Mặc định: chuẩn của danh sách mà đợt lập (định kỳ, tổng điều tra năm Y → năm Y + 1; thường xuyên → năm Y)",
    }),
    month: z
      .number()
      .int()
      .min(1)
      .max(12)
      .optional()
      .openapi({ description: "Tháng của đợt rà soát thường xuyên (mặc định: tháng hiện tại)" }),
    name: Text(200).optional(),
    reviewDate: IsoDate.optional().openapi({
      description: "Ngày tính tuổi và thông tin của hộ (mặc định: ngày bắt đầu đợt)",
    }),
  })
  .openapi("CampaignCreate");

export const CampaignSchema = z
  .object({
    id: z.uuid(),
    year: z.number().int(),
    kind: z.enum(CAMPAIGN_KINDS),
    standard: z.enum(STANDARD_CODES),
    status: z.enum(["open", "closed"]),
    name: z.string(),
    periodStart: IsoDate,
    periodEnd: IsoDate,
    reviewDate: IsoDate,
    previousCampaignId: z.uuid().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .openapi("Campaign");
export type Campaign = z.infer<typeof CampaignSchema>;

// ---- assessments ----------------------------------------------------------------------------

const IndicatorKey = z.string().min(1).max(40);
const atMost = (n: number) => (r: Record<string, unknown>) => Object.keys(r).length <= n;

export const PhieuASchema = z
  .strictObject({
    passed: z.boolean().openapi({ description: "false: hộ không đạt sàng lọc, không rà soát tiếp (excluded)" }),
    reason: z.string().trim().max(500).transform(tidy).optional(),
  })
  .refine((a) => a.passed || (a.reason ?? "") !== "", {
    path: ["reason"],
    message: "Phải ghi lý do hộ không đạt sàng lọc (Phiếu A).",
  })
  .openapi("PhieuA");

const AnswersFields = {
  basis: z.enum(BASES).optional().openapi({ description: "income (mặc định): thu nhập; score: chấm điểm Phiếu B" }),
  monthlyIncomePerCapita: z
    .number()
    .int()
    .min(0)
    .max(10_000_000_000)
    .optional()
    .openapi({ description: "Thu nhập bình quân đầu người/tháng, đồng" }),
  scoreAnswers: z
    .record(z.string().min(1).max(64), z.string().min(1).max(64))
    .refine(atMost(100), "Quá nhiều mục chấm điểm.")
    .optional()
    .openapi({ description: "Phiếu B: mã mục → mã phương án; điểm A tính theo bảng điểm của huyện" }),
  scoreA: z
    .number()
    .min(0)
    .max(100_000)
    .optional()
    .openapi({ description: "Điểm A đã tính sẵn (khi không gửi scoreAnswers)" }),
  indicators: z
    .record(IndicatorKey, z.boolean())
    .refine(atMost(INDICATOR_CODES.length), "Quá nhiều chỉ số.")
    .optional()
    .openapi({
      description: "Trả lời trực tiếp các chỉ số mà thông tin của hộ chưa quyết định: mã → true (thiếu hụt)/false",
    }),
  overrides: z
    .record(IndicatorKey, z.strictObject({ value: z.boolean(), reason: Text(500) }))
    .refine(atMost(INDICATOR_CODES.length), "Quá nhiều chỉ số.")
    .optional()
    .openapi({ description: "Ghi đè giá trị suy ra từ thông tin của hộ, bắt buộc có lý do" }),
  phieuA: PhieuASchema.optional(),
  notes: z.string().trim().max(2000).optional(),
};

/** The answers as stored (without the version the request was based on). */
export const AnswersSchema = z.object(AnswersFields).openapi("AssessmentAnswers");
export type Answers = z.infer<typeof AnswersSchema>;

export const AssessmentPutSchema = z
  .strictObject({ ...AnswersFields, version: z.number().int().min(0).optional() })
  .refine((a) => !(a.scoreAnswers && a.scoreA !== undefined), {
    path: ["scoreA"],
    message: "Gửi điểm A hoặc các câu trả lời Phiếu B (scoreAnswers), không gửi cả hai.",
  })
  .openapi("AssessmentPut");

export const IndicatorResultSchema = z.object({
  code: z.enum(INDICATOR_CODES),
  derived: z
    .boolean()
    .nullable()
    .openapi({ description: "Giá trị suy ra từ thông tin của hộ; null: thông tin chưa quyết định" }),
  answered: z.boolean().nullable(),
  override: z.object({ value: z.boolean(), reason: z.string() }).optional(),
  value: z
    .boolean()
    .nullable()
    .openapi({ description: "Giá trị được tính: ghi đè, nếu không thì suy ra, nếu không thì trả lời trực tiếp" }),
  because: z.string(),
});

export const MovementSchema = z.object({
  kind: z.enum(MOVEMENT_KINDS),
  label: z.string(),
  previousCategory: z
    .enum(CATEGORIES)
    .nullable()
    .openapi({ description: "Phân loại ở kỳ trước; null: hộ chưa có trong sổ ở kỳ trước" }),
  previousCampaignId: z.uuid().nullable(),
});

export const ResultSchema = z
  .object({
    standard: z.enum(STANDARD_CODES),
    category: z.enum(CATEGORIES),
    poorBasis: z.enum(["income", "deprivation"]).nullable(),
    deprivationCount: z.number().int(),
    deprivationScore: z.number().int(),
    deprivations: z.array(z.enum(INDICATOR_CODES)),
    provisional: z.boolean(),
    explanation: z.array(z.string()),
    basis: z.enum(BASES),
    area: z.enum(AREAS),
    monthlyIncomePerCapita: z.number().int().nullable(),
    scoreA: z.number().nullable(),
    indicators: z.array(IndicatorResultSchema),
    overrides: z.array(
      z.object({
        code: z.enum(INDICATOR_CODES),
        value: z.boolean(),
        reason: z.string(),
        derived: z.boolean().nullable(),
      }),
    ),
    movement: MovementSchema,
  })
  .openapi("AssessmentResult");
export type StoredResult = z.infer<typeof ResultSchema>;

export const AssessmentSchema = z
  .object({
    id: z.uuid(),
    householdId: z.uuid(),
    campaignId: z.uuid(),
    villageId: z.uuid(),
    communeId: z.uuid(),
    state: z.enum(ASSESSMENT_STATES),
    version: z.number().int().openapi({ description: "0 khi hộ mới có trong danh sách, chưa lưu phiếu lần nào" }),
    listReason: z.enum(LIST_REASONS),
    answers: AnswersSchema.nullable(),
    result: ResultSchema.nullable(),
    category: z.enum(CATEGORIES).nullable(),
    excludedReason: z.string().nullable(),
    returnComment: z.string().nullable(),
    headName: z.string().optional(),
    address: z.string().optional(),
    lastSavedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi("Assessment");

export const ActionSchema = z
  .strictObject({
    action: z.enum(REVIEW_ACTIONS).openapi({
      description: "submit: gửi; accept: xã chấp nhận; return: trả lại để sửa; reopen: mở lại phiếu đã chấp nhận",
    }),
    comment: z.string().trim().max(1000).transform(tidy).optional(),
  })
  .openapi("AssessmentAction");

// ---- requests (Mẫu số 01 / 04) --------------------------------------------------------------

export const RequestCreateSchema = z
  .strictObject({
    id: z.uuid().optional(),
    householdId: z.uuid(),
    form: z.enum(["01", "04"]).openapi({
      description: "01: đề nghị xét duyệt hộ nghèo, cận nghèo; 04: đề nghị công nhận thoát nghèo, thoát cận nghèo",
    }),
    note: z.string().trim().max(1000).optional(),
  })
  .openapi("ListRequestCreate");

export const RequestSchema = z
  .object({
    id: z.uuid(),
    campaignId: z.uuid(),
    householdId: z.uuid(),
    form: z.enum(["01", "04"]),
    note: z.string().nullable(),
    filedBy: z.string(),
    filedAt: z.string(),
    assessmentId: z.uuid(),
    listReason: z.enum(LIST_REASONS),
  })
  .openapi("ListRequest");

// ---- village meetings -----------------------------------------------------------------------

export const MeetingCreateSchema = z
  .strictObject({
    id: z.uuid().optional(),
    villageId: z.uuid(),
    heldOn: IsoDate,
    chair: Text(120),
    secretary: Text(120),
    attendees: z.number().int().min(1).max(100_000),
    notes: z.string().trim().max(5000).optional(),
    results: z
      .array(z.strictObject({ householdId: z.uuid(), agree: z.number().int().min(0) }))
      .min(1)
      .max(1000),
  })
  .superRefine((m, ctx) => {
    const seen = new Map<string, number>();
    m.results.forEach((r, i) => {
      if (r.agree > m.attendees)
        ctx.addIssue({
          code: "custom",
          path: ["results", i, "agree"],
          message: `Số người đồng ý (${r.agree}) không thể lớn hơn số người dự họp (${m.attendees}).`,
        });
      if (seen.has(r.householdId))
        ctx.addIssue({
          code: "custom",
          path: ["results", i, "householdId"],
          message: `Hộ này đã có ở dòng ${seen.get(r.householdId)! + 1}.`,
        });
      else seen.set(r.householdId, i);
    });
  })
  .openapi("MeetingCreate");

export const MeetingSchema = z
  .object({
    id: z.uuid(),
    campaignId: z.uuid(),
    villageId: z.uuid(),
    heldOn: IsoDate,
    chair: z.string(),
    secretary: z.string(),
    attendees: z.number().int(),
    notes: z.string().nullable(),
    results: z.array(
      z.object({
        householdId: z.uuid(),
        assessmentId: z.uuid(),
        agree: z.number().int(),
        agreed: z.boolean(),
        headName: z.string().optional(),
        category: z.enum(CATEGORIES).nullable().optional(),
      }),
    ),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi("Meeting");

// ---- public postings ------------------------------------------------------------------------

export const PostingCreateSchema = z
  .strictObject({
    id: z.uuid().optional(),
    villageId: z.uuid(),
    startsOn: IsoDate,
    workingDays: z
      .number()
      .int()
      .min(1)
      .max(60)
      .optional()
      .openapi({ description: "Số ngày làm việc niêm yết (mặc định: cài đặt của huyện, 3)" }),
  })
  .openapi("PostingCreate");

export const PostingSchema = z
  .object({
    id: z.uuid(),
    campaignId: z.uuid(),
    villageId: z.uuid(),
    startsOn: IsoDate,
    endsOn: IsoDate,
    workingDays: z.number().int(),
    householdIds: z.array(z.uuid()),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi("Posting");

// ---- complaints -----------------------------------------------------------------------------

export const COMPLAINT_TYPES = ["wrongly_excluded", "wrongly_included", "data_error"] as const;

export const ComplaintCreateSchema = z
  .strictObject({
    id: z.uuid().optional(),
    householdId: z.uuid(),
    type: z.enum(COMPLAINT_TYPES).openapi({
      description: "wrongly_excluded: bị bỏ sót; wrongly_included: đưa vào không đúng; data_error: sai thông tin",
    }),
    channel: Text(60).openapi({
      description: "Kênh tiếp nhận: trực tiếp, hòm thư, điện thoại, MTTQ, …",
      example: "trực tiếp",
    }),
    text: Text(5000),
  })
  .openapi("ComplaintCreate");

export const ComplaintResolveSchema = z
  .strictObject({
    outcome: z
      .enum(["upheld", "rejected"])
      .openapi({ description: "upheld: khiếu nại đúng (kết quả đã sửa qua PUT); rejected: không có cơ sở" }),
    reason: Text(2000),
  })
  .openapi("ComplaintResolve");

export const ComplaintSchema = z
  .object({
    id: z.uuid(),
    campaignId: z.uuid(),
    householdId: z.uuid(),
    assessmentId: z.uuid(),
    villageId: z.uuid(),
    type: z.enum(COMPLAINT_TYPES),
    channel: z.string(),
    text: z.string(),
    filedBy: z.string(),
    filedByName: z.string(),
    filedByRole: z.string(),
    filedAt: z.string(),
    status: z.enum(["open", "upheld", "rejected"]),
    resolutionReason: z.string().nullable(),
    resolvedBy: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi("Complaint");

// ---- commune decisions ----------------------------------------------------------------------

export const DecisionCreateSchema = z
  .strictObject({
    id: z.uuid().optional(),
    communeId: z.uuid(),
    number: Text(60).openapi({ example: "125/QĐ-UBND" }),
    signedOn: IsoDate,
    signerName: Text(120)
      .optional()
      .openapi({ description: "Người ký (Chủ tịch UBND xã)", example: "Nguyễn Văn Bình" }),
    signerTitle: Text(120).optional().openapi({ description: "Chức vụ người ký", example: "Chủ tịch UBND xã" }),
  })
  .openapi("DecisionCreate");

export const DecisionSchema = z
  .object({
    id: z.uuid(),
    campaignId: z.uuid(),
    communeId: z.uuid(),
    number: z.string(),
    signedOn: IsoDate,
    poor: z.array(z.uuid()),
    nearPoor: z.array(z.uuid()),
    escapedPoor: z.array(z.uuid()),
    escapedNearPoor: z.array(z.uuid()),
    signerName: z.string().nullable(),
    signerTitle: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi("Decision");

export const DistrictOpinionCreateSchema = z
  .strictObject({
    id: z.uuid().optional(),
    communeId: z.uuid(),
    givenOn: IsoDate.refine(needsDistrictOpinion, {
      message: "Từ ngày 01/07/2025 không còn cấp huyện: ý kiến của Chủ tịch UBND cấp huyện phải trước ngày đó.",
    }).openapi({ example: "2024-12-05" }),
    number: Text(60).optional().openapi({ description: "Số văn bản cho ý kiến", example: "45/UBND-LĐTBXH" }),
    text: Text(2000).optional().openapi({ description: "Nội dung ý kiến" }),
  })
  .openapi("DistrictOpinionCreate");

export const DistrictOpinionSchema = z
  .object({
    id: z.uuid(),
    campaignId: z.uuid(),
    communeId: z.uuid(),
    givenOn: IsoDate,
    number: z.string().nullable(),
    text: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi("DistrictOpinion");

// ---- settings -------------------------------------------------------------------------------

const DateList = z.array(IsoDate).max(400);

export const SettingsSchema = z
  .object({
    workingDays: z.number().int().min(1).max(60).openapi({ description: "Số ngày làm việc niêm yết công khai" }),
    calendar: z.object({
      daysOff: DateList.openapi({ description: "Ngày nghỉ bổ sung của huyện" }),
      workingDays: DateList.openapi({ description: "Ngày vẫn làm việc dù lịch chung là ngày nghỉ" }),
    }),
    scoreRegion: z
      .enum(SCORE_REGIONS.map((r) => r.code) as [string, ...string[]])
      .openapi({ description: "Vùng của bảng điểm Phiếu B cho các xã nông thôn (một cột điểm của bảng)" }),
  })
  .openapi("TenantSettings");
export type TenantSettings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = z
  .strictObject({
    workingDays: SettingsSchema.shape.workingDays.optional(),
    calendar: z.strictObject({ daysOff: DateList, workingDays: DateList }).optional(),
    scoreRegion: SettingsSchema.shape.scoreRegion.optional(),
  })
  .openapi("TenantSettingsPatch");
