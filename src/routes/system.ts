// Public routes that say the service is up.
import { createRoute, z } from "@hono/zod-openapi";
import { allow } from "../auth/guard";
import { jsonResponse, router } from "../http/openapi";

const app = router();

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/health",
    ...allow("public"),
    tags: ["Hệ thống"],
    summary: "Tình trạng dịch vụ (health)",
    security: [],
    responses: { 200: jsonResponse(z.object({ status: z.literal("ok") }), "Dịch vụ hoạt động") },
  }),
  (c) => c.json({ status: "ok" as const }, 200),
);

export default app;
