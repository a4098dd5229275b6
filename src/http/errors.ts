// The error envelope of API.md: every failure answers
// {"error": {"code", "message" (Vietnamese), "details"}} with the status that goes with the code.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const ERROR_STATUS = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  /** The Worker is configured unsafely and refuses to serve until that is fixed (src/http/safe-config.ts). */
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: FieldIssue[] = [],
    /** Extra top-level members of the body, e.g. `current` on a version conflict. */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}

export const fail = {
  validation: (details: FieldIssue[], message = "Dữ liệu gửi lên không hợp lệ.") =>
    new ApiError("validation_failed", message, details),
  unauthenticated: (message = "Bạn cần đăng nhập.") => new ApiError("unauthenticated", message),
  forbidden: (message = "Bạn không có quyền thực hiện thao tác này.") => new ApiError("forbidden", message),
  notFound: (message = "Không tìm thấy.") => new ApiError("not_found", message),
  conflict: (message: string, extra: Record<string, unknown> = {}) => new ApiError("conflict", message, [], extra),
  locked: (message = "Hồ sơ đã bị khoá sau quyết định công nhận của xã.") => new ApiError("locked", message),
  rateLimited: (retryAfterSeconds: number, message = "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau.") =>
    new ApiError("rate_limited", message, [], {}, { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) }),
};

export function errorBody(err: ApiError) {
  return { error: { code: err.code, message: err.message, details: err.details }, ...err.extra };
}

export function respondError(c: Context, err: ApiError): Response {
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  return c.json(errorBody(err), err.status);
}
