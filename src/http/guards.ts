// Guards every API request passes before routing: body size and content type. Both answer in the
// error envelope so that no bad request reaches a handler (and none can produce a 5xx).
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { ApiError } from "./errors";

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

interface BodyRule {
  types: string[];
  limit: ReturnType<typeof bodyLimit>;
}

const limitOf = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError("payload_too_large", `Dữ liệu gửi lên quá lớn (tối đa ${Math.round(maxSize / 1024)} KB).`);
    },
  });

const JSON_RULE: BodyRule = { types: ["application/json"], limit: limitOf(DEFAULT_BODY_LIMIT) };
/** Routes that take something else than JSON, with their own size limits. */
const SPECIAL_RULES: { pattern: RegExp; rule: BodyRule }[] = [
  {
    pattern: /\/imports$/,
    rule: {
      types: [
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/csv",
        "text/plain",
        // What Windows browsers call a .csv file, and what a phone may send for any file.
        "application/vnd.ms-excel",
        "application/octet-stream",
      ],
      limit: limitOf(64 * 1024 * 1024),
    },
  },
];

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const requestGuards = createMiddleware<AppEnv>(async (c, next) => {
  if (!BODY_METHODS.has(c.req.method) || !c.req.raw.body) return next();
  const rule = SPECIAL_RULES.find((r) => r.pattern.test(c.req.path))?.rule ?? JSON_RULE;
  const type = (c.req.header("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  const acceptable = rule.types.includes(type) || (rule === JSON_RULE && /^application\/[\w.+-]+\+json$/.test(type));
  if (!acceptable && c.req.header("Content-Length") !== "0") {
    throw new ApiError(
      "unsupported_media_type",
      `Kiểu dữ liệu không được hỗ trợ: cần ${rule.types.slice(0, 2).join(" hoặc ")}.`,
    );
  }
  return rule.limit(c, next);
});
