// The household register (sổ hộ): create, read, change, move, split, merge, search. Every write
// goes through the VillageRoom of the household's village.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { allow, authorize, currentUser } from "../auth/guard";
import { roleAllows } from "../auth/policy";
import { coordinatedWrite } from "../coordination/client";
import type { NewHousehold } from "../coordination/commands/households";
import type { Command } from "../coordination/protocol";
import {
  householdEvents,
  householdVillage,
  publicHousehold,
  readHousehold,
  type StoredMember,
  searchHouseholds,
} from "../db/tenant/households";
import { getUnit, unitPath } from "../db/tenant/units";
import { CATEGORIES } from "../domain";
import { type AppEnv, settings } from "../env";
import { decodeCursor, paginate } from "../http/cursor";
import { fail } from "../http/errors";
import {
  baseVersion,
  commonErrors,
  conflictError,
  IfMatchHeader,
  jsonBody,
  jsonResponse,
  PageQuery,
  page,
  router,
  TenantParams,
} from "../http/openapi";
import { idNumberHash } from "../lib/id-hash";
import {
  HouseholdCreateSchema,
  HouseholdPatchSchema,
  HouseholdSchema,
  HouseholdSummarySchema,
  type MemberInput,
  MergeSchema,
  SplitSchema,
} from "../schemas/household";

const HouseholdParams = TenantParams.extend({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });
const IdempotencyHeader = IfMatchHeader.extend({
  "idempotency-key": z
    .string()
    .max(200)
    .optional()
    .openapi({ param: { name: "idempotency-key", in: "header" }, description: "Khoá chống gửi lặp" }),
});
const tags = ["Sổ hộ"];

/** The village a household may be written in: a village of this tenant, inside the user's scope. */
async function writableVillage(c: Context<AppEnv>, villageId: string, path: string) {
  // Villages sit directly under communes, communes at the top: a village's path has two units
  // (and unit paths are cached, so a save reads nothing here).
  const units = await unitPath(c.get("tenant").db, villageId);
  if (units.length !== 2) throw fail.validation([{ path, message: "Cần chọn một thôn của huyện." }]);
  authorize(c, "household.write", units);
}

/** Members with ids (made here when the client sent none) and their ID numbers hashed. */
async function storedMembers(c: Context<AppEnv>, members: MemberInput[]): Promise<StoredMember[]> {
  const key = settings(c.env).idHashKey;
  return Promise.all(
    members.map(async (m) => {
      const member: StoredMember = { ...m, id: m.id ?? crypto.randomUUID() };
      if (m.idNumber) member.idHash = await idNumberHash(key, m.idNumber);
      return member;
    }),
  );
}

/** The household's village, read before handing the write to that village's room. */
async function villageOf(c: Context<AppEnv>, id: string, action: "household.read" | "household.write", fresh = false) {
  const villageId = await householdVillage(c.get("tenant").d1, id, fresh);
  if (!villageId) throw fail.notFound("Không tìm thấy hộ gia đình.");
  authorize(c, action, await unitPath(c.get("tenant").db, villageId));
  return villageId;
}

/**
 * A write to an existing household, through the room of its village. If the household moved
 * since this isolate last looked, that room answers 404 and the write goes once more to the room
 * of the village it is in now.
 */
async function writeExisting(c: Context<AppEnv>, id: string, command: Command, input: unknown) {
  const villageId = await villageOf(c, id, "household.write");
  const first = await coordinatedWrite(c, villageId, command, input);
  if (first.status !== 404) return first;
  const now = await villageOf(c, id, "household.write", true);
  return now === villageId ? first : coordinatedWrite(c, now, command, input);
}

const showIdNumbers = (c: Context<AppEnv>) => roleAllows(currentUser(c).role, "household.read_id_number");

const app = router();

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/households",
    ...allow("household.write"),
    tags,
    summary: "Thêm hộ vào sổ (create a household)",
    request: { params: TenantParams, headers: IdempotencyHeader, body: jsonBody(HouseholdCreateSchema) },
    responses: { 201: jsonResponse(HouseholdSchema, "Đã thêm"), ...commonErrors, ...conflictError },
  }),
  async (c) => {
    const input = c.req.valid("json");
    await writableVillage(c, input.villageId, "villageId");
    const household: NewHousehold = {
      id: input.id ?? crypto.randomUUID(),
      address: input.address ?? "",
      headName: input.headName,
      members: await storedMembers(c, input.members),
      facts: input.facts ?? {},
    };
    return coordinatedWrite(
      c,
      input.villageId,
      { kind: "household.create", showIdNumbers: showIdNumbers(c), household },
      input,
    );
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/households/{id}",
    ...allow("household.read"),
    tags,
    summary: "Một hộ với các thành viên (one household)",
    request: { params: HouseholdParams },
    responses: { 200: jsonResponse(HouseholdSchema, "Hộ gia đình; ETag là phiên bản"), ...commonErrors },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const h = await readHousehold(c.get("tenant").d1, id);
    if (!h) throw fail.notFound("Không tìm thấy hộ gia đình.");
    authorize(c, "household.read", await unitPath(c.get("tenant").db, h.villageId));
    c.header("ETag", `"${h.version}"`);
    return c.json(publicHousehold(h, showIdNumbers(c)), 200);
  },
);

