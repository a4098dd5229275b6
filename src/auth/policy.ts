// Who may do what, where. One pure function, `can`, answers every authorisation question of the
// API; routes ask it and never test roles themselves. Pure: no I/O, no clock.

export const ROLES = [
  "province_admin",
  "province_viewer",
  "district_admin",
  "district_viewer",
  "commune_officer",
  "enumerator",
  "supervisor",
] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  "tenant.read",
  "unit.read",
  "unit.manage",
  "user.read",
  "user.manage",
  "campaign.read",
  "campaign.manage",
  "household.read",
  "household.write",
  "household.read_id_number",
  "assessment.read",
  "assessment.write",
  "assessment.submit",
  "assessment.review",
  "request.file",
  "meeting.record",
  "posting.record",
  "complaint.file",
  "complaint.resolve",
  "decision.record",
  // Ý kiến của Chủ tịch UBND cấp huyện before a decision signed before 1 July 2025: district staff only.
  "district_opinion.record",
  "report.read",
  "export.create",
  "audit.read",
  "anomaly.read",
  "anomaly.review",
  "province.read",
  "province.user.manage",
] as const;
export type Action = (typeof ACTIONS)[number];

/** The part of a signed-in user that authorisation looks at. */
export interface Principal {
  role: Role;
  province: string;
  /** null for province roles */
  tenant: string | null;
  /** null when the user covers the whole tenant (or province) */
  unitId: string | null;
}

/**
 * What is acted on. `unitPath` lists the unit ids from the top of the tenant down to the unit
 * itself (commune, then village); an empty path is the tenant as a whole. Province-level targets
 * have `tenant: null`.
 */
export interface Target {
  province: string;
  tenant: string | null;
  unitPath: readonly string[];
}

const PROVINCE_READ: Action[] = [
  "tenant.read",
  "unit.read",
  "campaign.read",
  "report.read",
  "export.create",
  "anomaly.read",
  "province.read",
];
const STAFF_READ: Action[] = [
  "tenant.read",
  "unit.read",
  "campaign.read",
  "household.read",
  "assessment.read",
  "report.read",
  "export.create",
  "audit.read",
];

/** The permission table: role → actions. Scope (which units) is checked separately. */
const GRANTS: Record<Role, ReadonlySet<Action>> = {
  // The province department opens the accounts of district administrators, and its own.
  province_admin: new Set([...PROVINCE_READ, "user.read", "user.manage", "province.user.manage"]),
  province_viewer: new Set(PROVINCE_READ),
  // The district steering committee's working group can act for any commune of the district.
  district_admin: new Set(ACTIONS.filter((a) => !a.startsWith("province."))),
  district_viewer: new Set([...STAFF_READ, "user.read", "household.read_id_number", "anomaly.read", "complaint.file"]),
  commune_officer: new Set([
    ...STAFF_READ,
    "household.write",
    "household.read_id_number",
    "assessment.write",
    "assessment.submit",
    "assessment.review",
    "request.file",
    "meeting.record",
    "posting.record",
    "complaint.file",
    "complaint.resolve",
    "decision.record",
  ]),
  enumerator: new Set([
    "tenant.read",
    "unit.read",
    "campaign.read",
    "household.read",
    "household.write",
    "household.read_id_number",
    "assessment.read",
    "assessment.write",
    "assessment.submit",
    "request.file",
    "report.read",
  ]),
  // Fatherland Front (MTTQ) and mass organisations: read their area, follow and file complaints.
  supervisor: new Set([...STAFF_READ, "complaint.file"]),
};

const PROVINCE_ROLES: ReadonlySet<Role> = new Set(["province_admin", "province_viewer"]);

export function isProvinceRole(role: Role): boolean {
  return PROVINCE_ROLES.has(role);
}

/** Whether the role may use the action at all, wherever. Routes answer 403 when it may not. */
export function roleAllows(role: Role, action: Action): boolean {
  return GRANTS[role].has(action);
}

/** Whether the target lies inside the user's scope: their unit and everything under it. */
export function inScope(user: Principal, target: Target): boolean {
  if (target.province !== user.province) return false;
  if (isProvinceRole(user.role)) return true;
  if (target.tenant === null || target.tenant !== user.tenant) return false;
  return user.unitId === null || target.unitPath.includes(user.unitId);
}

export function can(user: Principal, action: Action, target: Target): boolean {
  return roleAllows(user.role, action) && inScope(user, target);
}

/** Whether the user may see the tenant at all (any unit of it). Others get 404 for all its routes. */
export function canEnterTenant(user: Principal, tenant: { province: string; code: string }): boolean {
  if (tenant.province !== user.province) return false;
  return isProvinceRole(user.role) || user.tenant === tenant.code;
}
