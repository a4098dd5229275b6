// Falsification signals (DOMAIN.md §6): placeholder until the rules land.
import type { Context } from "hono";
import type { ReportCampaign } from "../db/tenant/reports";
import type { AppEnv } from "../env";
import { router } from "../http/openapi";

export async function openAnomaliesByVillage(_c: Context<AppEnv>, _campaign: ReportCampaign): Promise<Map<string, number>> {
  return new Map();
}

export default router();
