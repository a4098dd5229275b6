// The rule packs (chuẩn nghèo) and classification of one household's numbers without storing
// anything: both public (API.md). The rules are in src/domain; this file only validates the shape,
// calls them and answers.
import { createRoute, z } from "@hono/zod-openapi";
import { allow } from "../auth/guard";
import {
  AREAS,
  BASES,
  CATEGORIES,
  classify,
  INDICATOR_CODES,
  PROVENANCE_STATUSES,
  provenanceKeys,
  provenanceLabel,
  provenanceOf,
  provenanceValue,
  REVIEW_KINDS,
  STANDARD_CODES,
  STANDARDS,
  type Standard,
} from "../domain";
import { fail } from "../http/errors";
import { commonErrors, jsonBody, jsonResponse, router } from "../http/openapi";

const StandardCode = z.enum(STANDARD_CODES).openapi({
  description: "Theo năm của danh sách: QD59_2015 (2016–2021), ND07_2021 (2022–2026), ND351_2025 (2027–2030)",
});
const Area = z.enum(AREAS).openapi({ description: "rural = nông thôn; urban = thành thị" });
const IndicatorCode = z.enum(INDICATOR_CODES);

const ClassifyRequest = z
  .strictObject({
    standard: StandardCode.optional(),
    year: z
      .number()
      .int()
      .min(1900)
      .max(2100)
      .optional()
      .openapi({ description: "Năm rà soát; cùng với kind chọn chuẩn khi không ghi standard" }),
    kind: z.enum(REVIEW_KINDS).optional().openapi({
      description:
        "Loại rà soát (mặc định periodic): định kỳ và tổng điều tra năm Y lập danh sách năm Y + 1, thường xuyên năm Y sửa danh sách năm Y",
    }),
    area: Area,
    basis: z.enum(BASES).optional().openapi({ description: "income (mặc định): thu nhập; score: điểm A của Phiếu B" }),
    monthlyIncomePerCapita: z
      .number()
      .int()
      .min(0)
      .optional()
      .openapi({ description: "Thu nhập bình quân đầu người/tháng, đồng", example: 1_400_000 }),
    scoreA: z.number().min(0).optional().openapi({ description: "Điểm A (Phiếu B)", example: 131 }),
    // Longer than any pack so that a repeated code is reported by the rules, by position.
    deprivations: z
      .array(IndicatorCode)
      .max(INDICATOR_CODES.length * 2)
      .openapi({ example: ["health_insurance", "water", "sanitation"] }),
  })
  .openapi("ClassifyRequest", {
    example: {
      standard: "ND07_2021",
      area: "rural",
      basis: "income",
      monthlyIncomePerCapita: 1_400_000,
      deprivations: ["health_insurance", "water", "sanitation"],
    },
  });

const Classification = z
  .object({
    standard: StandardCode,
    category: z.enum(CATEGORIES).openapi({
      description:
        "poor = hộ nghèo; near_poor = hộ cận nghèo; average_living = hộ có mức sống trung bình; non_poor = hộ không nghèo",
    }),
    poorBasis: z
      .enum(["income", "deprivation"])
      .nullable()
      .openapi({ description: "Chỉ với QD59_2015: nghèo về thu nhập hay nghèo thiếu hụt" }),
    deprivationCount: z.number().int(),
    deprivationScore: z.number().int().openapi({ description: "Điểm B: 10 điểm mỗi chỉ số thiếu hụt" }),
    deprivations: z.array(IndicatorCode).openapi({ description: "Sắp theo mã" }),
    provisional: z
      .boolean()
      .openapi({ description: "Kết quả tạm tính: dựa trên giá trị chưa đối chiếu với văn bản (giải thích nêu rõ)" }),
    explanation: z.array(z.string()).openapi({ description: "Giải thích bằng tiếng Việt" }),
  })
  .openapi("Classification");

const Lines = z.object({ poverty: z.number().int(), minimumLiving: z.number().int().nullable() });
const Band = z.object({ above: z.number().int(), upTo: z.number().int() }).nullable();
const Cutoffs = z.object({ poverty: z.number(), minimumLiving: z.number().nullable() });

