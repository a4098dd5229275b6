// The audit log: who changed what and when, and the check of its hash chains.
import { createRoute, z } from "@hono/zod-openapi";
import { allow, authorize, currentUser } from "../auth/guard";
import { inScope, roleAllows } from "../auth/policy";
import {
  AUDIT_GENESIS,
  type AuditEntry,
  auditKey,
  type ChainBreak,
  isKeyedHash,
  verifyEntries,
} from "../coordination/audit-chain";
import { auditChainPage, auditChains, auditOfEntity } from "../db/tenant/audit";
import { unitPath } from "../db/tenant/units";
import { settings } from "../env";
import { decodeCursor, paginate } from "../http/cursor";
import { fail } from "../http/errors";
import { commonErrors, jsonResponse, PageQuery, page, router, TenantParams } from "../http/openapi";

const tags = ["Nhật ký"];

const AuditEntrySchema = z
  .object({
    id: z.string(),
    chain: z.string(),
    seq: z.number().int(),
    at: z.string(),
    actorId: z.string(),
    actorName: z.string(),
    actorRole: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    action: z.string(),
    reason: z.string().nullable(),
    changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi("AuditEntry");

const ChainReport = z.object({
  chain: z.string(),
  checked: z.number().int(),
  broken: z
    .object({
      seq: z.number().int(),
      id: z.string().nullable(),
      problem: z.enum(["hash_mismatch", "wrong_previous_hash", "missing_entry", "unkeyed_entry"]),
    })
    .nullable(),
  sealed: z.boolean().openapi({
    description:
      "Mắt xích cuối được ký bằng khoá HMAC (false: chuỗi cũ chưa được niêm phong — sealed by a keyed entry)",
  }),
});

/** What the audit view shows instead of an ID number to those who may not read ID numbers. */
export const HIDDEN_ID_NUMBER = "[đã ẩn]";

const isIdNumberField = (field: string) => field === "idNumber" || field.endsWith(".idNumber");

/** A value with every `idNumber` inside it hidden (members are recorded whole when added). */
function hideIdNumbers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hideIdNumbers);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === "idNumber" && v != null ? HIDDEN_ID_NUMBER : hideIdNumbers(v)]),
  );
}

/**
 * An entry as seen by someone who may not read ID numbers (a supervisor): each number is hidden,
 * the fact that it changed is not. Unkeyed (legacy) hashes are left out too: with the rest of the
 * entry they would let anyone try the few million possible numbers offline; keyed ones cannot be
 * recomputed without the key.
 */
function withoutIdNumbers(e: AuditEntry): AuditEntry {
  return {
    ...e,
    changes: e.changes.map((c) =>
      isIdNumberField(c.field)
        ? {
            field: c.field,
            before: c.before == null ? c.before : HIDDEN_ID_NUMBER,
            after: c.after == null ? c.after : HIDDEN_ID_NUMBER,
          }
        : { field: c.field, before: hideIdNumbers(c.before), after: hideIdNumbers(c.after) },
    ),
    prevHash: isKeyedHash(e.prevHash) || e.prevHash === AUDIT_GENESIS ? e.prevHash : "",
    hash: isKeyedHash(e.hash) ? e.hash : "",
  };
}

const app = router();

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/audit",
    ...allow("audit.read"),
    tags,
    summary: "Ai đã thay đổi gì, khi nào (who changed what and when)",
    request: { params: TenantParams, query: PageQuery.extend({ entityId: z.string().min(1).max(64) }) },
    responses: { 200: jsonResponse(page(AuditEntrySchema), "Các thay đổi, cũ trước"), ...commonErrors },
  }),
  async (c) => {
    const { entityId, limit, cursor } = c.req.valid("query");
    const user = currentUser(c);
    authorize(c, "audit.read", user.unitId ? await unitPath(c.get("tenant").db, user.unitId) : []);
    const tenant = c.get("tenant");
    const rows = await auditOfEntity(tenant.d1, entityId, limit + 1, decodeCursor(cursor, 3));
    // Each chain is a village (or the tenant): show only the entries of chains in the user's scope.
    const paths = new Map<string, string[]>();
    for (const chain of new Set(rows.map((r) => r.chain)))
      paths.set(chain, chain === "tenant" ? [] : await unitPath(tenant.db, chain));
    const visible = rows.filter((r) =>
      inScope(user, { province: tenant.province, tenant: tenant.code, unitPath: paths.get(r.chain)! }),
    );
    if (rows.length && !visible.length) throw fail.notFound();
    const result = paginate(visible, limit, (r) => [r.at, r.seq, r.id]);
    if (roleAllows(user.role, "household.read_id_number")) return c.json(result, 200);
    return c.json({ ...result, items: result.items.map(withoutIdNumbers) }, 200);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/audit/verify",
    ...allow("audit.read"),
    tags,
    summary: "Kiểm tra chuỗi băm của nhật ký (verify the hash chains)",
    request: { params: TenantParams, query: z.object({ villageId: z.uuid().optional() }) },
    responses: {
      200: jsonResponse(
        z.object({ ok: z.boolean(), chains: z.array(ChainReport) }),
        "Kết quả: mắt xích hỏng đầu tiên của mỗi chuỗi, nếu có",
      ),
      ...commonErrors,
    },
  }),
  async (c) => {
    const { villageId } = c.req.valid("query");
    const tenant = c.get("tenant");
    authorize(c, "audit.read", villageId ? await unitPath(tenant.db, villageId) : []);
    const chains = villageId ? [villageId] : await auditChains(tenant.d1);
    const key = await auditKey(settings(c.env).auditHmacKey);
    const reports: { chain: string; checked: number; broken: ChainBreak | null; sealed: boolean }[] = [];
    for (const chain of chains) {
      let head = { seq: 0, hash: AUDIT_GENESIS };
      let checked = 0;
      let broken: ChainBreak | null = null;
      for (;;) {
        const entries = await auditChainPage(tenant.d1, chain, head.seq, 1000);
        if (!entries.length) break;
        const r = await verifyEntries(entries, head, key);
        checked += r.broken ? r.head.seq - head.seq : entries.length;
        head = r.head;
        if (r.broken) {
          broken = r.broken;
          break;
        }
      }
      reports.push({ chain, checked, broken, sealed: head.seq === 0 || isKeyedHash(head.hash) });
    }
    return c.json({ ok: reports.every((r) => !r.broken), chains: reports }, 200);
  },
);

export default app;
