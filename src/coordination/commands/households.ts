// Register writes as VillageRoom commands: create, update (including a move to another village),
// split and merge. Each reads the household(s) through the room, checks versions, and plans the
// batch: the record, its audit entries, the village counters and what to tell watchers.
import type { CounterDelta } from "../../db/tenant/counters";
import {
  existingHouseholdIds,
  guardHousehold,
  insertHouseholdEvent,
  insertHouseholdStatements,
  insertHouseholdsBulk,
  publicHousehold,
  replaceHouseholdStatements,
  type StoredHousehold,
  type StoredMember,
} from "../../db/tenant/households";
import { type ApiError, errorBody, fail } from "../../http/errors";
import { diff } from "../audit-chain";
import type { Outcome, WriteRequest } from "../protocol";
import type { Plan, Planned, Room } from "../room";
import { type FollowUp, followHousehold } from "./assessments";

export const REGISTER_SCOPE = "register";

const NO_FOLLOW_UP: FollowUp = { guards: [], statements: [], audit: [], counters: [], live: [] };

/** A new household as the route prepared it: ids assigned, ID numbers hashed. */
export interface NewHousehold {
  id: string;
  address: string;
  headName: string;
  members: StoredMember[];
  facts: StoredHousehold["facts"];
}

export type HouseholdCommand =
  | { kind: "household.create"; showIdNumbers: boolean; household: NewHousehold }
  | {
      kind: "household.update";
      showIdNumbers: boolean;
      id: string;
      baseVersion: number;
      reason: string | null;
      changes: Partial<Pick<StoredHousehold, "villageId" | "address" | "headName" | "members" | "facts">>;
    }
  | {
      kind: "household.split";
      showIdNumbers: boolean;
      id: string;
      baseVersion: number;
      reason: string | null;
      memberIds: string[];
      newHousehold: { id: string; headName: string; address: string | null };
    }
  | {
      kind: "household.merge";
      showIdNumbers: boolean;
      id: string;
      baseVersion: number;
      reason: string | null;
      intoId: string;
      intoVersion: number;
    }
  | { kind: "household.import"; importId: string; households: NewHousehold[] };

/** A household as it enters the register (created, split off or imported) in this room's village. */
const fresh = (room: Room, h: NewHousehold): StoredHousehold => ({
  ...h,
  villageId: room.villageId,
  category: null,
  status: "active",
  mergedInto: null,
  version: 1,
  createdAt: room.now,
  updatedAt: room.now,
});

const refuse = (err: ApiError): { refuse: Outcome } => ({ refuse: { status: err.status, body: errorBody(err) } });

const registerCounts = (villageId: string, households: number, persons: number): CounterDelta[] => [
  { scope: REGISTER_SCOPE, unitId: villageId, key: "households", delta: households },
  { scope: REGISTER_SCOPE, unitId: villageId, key: "persons", delta: persons },
];

/** Fields recorded by the audit (the ID hash is derived, never shown). */
const auditView = (h: StoredHousehold) => ({
  villageId: h.villageId,
  address: h.address,
  headName: h.headName,
  members: h.members.map(({ idHash: _h, ...m }) => m),
  facts: h.facts,
  status: h.status,
  mergedInto: h.mergedInto,
});

const change = (req: WriteRequest, h: StoredHousehold, action: string) => ({
  type: "change" as const,
  entity: "household",
  id: h.id,
  version: h.version,
  action,
  by: { id: req.actor.id, name: req.actor.displayName },
  at: h.updatedAt,
});

async function current(
  room: Room,
  id: string,
  baseVersion: number,
  show: boolean,
): Promise<StoredHousehold | { refuse: Outcome }> {
  const h = await room.household(id);
  if (!h || h.villageId !== room.villageId) return refuse(fail.notFound("Không tìm thấy hộ gia đình."));
  if (h.version !== baseVersion)
    return refuse(
      fail.conflict("Hộ gia đình đã được người khác sửa; hãy xem bản hiện tại.", { current: publicHousehold(h, show) }),
    );
  if (h.status !== "active")
    return refuse(
      fail.conflict("Hộ đã được nhập vào hộ khác; không sửa được nữa.", { current: publicHousehold(h, show) }),
    );
  return h;
}

