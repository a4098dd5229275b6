// The province roll-up (API.md: `GET /api/v1/province/summary`): each tenant's per-village summary
// counters, read in parallel (one small D1 batch per tenant, never a household), summed into the
// official-results numbers per tenant and for the province; and the nightly check for people
// registered in two tenants, by the hashes of their ID numbers only.

import { activeTenantsOf, replaceCrossTenantPeople, saveSnapshot } from "../db/registry/province";
import { defaultStandard, ratePercent, vietnamDate } from "../domain";
import { tenantDatabase } from "../tenancy/middleware";
import type { SheetRow, SheetSpec } from "./layout";

export interface ResultCounts {
  households: number;
  persons: number;
  poor: number;
  nearPoor: number;
  averageLiving: number;
  poorRate: number;
  nearPoorRate: number;
  averageLivingRate: number;
}

export interface TenantSummary extends ResultCounts {
  code: string;
  name: string;
  /** The campaign of the year whose counters were read (null: none yet). */
  campaignId: string | null;
  asOf: string;
}

export interface ProvinceSummary {
  province: string;
  year: number;
  standard: string | null;
  decidedOnly: boolean;
  takenAt: string;
  totals: ResultCounts;
  tenants: TenantSummary[];
}

function withRates(c: Omit<ResultCounts, "poorRate" | "nearPoorRate" | "averageLivingRate">): ResultCounts {
  return {
    ...c,
    poorRate: ratePercent(c.poor, c.households),
    nearPoorRate: ratePercent(c.nearPoor, c.households),
    averageLivingRate: ratePercent(c.averageLiving, c.households),
  };
}

/**
 * The campaign of a year: the periodic review or census before rolling ones, the latest made.
 * Its counters `category:<c>` count each listed household's latest result whatever its state
 * (`decided:<c>` only decided ones), the same households the tenant's results report counts.
 */
const CAMPAIGN_OF_YEAR =
  "SELECT id FROM campaigns WHERE year = ?1 ORDER BY kind = 'rolling', created_at DESC, id LIMIT 1";

async function tenantCounts(d1: D1Database, year: number, decidedOnly: boolean) {
  const prefix = decidedOnly ? "decided:" : "category:";
  const [campaign, counters] = await d1.batch([
    d1.prepare(CAMPAIGN_OF_YEAR).bind(year),
    d1
      .prepare(
        `SELECT key, sum(value) AS value FROM summary_counters
         WHERE (scope = 'register' AND key IN ('households', 'persons')) OR (scope = (${CAMPAIGN_OF_YEAR}) AND key IN (?2, ?3, ?4))
         GROUP BY scope, key`,
      )
      .bind(year, `${prefix}poor`, `${prefix}near_poor`, `${prefix}average_living`),
  ]);
  const v = new Map((counters!.results as { key: string; value: number }[]).map((r) => [r.key, r.value]));
  return {
    campaignId: ((campaign!.results[0] as { id: string } | undefined)?.id ?? null) as string | null,
    counts: withRates({
      households: v.get("households") ?? 0,
      persons: v.get("persons") ?? 0,
      poor: v.get(`${prefix}poor`) ?? 0,
      nearPoor: v.get(`${prefix}near_poor`) ?? 0,
      averageLiving: v.get(`${prefix}average_living`) ?? 0,
    }),
  };
}

export async function provinceSummary(
  env: Env,
  province: string,
  year: number,
  decidedOnly = false,
): Promise<ProvinceSummary> {
  const tenants = await activeTenantsOf(env.REGISTRY, province);
  const rows = await Promise.all(
    tenants.map(async (t): Promise<TenantSummary> => {
      const d1 = tenantDatabase(env, t.binding);
      if (!d1) throw new Error(`Tenant ${t.code} has no database binding ${t.binding}`);
      const { campaignId, counts } = await tenantCounts(d1, year, decidedOnly);
      return { code: t.code, name: t.name, campaignId, ...counts, asOf: new Date().toISOString() };
    }),
  );
  const sum = (k: "households" | "persons" | "poor" | "nearPoor" | "averageLiving") =>
    rows.reduce((s, r) => s + r[k], 0);
  return {
    province,
    year,
    // The year's campaign is its periodic review or census first: the pack of the list it makes.
    standard: defaultStandard(year, "periodic")?.code ?? null,
    decidedOnly,
    takenAt: new Date().toISOString(),
    totals: withRates({
      households: sum("households"),
      persons: sum("persons"),
      poor: sum("poor"),
      nearPoor: sum("nearPoor"),
      averageLiving: sum("averageLiving"),
    }),
    tenants: rows,
  };
}

/** Computes the roll-up and keeps it as the day's snapshot in the registry. */
export async function refreshSnapshot(env: Env, province: string, year: number): Promise<ProvinceSummary> {
  const summary = await provinceSummary(env, province, year);
  await saveSnapshot(env.REGISTRY, {
    province,
    year,
    takenOn: vietnamDate(new Date(summary.takenAt)),
    takenAt: summary.takenAt,
    data: summary,
  });
  return summary;
}

// ---- the province's results form, one row per tenant ---------------------------------------