const Provenance = z.object({
  source: z.string().openapi({ description: "Văn bản và điều, khoản, phụ lục" }),
  status: z.enum(PROVENANCE_STATUSES).openapi({ description: "verified: đã đối chiếu; provisional: tạm tính" }),
  note: z.string().openapi({ description: "Nguồn đã xác nhận giá trị, hoặc lý do còn tạm tính" }),
});

const StandardSchema = z
  .object({
    code: StandardCode,
    legalBasis: z.string(),
    legalShort: z.string(),
    years: z
      .object({ from: z.number().int(), to: z.number().int() })
      .openapi({ description: "Các năm của danh sách hộ nghèo, cận nghèo mà chuẩn áp dụng" }),
    provisional: z.boolean().openapi({ description: "Có giá trị của quy tắc phân loại còn tạm tính" }),
    lines: z
      .object({ rural: Lines, urban: Lines })
      .openapi({ description: "Chuẩn nghèo (và chuẩn mức sống tối thiểu của QD59_2015), đồng/người/tháng" }),
    averageLiving: z
      .object({ rural: Band, urban: Band })
      .openapi({ description: "Mức sống trung bình: above < thu nhập ≤ upTo; null khi chưa công bố" }),
    deprivationThreshold: z.number().int(),
    scorePerIndicator: z.number().int(),
    scoreCutoffs: z
      .object({ rural: Cutoffs, urban: Cutoffs })
      .nullable()
      .openapi({ description: "Ngưỡng điểm A của Phiếu B; null khi chưa công bố" }),
    indicators: z.array(
      z.object({
        code: IndicatorCode,
        nameVi: z.string(),
        nameEn: z.string(),
        service: z.object({ code: z.string(), nameVi: z.string() }),
        ruleVi: z.string(),
        ...Provenance.shape,
      }),
    ),
    provenance: z.array(Provenance.extend({ key: z.string(), label: z.string(), value: z.string() })).openapi({
      description: "Nguồn và trạng thái của từng giá trị pháp lý của chuẩn (mức, ngưỡng, chỉ số, tham số)",
    }),
  })
  .openapi("Standard");

const toStandard = (s: Standard): z.infer<typeof StandardSchema> => ({
  code: s.code,
  legalBasis: s.legalBasis,
  legalShort: s.legalShort,
  years: s.years,
  provisional: s.provisional,
  lines: s.lines,
  averageLiving: s.averageLiving,
  deprivationThreshold: s.deprivationThreshold,
  scorePerIndicator: s.scorePerIndicator,
  scoreCutoffs: s.scoreCutoffs,
  indicators: s.indicators.map((i) => ({
    code: i.code,
    nameVi: i.nameVi,
    nameEn: i.nameEn,
    service: i.service,
    ruleVi: i.ruleVi,
    ...provenanceOf(s, `indicator.${i.code}`),
  })),
  provenance: provenanceKeys(s).map((key) => ({
    key,
    label: provenanceLabel(s, key),
    value: provenanceValue(s, key),
    ...provenanceOf(s, key),
  })),
});
const STANDARD_LIST = { items: Object.values(STANDARDS).map(toStandard) };

const app = router();

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/standards",
    ...allow("public"),
    tags: ["Chuẩn nghèo"],
    summary: "Các bộ chuẩn nghèo đa chiều (rule packs)",
    security: [],
    responses: {
      200: jsonResponse(z.object({ items: z.array(StandardSchema) }), "Các bộ chuẩn theo thứ tự thời gian"),
    },
  }),
  (c) => {
    // The packs change only with a deployment.
    c.header("Cache-Control", "public, max-age=3600");
    return c.json(STANDARD_LIST, 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/classify",
    ...allow("public"),
    tags: ["Chuẩn nghèo"],
    summary: "Phân loại một hộ theo thu nhập (hoặc điểm A) và các chỉ số thiếu hụt, không lưu",
    security: [],
    request: { body: jsonBody(ClassifyRequest) },
    responses: { 200: jsonResponse(Classification, "Kết quả phân loại"), 400: commonErrors[400] },
  }),
  (c) => {
    const result = classify(c.req.valid("json"));
    if (!result.ok) throw fail.validation(result.issues, "Dữ liệu phân loại không hợp lệ.");
    return c.json(result.value, 200);
  },
);

export default app;
