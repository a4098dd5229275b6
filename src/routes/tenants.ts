// The tenants (district databases) a user may see.
import { createRoute, z } from "@hono/zod-openapi";
import { allow, currentUser } from "../auth/guard";
import { isProvinceRole } from "../auth/policy";
import { listTenants, registryDb } from "../db/registry";
import { commonErrors, jsonResponse, router } from "../http/openapi";

const TenantSchema = z
  .object({ code: z.string(), name: z.string(), province: z.string(), status: z.enum(["active", "suspended"]) })
  .openapi("Tenant");

const app = router();

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants",
    ...allow("signed-in"),
    tags: ["Đơn vị"],
    summary: "Các huyện (tenant) người dùng được xem",
    responses: { 200: jsonResponse(z.object({ items: z.array(TenantSchema) }), "Danh sách"), 401: commonErrors[401] },
  }),
  async (c) => {
    const user = currentUser(c);
    const rows = await listTenants(registryDb(c.env.REGISTRY), {
      province: user.province,
      code: isProvinceRole(user.role) ? null : user.tenant,
    });
    return c.json(
      { items: rows.map((t) => ({ code: t.code, name: t.name, province: t.province, status: t.status })) },
      200,
    );
  },
);

export default app;
