// The live view of a village: a WebSocket to its VillageRoom (presence, soft locks, changes).
import { createRoute, z } from "@hono/zod-openapi";
import { allow, authorize } from "../auth/guard";
import { villageRoom } from "../coordination/client";
import { getUnit, unitPath } from "../db/tenant/units";
import { ApiError, fail } from "../http/errors";
import { commonErrors, router, TenantParams } from "../http/openapi";

const app = router();

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/villages/{villageId}/live",
    ...allow("household.read"),
    tags: ["Sổ hộ"],
    summary: "WebSocket: ai đang xem/sửa hộ nào, khoá mềm, thay đổi vừa lưu",
    description:
      'Gửi `{"type":"view","householdId"}`, `{"type":"edit","householdId","ttlSeconds"?}`, `{"type":"release"}`, `{"type":"ping"}`; nhận `welcome`, `presence`, `locks`, `change`.',
    request: {
      params: TenantParams.extend({ villageId: z.uuid().openapi({ param: { name: "villageId", in: "path" } }) }),
    },
    responses: {
      101: { description: "Đã chuyển sang WebSocket" },
      426: { description: "Cần yêu cầu nâng cấp WebSocket" },
      ...commonErrors,
    },
  }),
  async (c) => {
    const { villageId } = c.req.valid("param");
    const tenant = c.get("tenant");
    const unit = await getUnit(tenant.db, villageId);
    if (!unit || unit.level !== "village") throw fail.notFound("Không tìm thấy thôn.");
    const user = authorize(c, "household.read", await unitPath(tenant.db, villageId));
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket")
      throw new ApiError("validation_failed", "Cần kết nối WebSocket (Upgrade: websocket).");
    // A browser sends the cookie with a handshake from any page and always says which page asked
    // (Origin): only our own pages may open the channel with it (cross-site WebSocket hijacking).
    const origin = c.req.header("Origin");
    if (origin ? origin !== new URL(c.req.url).origin : c.get("authVia") === "cookie")
      throw fail.forbidden("Kênh trực tiếp chỉ mở được từ chính ứng dụng.");
    const headers = new Headers(c.req.raw.headers);
    // The room checks the session again before each message it sends, and closes the socket
    // when it has ended (sign-out, expiry, idle time, a password change, a disabled account).
    headers.set(
      "X-Live-User",
      JSON.stringify({ userId: user.id, name: user.displayName, role: user.role, session: c.get("sessionHash") }),
    );
    const upgraded = await villageRoom(c.env, tenant.code, villageId).fetch(new Request(c.req.url, { headers }));
    // A fresh response with the same socket: the room's own has immutable headers, and the
    // middleware after this handler adds some.
    return new Response(null, { status: upgraded.status, webSocket: upgraded.webSocket });
  },
);

export default app;