app.openapi(
  createRoute({
    method: "patch",
    path: "/api/v1/tenants/{tenant}/households/{id}",
    ...allow("household.write"),
    tags,
    summary: "Sửa hộ hoặc chuyển thôn, có kiểm tra phiên bản (change or move, version-checked)",
    request: { params: HouseholdParams, headers: IdempotencyHeader, body: jsonBody(HouseholdPatchSchema) },
    responses: { 200: jsonResponse(HouseholdSchema, "Đã lưu"), ...commonErrors, ...conflictError },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const version = baseVersion(c.req.valid("header")["if-match"], input.version);
    if (input.villageId) await writableVillage(c, input.villageId, "villageId");
    const { version: _v, reason, members, ...rest } = input;
    const changes = { ...rest, ...(members ? { members: await storedMembers(c, members) } : {}) };
    const res = await writeExisting(
      c,
      id,
      {
        kind: "household.update",
        showIdNumbers: showIdNumbers(c),
        id,
        baseVersion: version,
        reason: reason ?? null,
        changes,
      },
      { id, ...input, version },
    );
    if (res.status === 200 && input.villageId) await householdVillage(c.get("tenant").d1, id, true);
    return res;
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/households/{id}/split",
    ...allow("household.write"),
    tags,
    summary: "Tách hộ: một số thành viên sang hộ mới cùng thôn (split)",
    request: { params: HouseholdParams, headers: IdempotencyHeader, body: jsonBody(SplitSchema) },
    responses: {
      201: jsonResponse(z.object({ source: HouseholdSchema, created: HouseholdSchema }), "Đã tách"),
      ...commonErrors,
      ...conflictError,
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const version = baseVersion(c.req.valid("header")["if-match"], input.version);
    const newHousehold = {
      id: input.newHousehold.id ?? crypto.randomUUID(),
      headName: input.newHousehold.headName,
      address: input.newHousehold.address ?? null,
    };
    return writeExisting(
      c,
      id,
      {
        kind: "household.split",
        showIdNumbers: showIdNumbers(c),
        id,
        baseVersion: version,
        reason: input.reason ?? null,
        memberIds: input.memberIds,
        newHousehold,
      },
      { id, ...input, version },
    );
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/households/{id}/merge",
    ...allow("household.write"),
    tags,
    summary: "Nhập hộ vào hộ khác cùng thôn (merge)",
    request: { params: HouseholdParams, headers: IdempotencyHeader, body: jsonBody(MergeSchema) },
    responses: {
      200: jsonResponse(z.object({ merged: HouseholdSchema, into: HouseholdSchema }), "Đã nhập"),
      ...commonErrors,
      ...conflictError,
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const version = baseVersion(c.req.valid("header")["if-match"], input.version);
    return writeExisting(
      c,
      id,
      {
        kind: "household.merge",
        showIdNumbers: showIdNumbers(c),
        id,
        baseVersion: version,
        reason: input.reason ?? null,
        intoId: input.intoId,
        intoVersion: input.intoVersion,
      },
      { id, ...input, version },
    );
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/households/{id}/history",
    ...allow("household.read"),
    tags,
    summary: "Lịch sử chuyển thôn, tách, nhập hộ (moves, splits, merges)",
    request: { params: HouseholdParams },
    responses: {
      200: jsonResponse(
        z.object({
          items: z.array(
            z.object({
              id: z.string(),
              kind: z.string(),
              householdId: z.string(),
              otherHouseholdId: z.string().nullable(),
              fromVillageId: z.string().nullable(),
              toVillageId: z.string().nullable(),
              memberIds: z.array(z.string()),
              at: z.string(),
              actorId: z.string(),
            }),
          ),
        }),
        "Sự kiện",
      ),
      ...commonErrors,
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    await villageOf(c, id, "household.read");
    return c.json({ items: await householdEvents(c.get("tenant").d1, id) }, 200);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/households",
    ...allow("household.read"),
    tags,
    summary: "Tìm hộ theo tên (không phân biệt dấu), thôn, phân loại (search the register)",
    request: {
      params: TenantParams,
      query: PageQuery.extend({
        villageId: z.uuid().optional(),
        q: z
          .string()
          .max(100)
          .optional()
          .openapi({ description: "Tên chủ hộ, thành viên hoặc địa chỉ; không cần dấu" }),
        category: z.enum(CATEGORIES).optional(),
        includeMerged: z.enum(["true", "false"]).optional(),
      }),
    },
    responses: { 200: jsonResponse(page(HouseholdSummarySchema), "Các hộ"), ...commonErrors },
  }),
  async (c) => {
    const user = currentUser(c);
    const query = c.req.valid("query");
    const { db, d1 } = c.get("tenant");
    let villageIds: string[] | undefined;
    let communeId: string | undefined;
    if (query.villageId) {
      authorize(c, "household.read", await unitPath(db, query.villageId));
      villageIds = [query.villageId];
    } else if (user.unitId) {
      authorize(c, "household.read", await unitPath(db, user.unitId));
      const unit = await getUnit(db, user.unitId);
      if (unit?.level === "village") villageIds = [unit.id];
      else communeId = user.unitId;
    } else authorize(c, "household.read", []);
    const rows = await searchHouseholds(d1, {
      villageIds,
      communeId,
      q: query.q,
      category: query.category,
      includeMerged: query.includeMerged === "true",
      after: decodeCursor(query.cursor, 3),
      limit: query.limit + 1,
    });
    const result = paginate(rows, query.limit, (r) => [r.village_id, r.head_name, r.id]);
    return c.json(
      {
        items: result.items.map((r) => ({
          id: r.id,
          villageId: r.village_id,
          address: r.address,
          headName: r.head_name,
          memberCount: r.member_count,
          category: r.category,
          status: r.status,
          version: r.version,
          updatedAt: r.updated_at,
        })),
        nextCursor: result.nextCursor,
      },
      200,
    );
  },
);

export default app;
