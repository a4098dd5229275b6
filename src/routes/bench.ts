// Baselines for the benchmarks: the same middleware (session, tenant) as every route, then one
// bare D1 write or read, so that a benchmark can express the cost of the full write path as a
// ratio to it. They answer 404 unless the Worker runs with BENCH_ROUTES=1 (benchmarks only).
import { Hono } from "hono";
import { currentUser } from "../auth/guard";
import { getSetting, putSetting } from "../db/tenant/settings";
import type { AppEnv } from "../env";
import { fail } from "../http/errors";

const app = new Hono<AppEnv>();

app.use("/api/v1/tenants/:tenant/_bench/*", async (c, next) => {
  if ((c.env as unknown as Record<string, string | undefined>).BENCH_ROUTES !== "1")
    throw fail.notFound("Không có địa chỉ này.");
  currentUser(c);
  await next();
});

app.post("/api/v1/tenants/:tenant/_bench/insert", async (c) => {
  const key = `bench:${crypto.randomUUID()}`;
  await putSetting(c.get("tenant").d1, key, { at: Date.now() });
  return c.json({ key }, 201);
});

app.get("/api/v1/tenants/:tenant/_bench/read", async (c) => {
  return c.json({ value: (await getSetting(c.get("tenant").d1, "bench:probe")) ?? null }, 200);
});

export default app;