const PROVINCE_COLUMNS = [
  { key: "households", label: "Tổng số hộ dân cư", kind: "count" },
  { key: "persons", label: "Tổng số nhân khẩu", kind: "count" },
  { key: "poor", label: "Số hộ nghèo", kind: "count", group: "Hộ nghèo" },
  { key: "poorRate", label: "Tỷ lệ hộ nghèo (%)", kind: "rate", group: "Hộ nghèo" },
  { key: "nearPoor", label: "Số hộ cận nghèo", kind: "count", group: "Hộ cận nghèo" },
  { key: "nearPoorRate", label: "Tỷ lệ hộ cận nghèo (%)", kind: "rate", group: "Hộ cận nghèo" },
  { key: "averageLiving", label: "Số hộ có mức sống trung bình", kind: "count", group: "Hộ có mức sống trung bình" },
  {
    key: "averageLivingRate",
    label: "Tỷ lệ hộ có mức sống trung bình (%)",
    kind: "rate",
    group: "Hộ có mức sống trung bình",
  },
] as const;

export function provinceSheet(s: ProvinceSummary): { spec: SheetSpec; rows: SheetRow[] } {
  const title = `Kết quả rà soát hộ nghèo, hộ cận nghèo năm ${s.year}`;
  const spec: SheetSpec = {
    title: title.toUpperCase(),
    lines: [
      `Tỉnh: ${s.province}`,
      `Số liệu tổng hợp lúc ${new Date(Date.parse(s.takenAt) + 7 * 3600_000).toISOString().slice(11, 16)} ngày ${vietnamDate(new Date(s.takenAt)).split("-").reverse().join("/")}`,
      s.decidedOnly
        ? "Chỉ tính kết quả đã có quyết định công nhận của xã."
        : "Tính theo kết quả mới nhất của từng hộ trong danh sách rà soát, ở mọi bước của quy trình.",
    ],
    sheetName: title.slice(0, 31),
    columns: [
      { label: "STT", kind: "text", width: 6 },
      { label: "Huyện", kind: "text", width: 28 },
      ...PROVINCE_COLUMNS.map((c) => ({
        label: c.label,
        kind: c.kind,
        width: 14,
        ...("group" in c ? { group: c.group } : {}),
      })),
    ],
  };
  const line = (first: string | number, name: string, v: ResultCounts): SheetRow["cells"] => [
    first,
    name,
    ...PROVINCE_COLUMNS.map((c) => v[c.key]),
  ];
  return {
    spec,
    rows: [
      ...s.tenants.map((t, i) => ({ cells: line(i + 1, t.name, t) })),
      { cells: line("", "Tổng cộng", s.totals), emphasis: true },
    ],
  };
}

// ---- people registered in two tenants --------------------------------------------------------

const HASH_PAGE = 5000;

/**
 * Finds the ID hashes present in the registers of two or more of the province's tenants: a merge
 * of each tenant's hashes in sorted order, read page by page by key, so that memory holds one page
 * per tenant whatever the size of the registers. Only hashes cross between tenants.
 */
export async function crossTenantDuplicates(
  env: Env,
  province: string,
  now = new Date(),
): Promise<{ idHash: string; tenants: string[] }[]> {
  const tenants = await activeTenantsOf(env.REGISTRY, province);
  const streams = tenants.flatMap((t) => {
    const d1 = tenantDatabase(env, t.binding);
    return d1 ? [{ code: t.code, d1, page: [] as string[], at: 0, after: "", done: false }] : [];
  });
  const refill = async (s: (typeof streams)[number]) => {
    const { results } = await s.d1
      .prepare(
        "SELECT DISTINCT id_hash FROM members WHERE id_hash IS NOT NULL AND id_hash > ? ORDER BY id_hash LIMIT ?",
      )
      .bind(s.after, HASH_PAGE)
      .all<{ id_hash: string }>();
    s.page = results.map((r) => r.id_hash);
    s.at = 0;
    if (s.page.length) s.after = s.page[s.page.length - 1]!;
    if (s.page.length < HASH_PAGE) s.done = true;
  };
  const found: { idHash: string; tenants: string[] }[] = [];
  for (;;) {
    await Promise.all(streams.filter((s) => s.at >= s.page.length && !s.done).map(refill));
    const live = streams.filter((s) => s.at < s.page.length);
    if (!live.length) break;
    // Up to the smallest last hash of the pages of streams not yet read to the end, every tenant's
    // hashes are in memory: consume those, then read on.
    const bound = streams
      .filter((s) => !s.done)
      .reduce((m, s) => (s.page[s.page.length - 1]! < m ? s.page[s.page.length - 1]! : m), "\uffff");
    for (;;) {
      let min: string | undefined;
      for (const s of live) if (s.at < s.page.length && (min === undefined || s.page[s.at]! < min)) min = s.page[s.at];
      if (min === undefined || min > bound) break;
      const holders = live.filter((s) => s.page[s.at] === min);
      for (const s of holders) s.at++;
      if (holders.length > 1) found.push({ idHash: min, tenants: holders.map((s) => s.code) });
    }
  }
  await replaceCrossTenantPeople(env.REGISTRY, province, found, now.toISOString());
  return found;
}