export async function planHousehold(room: Room, req: WriteRequest & { command: HouseholdCommand }): Promise<Planned> {
  const cmd = req.command;
  const { d1, now } = room;
  switch (cmd.kind) {
    case "household.create": {
      if (await room.household(cmd.household.id)) return refuse(fail.conflict("Mã hộ (id) đã tồn tại."));
      const h = fresh(room, cmd.household);
      return {
        guards: [],
        statements: insertHouseholdStatements(d1, h),
        audit: [{ entityType: "household", entityId: h.id, action: "create", changes: diff({}, auditView(h)) }],
        counters: registerCounts(h.villageId, 1, h.members.length),
        response: { status: 201, body: publicHousehold(h, cmd.showIdNumbers) },
        remember: [h],
        live: [change(req, h, "create")],
      };
    }

    case "household.update": {
      const before = await current(room, cmd.id, cmd.baseVersion, cmd.showIdNumbers);
      if ("refuse" in before) return before;
      const after: StoredHousehold = { ...before, ...cmd.changes, version: before.version + 1, updatedAt: now };
      const changes = diff(auditView(before), auditView(after));
      const moved = after.villageId !== before.villageId;
      const membersChanged = cmd.changes.members !== undefined;
      const counters = moved
        ? [
            ...registerCounts(before.villageId, -1, -before.members.length),
            ...registerCounts(after.villageId, 1, after.members.length),
          ]
        : registerCounts(after.villageId, 0, after.members.length - before.members.length);
      // A move takes the household's open assessments along (campaign lists, meetings, postings).
      const follow = moved
        ? await followHousehold(room, req, after.id, { kind: "move", toVillageId: after.villageId })
        : NO_FOLLOW_UP;
      const plan: Plan = {
        guards: [guardHousehold(d1, before.id, room.villageId, before.version), ...follow.guards],
        statements: [
          ...replaceHouseholdStatements(d1, after, membersChanged),
          ...(moved
            ? [
                insertHouseholdEvent(d1, {
                  kind: "move",
                  householdId: after.id,
                  fromVillageId: before.villageId,
                  toVillageId: after.villageId,
                  at: now,
                  actorId: req.actor.id,
                }),
              ]
            : []),
          ...follow.statements,
        ],
        audit: [
          {
            entityType: "household",
            entityId: after.id,
            action: moved ? "move" : "update",
            reason: cmd.reason,
            changes,
          },
          ...follow.audit,
        ],
        counters: [...counters, ...follow.counters],
        response: { status: 200, body: publicHousehold(after, cmd.showIdNumbers) },
        live: [change(req, after, moved ? "move" : "update"), ...follow.live],
      };
      if (moved) plan.forget = [after.id];
      else plan.remember = [after];
      return plan;
    }

    case "household.split": {
      const source = await current(room, cmd.id, cmd.baseVersion, cmd.showIdNumbers);
      if ("refuse" in source) return source;
      const ids = new Set(cmd.memberIds);
      const unknown = cmd.memberIds.filter((id) => !source.members.some((m) => m.id === id));
      if (unknown.length)
        return refuse(
          fail.validation(
            unknown.map((id) => ({
              path: `memberIds.${cmd.memberIds.indexOf(id)}`,
              message: "Người này không thuộc hộ.",
            })),
          ),
        );
      if (ids.size >= source.members.length)
        return refuse(fail.validation([{ path: "memberIds", message: "Phải còn ít nhất một người ở lại hộ cũ." }]));
      if (await room.household(cmd.newHousehold.id)) return refuse(fail.conflict("Mã hộ mới (id) đã tồn tại."));
      const moving = source.members.filter((m) => ids.has(m.id));
      const remaining: StoredHousehold = {
        ...source,
        members: source.members.filter((m) => !ids.has(m.id)),
        version: source.version + 1,
        updatedAt: now,
      };
      const created = fresh(room, {
        id: cmd.newHousehold.id,
        address: cmd.newHousehold.address ?? source.address,
        headName: cmd.newHousehold.headName,
        members: moving,
        facts: {},
      });
      return {
        guards: [guardHousehold(d1, source.id, room.villageId, source.version)],
        statements: [
          ...replaceHouseholdStatements(d1, remaining, true),
          ...insertHouseholdStatements(d1, created),
          insertHouseholdEvent(d1, {
            kind: "split",
            householdId: source.id,
            otherHouseholdId: created.id,
            memberIds: [...ids],
            at: now,
            actorId: req.actor.id,
          }),
        ],
        audit: [
          {
            entityType: "household",
            entityId: source.id,
            action: "split",
            reason: cmd.reason,
            changes: diff(auditView(source), auditView(remaining)),
          },
          {
            entityType: "household",
            entityId: created.id,
            action: "create_by_split",
            reason: cmd.reason,
            changes: [{ field: "splitFrom", before: null, after: source.id }, ...diff({}, auditView(created))],
          },
        ],
        counters: registerCounts(room.villageId, 1, 0),
        response: {
          status: 201,
          body: {
            source: publicHousehold(remaining, cmd.showIdNumbers),
            created: publicHousehold(created, cmd.showIdNumbers),
          },
        },
        remember: [remaining, created],
        live: [change(req, remaining, "split"), change(req, created, "create")],
      };
    }

    case "household.import": {
      // Households already in the register (the same file imported again) are left as they are.
      const existing = await existingHouseholdIds(
        d1,
        cmd.households.map((h) => h.id),
      );
      const added = cmd.households.filter((h) => !existing.has(h.id)).map((h) => fresh(room, h));
      const persons = added.reduce((n, h) => n + h.members.length, 0);
      return {
        guards: [],
        statements: insertHouseholdsBulk(d1, added),
        audit: added.map((h) => ({
          entityType: "household",
          entityId: h.id,
          action: "import",
          reason: `Nhập từ tệp (import ${cmd.importId})`,
          changes: diff({}, auditView(h)),
        })),
        counters: registerCounts(room.villageId, added.length, persons),
        response: { status: 200, body: { created: added.length, skipped: cmd.households.length - added.length } },
        live: added.length
          ? [
              {
                type: "change",
                entity: "import",
                id: cmd.importId,
                version: null,
                action: "import",
                by: { id: req.actor.id, name: req.actor.displayName },
                at: now,
              },
            ]
          : [],
      };
    }

    case "household.merge": {
      if (cmd.intoId === cmd.id)
        return refuse(fail.validation([{ path: "intoId", message: "Không nhập một hộ vào chính nó." }]));
      const source = await current(room, cmd.id, cmd.baseVersion, cmd.showIdNumbers);
      if ("refuse" in source) return source;
      const into = await room.household(cmd.intoId);
      if (!into || into.villageId !== room.villageId)
        return refuse(
          fail.validation([{ path: "intoId", message: "Hộ nhận phải ở cùng thôn (chuyển thôn trước nếu cần)." }]),
        );
      if (into.version !== cmd.intoVersion || into.status !== "active")
        return refuse(
          fail.conflict("Hộ nhận đã được người khác sửa; hãy xem bản hiện tại.", {
            current: publicHousehold(into, cmd.showIdNumbers),
          }),
        );
      const merged: StoredHousehold = {
        ...source,
        members: [],
        status: "merged",
        mergedInto: into.id,
        version: source.version + 1,
        updatedAt: now,
      };
      const grown: StoredHousehold = {
        ...into,
        members: [...into.members, ...source.members],
        version: into.version + 1,
        updatedAt: now,
      };
      // The merged household's own review ends (unless already posted): it would otherwise block the commune's decision.
      const follow = await followHousehold(room, req, source.id, { kind: "merge", intoHeadName: into.headName });
      return {
        guards: [
          guardHousehold(d1, source.id, room.villageId, source.version),
          guardHousehold(d1, into.id, room.villageId, into.version),
          ...follow.guards,
        ],
        statements: [
          ...replaceHouseholdStatements(d1, merged, true),
          ...replaceHouseholdStatements(d1, grown, true),
          insertHouseholdEvent(d1, {
            kind: "merge",
            householdId: source.id,
            otherHouseholdId: into.id,
            memberIds: source.members.map((m) => m.id),
            at: now,
            actorId: req.actor.id,
          }),
          ...follow.statements,
        ],
        audit: [
          {
            entityType: "household",
            entityId: source.id,
            action: "merge",
            reason: cmd.reason,
            changes: diff(auditView(source), auditView(merged)),
          },
          {
            entityType: "household",
            entityId: into.id,
            action: "merge_into",
            reason: cmd.reason,
            changes: diff(auditView(into), auditView(grown)),
          },
          ...follow.audit,
        ],
        counters: [...registerCounts(room.villageId, -1, 0), ...follow.counters],
        response: {
          status: 200,
          body: { merged: publicHousehold(merged, cmd.showIdNumbers), into: publicHousehold(grown, cmd.showIdNumbers) },
        },
        remember: [merged, grown],
        live: [change(req, merged, "merge"), change(req, grown, "update"), ...follow.live],
      };
    }
  }
}
