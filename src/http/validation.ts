// zod issues → the `details` of a validation_failed envelope, in Vietnamese.
import { z } from "@hono/zod-openapi";
import type { FieldIssue } from "./errors";

const vi = z.locales.vi();

// Clearer Vietnamese than the stock locale for the cases people meet most; the rest falls back to it.
z.config({
  customError: (issue) => {
    if (issue.code === "invalid_type" && issue.input === undefined) return "Trường này là bắt buộc.";
    if (issue.code === "invalid_type") return `Sai kiểu dữ liệu: cần ${TYPE_VI[issue.expected] ?? issue.expected}.`;
    if (issue.code === "unrecognized_keys") return `Trường không được phép: ${issue.keys.join(", ")}.`;
    if (issue.code === "too_big" && issue.origin === "string") return `Quá dài: tối đa ${issue.maximum} ký tự.`;
    if (issue.code === "too_small" && issue.origin === "string" && issue.minimum === 1) return "Không được để trống.";
    if (issue.code === "too_small" && issue.origin === "string") return `Quá ngắn: tối thiểu ${issue.minimum} ký tự.`;
    if (issue.code === "too_big" && issue.origin === "array") return `Quá nhiều phần tử: tối đa ${issue.maximum}.`;
    if (issue.code === "too_small" && issue.origin === "array") return `Cần ít nhất ${issue.minimum} phần tử.`;
    if (issue.code === "too_small" && (issue.origin === "number" || issue.origin === "int"))
      return `Giá trị phải ${issue.inclusive ? "≥" : ">"} ${issue.minimum}.`;
    if (issue.code === "too_big" && (issue.origin === "number" || issue.origin === "int"))
      return `Giá trị phải ${issue.inclusive ? "≤" : "<"} ${issue.maximum}.`;
    if (issue.code === "invalid_value")
      return `Giá trị không hợp lệ: cần một trong ${issue.values.map((v) => JSON.stringify(v)).join(", ")}.`;
    if (issue.code === "invalid_format" && issue.format === "uuid") return "Mã định danh phải là UUID.";
    if (issue.code === "invalid_format" && issue.format === "date") return "Ngày phải có dạng YYYY-MM-DD.";
    return vi.localeError(issue);
  },
});

const TYPE_VI: Record<string, string> = {
  string: "chuỗi ký tự",
  number: "số",
  int: "số nguyên",
  boolean: "true hoặc false",
  object: "đối tượng JSON",
  array: "mảng",
};

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

const HALF_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The path of the first string (value or key) holding half of a UTF-16 surrogate pair, or null.
 * JSON can carry one ("\ud800"), but it is not text: stored as UTF-8 it would turn into
 * replacement characters, so such input is refused instead of silently changed.
 */
export function brokenTextPath(value: unknown, path = ""): string | null {
  if (typeof value === "string") return HALF_SURROGATE.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = brokenTextPath(value[i], path ? `${path}.${i}` : String(i));
      if (found !== null) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      if (HALF_SURROGATE.test(k)) return at;
      const found = brokenTextPath(v, at);
      if (found !== null) return found;
    }
  }
  return null;
}
