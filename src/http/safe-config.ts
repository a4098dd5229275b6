// The Worker refuses to serve when it is configured unsafely, rather than falling back silently:
// every API request answers 503 in the envelope, naming what to fix, until the operator does.
// Outside development: ID_HASH_KEY and AUDIT_HMAC_KEY must be set, long, and not the development
// stand-ins; the first administrator's password (BOOTSTRAP_ADMIN) must meet the password rules
// (the demo password does not). Development itself is honoured only on a local or private-network
// host, so a deployment left with APP_ENV=development stops at its first request too.
import { createMiddleware } from "hono/factory";
import { bootstrapCredentials } from "../auth/bootstrap";
import { passwordProblem } from "../auth/password-policy";
import { securityEvent } from "../auth/security-log";
import { type AppEnv, DEVELOPMENT_KEYS, settings } from "../env";
import { ApiError, type FieldIssue } from "./errors";

/** Shortest secret key accepted outside development: 32 characters (at least 128 bits as hex or base64). */
const MIN_KEY_LENGTH = 32;

/** Loopback and private-network hosts: where a development build may run. */
export function isLocalHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost") || h === "::1") return true;
  const ip = h.split(".").map(Number);
  if (ip.length !== 4 || ip.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return false;
  const [a, b] = ip as [number, number, number, number];
  return a === 127 || a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31);
}

/** What is unsafe in this configuration (for a request to `url`, when there is one); empty when nothing is. */
export function unsafeConfiguration(env: Env, url?: URL): FieldIssue[] {
  const cfg = settings(env);
  if (cfg.development)
    return !url || isLocalHost(url.hostname)
      ? []
      : [{ path: "APP_ENV", message: "APP_ENV=development chỉ dùng khi chạy trên máy cục bộ; hãy đặt production." }];
  const problems: FieldIssue[] = [];
  const raw = env as unknown as Record<string, string | undefined>;
  for (const name of ["ID_HASH_KEY", "AUDIT_HMAC_KEY"] as const) {
    const value = raw[name];
    if (!value) problems.push({ path: name, message: `Chưa đặt khoá bí mật ${name}.` });
    else if (value === DEVELOPMENT_KEYS[name] || value.length < MIN_KEY_LENGTH)
      problems.push({
        path: name,
        message: `${name} là khoá mặc định hoặc quá ngắn (cần ít nhất ${MIN_KEY_LENGTH} ký tự ngẫu nhiên).`,
      });
  }
  const bootstrap = bootstrapCredentials(env);
  if (bootstrap && passwordProblem(bootstrap.password, bootstrap.username, { development: false }))
    problems.push({
      path: "BOOTSTRAP_ADMIN",
      message: "Mật khẩu của quản trị viên đầu tiên là mật khẩu mẫu hoặc yếu; hãy đặt mật khẩu mạnh.",
    });
  return problems;
}

/** Answers 503 to every request while the configuration is unsafe. */
export const refuseUnsafeConfiguration = createMiddleware<AppEnv>(async (c, next) => {
  const problems = unsafeConfiguration(c.env, new URL(c.req.url));
  if (problems.length) {
    securityEvent("unsafe_configuration", { problems: problems.map((p) => p.path) });
    throw new ApiError(
      "unavailable",
      "Máy chủ chưa được cấu hình an toàn nên tạm ngừng phục vụ; quản trị viên cần sửa cấu hình (chi tiết bên dưới).",
      problems,
    );
  }
  await next();
});
