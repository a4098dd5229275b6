// Shared pieces of the OpenAPI routes: the router factory (zod failures → envelope), the error
// schema, and small helpers that keep route definitions short.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { fail } from "./errors";
import { brokenTextPath, zodIssues } from "./validation";

export function router() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fail.validation(zodIssues(result.error));
      const broken = brokenTextPath(result.data);
      if (broken !== null)
        throw fail.validation([
          { path: broken, message: "Văn bản chứa ký tự hỏng (nửa cặp ký tự UTF-16); hãy nhập lại." },
        ]);
    },
  });
}

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string().openapi({ example: "Dữ liệu gửi lên không hợp lệ." }),
      details: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  })
  .openapi("Error");

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorSchema } },
});

/** The error answers every authenticated route may give. */
export const commonErrors = {
  400: errorResponse("Dữ liệu không hợp lệ (validation_failed)"),
  401: errorResponse("Chưa đăng nhập (unauthenticated)"),
  403: errorResponse("Không có quyền (forbidden)"),
  404: errorResponse("Không tìm thấy (not_found)"),
} as const;
export const conflictError = { 409: errorResponse("Xung đột phiên bản hoặc trạng thái (conflict)") } as const;
export const rateLimitedError = {
  429: errorResponse("Quá nhiều yêu cầu; thử lại sau số giây trong Retry-After (rate_limited)"),
} as const;
export const lockedError = { 423: errorResponse("Đã khoá sau quyết định (locked)") } as const;

export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return { required: true, content: { "application/json": { schema } }, ...(description ? { description } : {}) };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

export const TenantParams = z.object({
  tenant: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "tenant", in: "path" }, example: "luc-ngan" }),
});

export const Uuid = z.uuid();
export const IsoDate = z.iso.date();

/** `?limit=&cursor=` of every list (API.md: default 50, max 500). */
export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(50)
    .openapi({ param: { name: "limit", in: "query" } }),
  cursor: z
    .string()
    .max(500)
    .optional()
    .openapi({ param: { name: "cursor", in: "query" } }),
});

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** The `If-Match` request header of versioned updates. */
export const IfMatchHeader = z.object({
  "if-match": z
    .string()
    .max(40)
    .optional()
    .openapi({ param: { name: "if-match", in: "header" }, description: 'Phiên bản đang sửa, dạng "3"' }),
});

/** Reads the version an update is based on: `If-Match: "<n>"` or `version` in the body. */
export function baseVersion(ifMatch: string | undefined, bodyVersion: number | undefined): number {
  if (ifMatch !== undefined) {
    const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
    if (!m) throw fail.validation([{ path: "If-Match", message: 'Tiêu đề If-Match phải có dạng "<số phiên bản>".' }]);
    return Number(m[1]);
  }
  if (bodyVersion === undefined)
    throw fail.validation([{ path: "version", message: "Cần gửi phiên bản đang sửa (If-Match hoặc version)." }]);
  return bodyVersion;
}
