// The Hono application: middleware in order, the routes, and the error envelope.
import { Scalar } from "@scalar/hono-api-reference";
import { HTTPException } from "hono/http-exception";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { requireRole } from "./auth/guard";
import { authenticate, requireSameOriginForCookieWrites, requireUser } from "./auth/middleware";
import { ApiError, fail, respondError } from "./http/errors";
import { requestGuards } from "./http/guards";
import { router } from "./http/openapi";
import { enforceRateLimit } from "./http/rate-limit";
import { refuseUnsafeConfiguration } from "./http/safe-config";
import "./http/validation";
import anomalyRoutes from "./routes/anomalies";
import assessmentRoutes from "./routes/assessments";
import auditRoutes from "./routes/audit";
import authRoutes from "./routes/auth";
import benchRoutes from "./routes/bench";
import campaignRoutes from "./routes/campaigns";
import complaintRoutes from "./routes/complaints";
import decisionRoutes from "./routes/decisions";
import exportRoutes from "./routes/exports";
import householdRoutes from "./routes/households";
import importRoutes from "./routes/imports";
import liveRoutes from "./routes/live";
import meetingRoutes from "./routes/meetings";
import postingRoutes from "./routes/postings";
import provinceRoutes from "./routes/province";
import provinceAccountRoutes from "./routes/province-accounts";
import publicRoutes from "./routes/public";
import reportRoutes from "./routes/reports";
import settingsRoutes from "./routes/settings";
import standardsRoutes from "./routes/standards";
import systemRoutes from "./routes/system";
import tenantRoutes from "./routes/tenants";
import unitRoutes from "./routes/units";
import userRoutes from "./routes/users";
import { resolveTenant } from "./tenancy/middleware";

/** Routes anyone may call without signing in ("public" in API.md). */
const PUBLIC = new Set([
  "GET /api/v1/health",
  "GET /api/v1/openapi.json",
  "GET /api/v1/standards",
  "POST /api/v1/classify",
  "POST /api/v1/auth/login",
]);

/** Data of the public pages (the posted lists): read-only, no sign-in. */
const PUBLIC_PAGES = "/api/v1/public/";

/** Every API answer: JSON (or a file) that no page may frame, run or embed. */
const apiHeaders = secureHeaders({
  crossOriginResourcePolicy: "same-origin",
  xFrameOptions: "DENY",
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
});

/** The API reference page (Scalar): its script and styles come from a CDN, each tag with this answer's nonce. */
const docsHeaders = secureHeaders({
  xFrameOptions: "DENY",
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: [NONCE, "https://cdn.jsdelivr.net"],
    styleSrc: [NONCE, "'self'", "https://cdn.jsdelivr.net"],
    fontSrc: ["'self'", "https://fonts.scalar.com", "data:"],
    imgSrc: ["'self'", "data:", "https:"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

export function createApp() {
  const app = router();

  app.onError((err, c) => {
    if (err instanceof ApiError) return respondError(c, err);
    if (err instanceof HTTPException && err.status < 500) {
      // Hono's own refusals, e.g. a body that is not JSON at all.
      if (err.status === 413) return respondError(c, new ApiError("payload_too_large", "Dữ liệu gửi lên quá lớn."));
      return respondError(
        c,
        fail.validation(
          [{ path: "", message: "Nội dung gửi lên không phải JSON hợp lệ." }],
          "Nội dung gửi lên không đọc được.",
        ),
      );
    }
    console.error("unhandled", c.req.method, c.req.path, err);
    return respondError(c, new ApiError("internal", "Lỗi hệ thống; vui lòng thử lại sau."));
  });
  app.notFound((c) => respondError(c, fail.notFound("Không có địa chỉ này.")));

  app.use("/api/*", (c, next) => (c.req.path === "/api/docs" ? docsHeaders(c, next) : apiHeaders(c, next)));
  // Answers hold personal data: no cache keeps them unless a route says otherwise (the posted list).
  app.use("/api/*", async (c, next) => {
    await next();
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  });
  app.use("/api/*", refuseUnsafeConfiguration);
  app.use("/api/*", requestGuards);
  // Every route open without signing in is limited per address (src/http/rate-limit.ts).
  app.use("/api/*", async (c, next) => {
    const route = `${c.req.method} ${c.req.path}`;
    if (route === "POST /api/v1/classify") await enforceRateLimit(c, "RL_CLASSIFY");
    else if (c.req.path.startsWith(PUBLIC_PAGES))
      await enforceRateLimit(c, c.req.method === "GET" ? "RL_PUBLIC" : "RL_CITIZEN");
    else if (PUBLIC.has(route) || c.req.path === "/api/docs") await enforceRateLimit(c, "RL_PUBLIC");
    await next();
  });
  app.use("/api/*", authenticate);
  app.use("/api/*", requireSameOriginForCookieWrites);
  app.use("/api/v1/*", async (c, next) => {
    if (PUBLIC.has(`${c.req.method} ${c.req.path}`) || (c.req.method === "GET" && c.req.path.startsWith(PUBLIC_PAGES)))
      return next();
    return requireUser(c, next);
  });
  app.use("/api/v1/tenants/:tenant/*", resolveTenant);
  // Province routes answer 403 to other roles before looking at the request any further.
  app.use("/api/v1/province/*", async (c, next) => {
    requireRole(c, "province.read");
    await next();
  });

  for (const routes of [
    systemRoutes,
    standardsRoutes,
    authRoutes,
    tenantRoutes,
    unitRoutes,
    userRoutes,
    householdRoutes,
    importRoutes,
    auditRoutes,
    liveRoutes,
    publicRoutes,
  ])
    app.route("/", routes);
  for (const routes of [
    campaignRoutes,
    assessmentRoutes,
    meetingRoutes,
    postingRoutes,
    complaintRoutes,
    decisionRoutes,
    settingsRoutes,
  ])
    app.route("/", routes);
  for (const routes of [reportRoutes, exportRoutes, anomalyRoutes, provinceRoutes, provinceAccountRoutes])
    app.route("/", routes);

  app.route("/", benchRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.openAPIRegistry.registerComponent("securitySchemes", "cookie", {
    type: "apiKey",
    in: "cookie",
    name: "session",
    description: "Qua https, cookie tên là __Host-session (Secure, Path=/); cả hai tên đều được đọc.",
  });
  app.doc31("/api/v1/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Rà soát hộ nghèo, hộ cận nghèo — API",
      version: "1",
      description: "API của hệ thống rà soát hộ nghèo, hộ cận nghèo (review of poor and near-poor households).",
    },
    security: [{ bearer: [] }, { cookie: [] }],
  });
  app.get(
    "/api/docs",
    Scalar((c) => ({ url: "/api/v1/openapi.json", pageTitle: "Rà soát — API", nonce: c.get("secureHeadersNonce") })),
  );
  return app;
}
