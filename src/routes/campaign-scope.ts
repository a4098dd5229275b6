// What every route of the procedure resolves before acting: the campaign, the village or household
// it touches (its commune and area), the user's permission there, and the commune decision's lock.
import type { Context } from "hono";
import { authorize, currentUser } from "../auth/guard";
import type { Action } from "../auth/policy";
import { LOCKED_MESSAGE, type ProcedureContext } from "../coordination/commands/assessments";
import { readCampaign, readHouseholdTarget, type StoredCampaign } from "../db/tenant/campaigns";
import { communeDecision } from "../db/tenant/procedure";
import { getUnit, unitPath } from "../db/tenant/units";
import { type Area, vietnamDate } from "../domain";
import type { AppEnv } from "../env";
import { fail } from "../http/errors";

export interface VillageScope {
  villageId: string;
  communeId: string;
  area: Area;
}

export async function campaignOf(c: Context<AppEnv>, id: string): Promise<StoredCampaign> {
  const campaign = await readCampaign(c.get("tenant").d1, id);
  if (!campaign) throw fail.notFound("Không tìm thấy đợt rà soát.");
  return campaign;
}

/** A village of the tenant named in a body field, checked against `action` (400 when it is not a village). */
export async function villageScope(
  c: Context<AppEnv>,
  villageId: string,
  action: Action,
  field = "villageId",
): Promise<VillageScope> {
  const { db } = c.get("tenant");
  const village = await getUnit(db, villageId);
  if (!village || village.level !== "village" || !village.parentId)
    throw fail.validation([{ path: field, message: "Cần chọn một thôn của huyện." }]);
  authorize(c, action, await unitPath(db, villageId));
  const commune = await getUnit(db, village.parentId);
  return { villageId, communeId: village.parentId, area: commune?.area ?? village.area };
}

/**
 * The campaign and the household's village, commune and area, checked against `action` (404 for
 * an unknown campaign or household, or one outside the user's scope; a 400 on `field` instead when
 * the household comes from the body), and, with `lock`, 423 once the commune has decided. One
 * round trip to the database.
 */
export async function householdTarget(
  c: Context<AppEnv>,
  campaignId: string,
  householdId: string,
  action: Action,
  opts: { field?: string; lock?: boolean } = {},
): Promise<{ campaign: StoredCampaign; scope: VillageScope }> {
  const t = await readHouseholdTarget(c.get("tenant").d1, campaignId, householdId);
  if (!t.campaign) throw fail.notFound("Không tìm thấy đợt rà soát.");
  if (!t.place) {
    if (opts.field) throw fail.validation([{ path: opts.field, message: "Không có hộ này trong sổ hộ của huyện." }]);
    throw fail.notFound("Không tìm thấy hộ gia đình.");
  }
  // Villages sit directly under communes, communes at the top of the tenant.
  authorize(c, action, [t.place.communeId, t.place.villageId]);
  if (opts.lock && t.locked) throw lockedError();
  return { campaign: t.campaign, scope: t.place };
}

/** A commune of the tenant, checked against `action`. */
export async function communeScope(
  c: Context<AppEnv>,
  communeId: string,
  action: Action,
  field = "communeId",
): Promise<{ communeId: string; area: Area }> {
  const { db } = c.get("tenant");
  const commune = await getUnit(db, communeId);
  if (!commune || commune.level !== "commune")
    throw fail.validation([{ path: field, message: "Cần chọn một xã của huyện." }]);
  authorize(c, action, await unitPath(db, communeId));
  return { communeId, area: commune.area };
}

/** 423 once the commune's decision has locked its records of the campaign (checked before the write). */
export async function assertNotDecided(c: Context<AppEnv>, campaignId: string, communeId: string): Promise<void> {
  if (await communeDecision(c.get("tenant").d1, campaignId, communeId)) throw lockedError();
}

const lockedError = () => fail.locked(LOCKED_MESSAGE);

export const procedureContext = (
  campaign: StoredCampaign,
  scope: { communeId: string; area: Area },
): ProcedureContext => ({
  campaign: {
    id: campaign.id,
    standard: campaign.standard,
    reviewDate: campaign.reviewDate,
    previousCampaignId: campaign.previousCampaignId,
  },
  communeId: scope.communeId,
  area: scope.area,
});

/**
 * The part of the tenant a list shows: the village or commune asked for (checked), else the
 * user's own unit, else the whole tenant.
 */
export async function listScope(
  c: Context<AppEnv>,
  action: Action,
  filter: { villageId?: string | undefined; communeId?: string | undefined },
): Promise<{ villageIds?: string[]; communeId?: string }> {
  const { db } = c.get("tenant");
  const user = currentUser(c);
  const unitId = filter.villageId ?? filter.communeId ?? user.unitId;
  if (!unitId) {
    authorize(c, action, []);
    return {};
  }
  const path = await unitPath(db, unitId);
  if (!path.length) throw fail.notFound("Không tìm thấy đơn vị.");
  authorize(c, action, path);
  const unit = await getUnit(db, unitId);
  return unit?.level === "village" ? { villageIds: [unitId] } : { communeId: unitId };
}

/** Today in Vietnam: the date the posting window is checked against. */
export const vietnamToday = () => vietnamDate(new Date());
