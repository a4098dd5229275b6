// Imports of household lists (API.md "Imports of household lists"): the import record with its
// progress, and the preview of a dry run. The web app takes its types from here.
import { z } from "@hono/zod-openapi";
import { IMPORT_COLUMNS } from "./import-columns";

export { IMPORT_COLUMN_LABELS, IMPORT_COLUMNS, type ImportColumn } from "./import-columns";

/** Where the list was found in the file and how its columns were read. */
export const ImportLayoutSchema = z.object({
  format: z.enum(["csv", "xlsx"]),
  encoding: z.enum(["utf-8", "windows-1258"]).nullable().openapi({ description: "Mã hoá của tệp CSV" }),
  sheet: z.string().nullable().openapi({ description: "Trang tính chứa danh sách (tệp XLSX)" }),
  headerRow: z.number().int().openapi({ description: "Dòng tiêu đề (đếm từ 1)" }),
  columns: z
    .partialRecord(z.enum(IMPORT_COLUMNS), z.string())
    .openapi({ description: "Cột → tiêu đề cột trong tệp", example: { key: "Mã hộ", fullName: "Họ và tên" } }),
  ignored: z.array(z.string()).openapi({ description: "Các cột bỏ qua (STT, cột không dùng)" }),
});

export const RowErrorSchema = z.object({
  row: z.number().int(),
  column: z.string(),
  value: z.string(),
  message: z.string(),
});

export const ImportPreviewSchema = ImportLayoutSchema.extend({
  rows: z.number().int().openapi({ description: "Dòng dữ liệu đã đọc" }),
  households: z.number().int().openapi({ description: "Hộ sẽ được nhập" }),
  invalid: z.number().int().openapi({ description: "Hộ không nhập được" }),
  errorCount: z.number().int(),
  errors: z.array(RowErrorSchema).openapi({ description: "Các lỗi đầu tiên" }),
}).openapi("ImportPreview");

export const ImportSchema = z
  .object({
    id: z.uuid(),
    unitId: z.uuid(),
    fileName: z.string().nullable(),
    status: z.enum(["queued", "running", "done", "failed"]),
    progress: z.number().min(0).max(1),
    rows: z.number().int(),
    households: z.number().int(),
    created: z.number().int(),
    skipped: z.number().int().openapi({ description: "Hộ đã có trong sổ (tệp nhập lại)" }),
    invalid: z.number().int(),
    errorCount: z.number().int(),
    errorReportUrl: z.string().nullable().openapi({ description: "Các dòng lỗi (CSV)" }),
    errorReportXlsxUrl: z.string().nullable().openapi({ description: "Các dòng lỗi (XLSX)" }),
    layout: ImportLayoutSchema.nullable().openapi({ description: "Nơi tìm thấy danh sách trong tệp" }),
    error: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi("Import");

export type Import = z.infer<typeof ImportSchema>;
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;
