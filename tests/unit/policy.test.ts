// The permission table, written out independently of src/auth/policy.ts, checked for every role,
// every action, and four places: the user's own unit, a unit under it, a sibling unit, and
// another tenant (another province for province roles).
import { describe, expect, it } from "vitest";
import {
  ACTIONS,
  type Action,
  can,
  canEnterTenant,
  type Principal,
  ROLES,
  type Role,
  type Target,
} from "../../src/auth/policy";

const TABLE = `
action                    PA PV DA DV CO EN SU
tenant.read               x  x  x  x  x  x  x
unit.read                 x  x  x  x  x  x  x
unit.manage               .  .  x  .  .  .  .
user.read                 x  .  x  x  .  .  .
user.manage               x  .  x  .  .  .  .
campaign.read             x  x  x  x  x  x  x
campaign.manage           .  .  x  .  .  .  .
household.read            .  .  x  x  x  x  x
household.write           .  .  x  .  x  x  .
household.read_id_number  .  .  x  x  x  x  .
assessment.read           .  .  x  x  x  x  x
assessment.write          .  .  x  .  x  x  .
assessment.submit         .  .  x  .  x  x  .
assessment.review         .  .  x  .  x  .  .
request.file              .  .  x  .  x  x  .
meeting.record            .  .  x  .  x  .  .
posting.record            .  .  x  .  x  .  .
complaint.file            .  .  x  x  x  .  x
complaint.resolve         .  .  x  .  x  .  .
decision.record           .  .  x  .  x  .  .
district_opinion.record   .  .  x  .  .  .  .
report.read               x  x  x  x  x  x  x
export.create             x  x  x  x  x  .  x
audit.read                .  .  x  x  x  .  x
anomaly.read              x  x  x  x  .  .  .
anomaly.review            .  .  x  .  .  .  .
province.read             x  x  .  .  .  .  .
province.user.manage      x  .  .  .  .  .  .
`;

const COLUMN: Record<string, Role> = {
  PA: "province_admin",
  PV: "province_viewer",
  DA: "district_admin",
  DV: "district_viewer",
  CO: "commune_officer",
  EN: "enumerator",
  SU: "supervisor",
};

const [header, ...lines] = TABLE.trim()
  .split("\n")
  .map((l) => l.trim().split(/\s+/));
const roleOrder = header!.slice(1).map((c) => COLUMN[c]!);
const granted = new Map<Action, Set<Role>>(
  lines.map(([action, ...marks]) => [action as Action, new Set(roleOrder.filter((_, i) => marks[i] === "x"))]),
);

const P = "bac-giang";
const province = (tenant: string | null, ...unitPath: string[]): Target => ({ province: P, tenant, unitPath });

/** Where each role's user sits, and the four places it acts on. */
function places(role: Role): {
  user: Principal;
  own: Target;
  child: Target | null;
  sibling: Target;
  otherTenant: Target;
} {
  switch (role) {
    case "province_admin":
    case "province_viewer":
      return {
        user: { role, province: P, tenant: null, unitId: null },
        own: province(null),
        child: province("luc-ngan", "commune-a"),
        sibling: { province: "thai-nguyen", tenant: null, unitPath: [] },
        otherTenant: { province: "thai-nguyen", tenant: "dai-tu", unitPath: [] },
      };
    case "district_admin":
    case "district_viewer":
      return {
        user: { role, province: P, tenant: "luc-ngan", unitId: null },
        own: province("luc-ngan"),
        child: province("luc-ngan", "commune-a", "village-a1"),
        sibling: province("son-dong"),
        otherTenant: { province: "thai-nguyen", tenant: "dai-tu", unitPath: [] },
      };
    case "commune_officer":
    case "supervisor":
      return {
        user: { role, province: P, tenant: "luc-ngan", unitId: "commune-a" },
        own: province("luc-ngan", "commune-a"),
        child: province("luc-ngan", "commune-a", "village-a1"),
        sibling: province("luc-ngan", "commune-b"),
        otherTenant: province("son-dong", "commune-a"),
      };
    case "enumerator":
      return {
        user: { role, province: P, tenant: "luc-ngan", unitId: "village-a1" },
        own: province("luc-ngan", "commune-a", "village-a1"),
        child: null,
        sibling: province("luc-ngan", "commune-a", "village-a2"),
        otherTenant: province("son-dong", "commune-c", "village-a1-elsewhere"),
      };
  }
}

describe("policy table", () => {
  it("lists every action exactly once", () => {
    expect([...granted.keys()].sort()).toEqual([...ACTIONS].sort());
  });

  for (const role of ROLES) {
    const where = places(role);
    for (const action of ACTIONS) {
      const allowed = granted.get(action)!.has(role);
      it(`${role} ${allowed ? "may" : "may not"} ${action} in own and child units, never in sibling or other tenant`, () => {
        expect(can(where.user, action, where.own)).toBe(allowed);
        if (where.child) expect(can(where.user, action, where.child)).toBe(allowed);
        expect(can(where.user, action, where.sibling)).toBe(false);
        expect(can(where.user, action, where.otherTenant)).toBe(false);
      });
    }
  }

  it("lets a user into their own tenant and a province user into its tenants only", () => {
    expect(
      canEnterTenant(
        { role: "enumerator", province: P, tenant: "luc-ngan", unitId: "v" },
        { province: P, code: "luc-ngan" },
      ),
    ).toBe(true);
    expect(
      canEnterTenant(
        { role: "enumerator", province: P, tenant: "luc-ngan", unitId: "v" },
        { province: P, code: "son-dong" },
      ),
    ).toBe(false);
    expect(
      canEnterTenant(
        { role: "province_viewer", province: P, tenant: null, unitId: null },
        { province: P, code: "son-dong" },
      ),
    ).toBe(true);
    expect(
      canEnterTenant(
        { role: "province_viewer", province: P, tenant: null, unitId: null },
        { province: "thai-nguyen", code: "dai-tu" },
      ),
    ).toBe(false);
  });
});
