// The report payloads (API.md: `campaigns/{campaign}/reports/{form}`, `exports`, `province/summary`):
// one zod schema each, for validation, the OpenAPI document and the web app's types.
import { z } from "@hono/zod-openapi";
import { FORMS } from "../reports/types";

export const FormParam = z.enum(FORMS).openapi({
  param: { name: "form", in: "path" },
  description:
    "results (kết quả), poor-movement / near-poor-movement (diễn biến), deprivations (thiếu hụt), groups (nhóm đối tượng), ethnicity (dân tộc), causes (nguyên nhân), children (trẻ em), progress (tiến độ), poor-list / near-poor-list (danh sách theo tên)",
});

export const DecidedOnly = z
  .enum(["true", "false"])
  .optional()
  .openapi({ param: { name: "decidedOnly", in: "query" }, description: "Chỉ tính kết quả đã có quyết định công nhận" });

export const ReportColumnSchema = z
  .object({
    key: z.string(),
    label: z.string(),
    kind: z.enum(["text", "count", "rate", "money", "timestamp"]),
    group: z.string().optional().openapi({ description: "Tiêu đề chung của nhóm cột trên biểu mẫu" }),
  })
  .openapi("ReportColumn");

const Cell = z.union([z.number(), z.string(), z.null()]);

export const ReportSchema = z
  .object({
    form: z.enum(FORMS),
    title: z.string(),
    period: z.string(),
    unitId: z.string().nullable(),
    unitName: z.string(),
    campaignId: z.string(),
    decidedOnly: z.boolean(),
    columns: z.array(ReportColumnSchema),
    rows: z.array(z.record(z.string(), z.unknown())).openapi({
      description:
        "Biểu tổng hợp: một dòng cho mỗi đơn vị trực thuộc (unitId, unitName, area, …). Danh sách theo tên: một dòng cho mỗi hộ, kèm thành viên.",
    }),
    subtotals: z.array(z.record(z.string(), Cell)).optional().openapi({ description: "Khu vực thành thị, nông thôn" }),
    total: z.record(z.string(), Cell),
    nextCursor: z.string().nullable().optional().openapi({ description: "Danh sách theo tên: trang tiếp theo" }),
  })
  .openapi("Report");
