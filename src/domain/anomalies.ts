// Signals of falsified or wrong results (DOMAIN.md §6), as rules: each takes rows the database
// gathered and returns the cases it flags, each with a reason in Vietnamese that a district
// officer can check on the spot (who, where, what, against what). A signal is a prompt to look,
// never a verdict. Pure: no I/O, no clock. The thresholds are in ANOMALY_THRESHOLDS, one place
// for an official to tune.
import type { HouseholdFacts } from "./facts";
import { formatDateVi, formatDecimalVi } from "./format";
import { labels } from "./labels";
import { ratePercent } from "./rates";
import type { Category } from "./standards";

export const ANOMALY_RULES = [
  "assets_vs_category",
  "changed_after_meeting",
  "override_rate",
  "bulk_entry",
  "night_entry",
  "duplicate_person",
  "duplicate_person_tenants",
  "village_rate_change",
  "village_rate_neighbours",
] as const;
export type AnomalyRule = (typeof ANOMALY_RULES)[number];

export const ANOMALY_RULE_LABELS: Record<AnomalyRule, string> = {
  assets_vs_category: "Tài sản không phù hợp với kết quả phân loại",
  changed_after_meeting: "Kết quả bị thay đổi sau họp dân hoặc niêm yết",
  override_rate: "Tỷ lệ ghi đè chỉ số cao bất thường",
  bulk_entry: "Nhập nhiều phiếu trong thời gian quá ngắn",
  night_entry: "Nhập phiếu vào ban đêm",
  duplicate_person: "Một người có tên ở hai hộ",
  duplicate_person_tenants: "Một người có tên ở hai huyện",
  village_rate_change: "Tỷ lệ hộ nghèo của thôn thay đổi nhiều so với năm trước",
  village_rate_neighbours: "Tỷ lệ hộ nghèo của thôn khác xa các thôn cùng xã",
};

/** The thresholds of the rules (choices, not law: tune them here). */
export const ANOMALY_THRESHOLDS = {
  /** Floor area per person (m²) that does not fit a poor or near-poor household. */
  floorAreaPerPersonM2: 40,
  /** Total floor area (m²) that does not fit either. */
  floorAreaM2: 150,
  /** Production land (m²) that does not fit a poor household: 2 ha. */
  productionLandM2: 20_000,
  /** A reviewer is compared once they have saved this many forms. */
  overrideMinForms: 10,
  /** Share of forms with an override that is flagged, when also this many times the tenant's share. */
  overrideShare: 0.3,
  overrideTimesTenant: 3,
  /** This many new forms by one reviewer within the window is flagged as bulk entry. */
  bulkForms: 10,
  bulkWindowSeconds: 15 * 60,
  /** Forms saved between these hours (Vietnam time) count as night entry; this many in one night is flagged. */
  nightFromHour: 22,
  nightToHour: 5,
  nightForms: 5,
  /** A village's poverty rate that moved this many percentage points since last year, with at least this many households. */
  rateChangePoints: 5,
  rateMinHouseholds: 20,
  /** Distance in percentage points from the median of the other villages of its commune (at least 3 villages). */
  neighbourPoints: 10,
};

export interface Signal {
  rule: AnomalyRule;
  /** What is flagged (an assessment, a reviewer and a time, a person's ID hash, a village): with the rule, the key of its check. */
  subjectId: string;
  subjectType: "assessment" | "reviewer" | "person" | "village";
  /** Villages it concerns: whose officers should look, and where the progress report counts it. */
  villageIds: string[];
  householdIds: string[];
  reason: string;
}

const T = ANOMALY_THRESHOLDS;
const pct = (n: number) => `${formatDecimalVi(n, 2)}%`;
const catLabel = (c: string) => (labels.category as Record<string, string>)[c]?.toLowerCase() ?? c;

/** "dd/mm/yyyy hh:mm" in Vietnam (UTC+7) of an ISO time stamp. */
export function vietnamTime(iso: string): { date: string; time: string; hour: number } {
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return {
    date: `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`,
    time: `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`,
    hour: d.getUTCHours(),
  };
}

// ---- assets against the result -------------------------------------------------------------

export interface AssetRow {
  assessmentId: string;
  householdId: string;
  villageId: string;
  villageName: string;
  headName: string;
  category: Category;
  persons: number;
  facts: HouseholdFacts;
  pensioners: number;
}

export function assetsVsCategory(rows: readonly AssetRow[]): Signal[] {
  const out: Signal[] = [];
  for (const r of rows) {
    if (r.category !== "poor" && r.category !== "near_poor") continue;
    const found: string[] = [];
    const f = r.facts;
    if (f.ownsCar) found.push("có ô tô");
    if (f.ownsBusiness) found.push("có cơ sở kinh doanh thuê lao động");
    const area = f.houseFloorAreaM2;
    if (area !== undefined && (area >= T.floorAreaM2 || (r.persons > 0 && area / r.persons >= T.floorAreaPerPersonM2)))
      found.push(
        `nhà ${formatDecimalVi(area, 0)} m² (${formatDecimalVi(r.persons ? area / r.persons : area, 1)} m²/người)`,
      );
    if (f.productionLandM2 !== undefined && f.productionLandM2 >= T.productionLandM2)
      found.push(`${formatDecimalVi(f.productionLandM2 / 10_000, 1)} ha đất sản xuất`);
    if (r.pensioners > 0 && r.category === "poor")
      found.push(`${r.pensioners} người hưởng lương hưu hoặc trợ cấp bảo hiểm xã hội hằng tháng`);
    if (!found.length) continue;
    out.push({
      rule: "assets_vs_category",
      subjectId: r.assessmentId,
      subjectType: "assessment",
      villageIds: [r.villageId],
      householdIds: [r.householdId],
      reason: `Hộ ${r.headName} (${r.villageName}) được xếp ${catLabel(r.category)} nhưng ${found.join("; ")}. Cần kiểm tra lại thu nhập và tài sản của hộ.`,
    });
  }
  return out;
}

// ---- result changed after the meeting or the posting -----------------------------------------

export interface ResultChangeRow {
  assessmentId: string;
  householdId: string;
  villageId: string;
  villageName: string;
  headName: string;
  agreedAt: string;
  postedAt: string | null;
  /** Category changes recorded in the audit log, in time order. */
  changes: { at: string; from: string | null; to: string | null; by: string }[];
  /** A complaint about the household was upheld (the normal way a posted result changes). */
  upheldComplaint: boolean;
}

export function changedAfterMeeting(rows: readonly ResultChangeRow[]): Signal[] {
  const out: Signal[] = [];
  for (const r of rows) {
    const after = r.changes.filter((c) => c.at > r.agreedAt && c.from !== c.to);
    if (!after.length) continue;
    const first = after[0]!;
    const last = after[after.length - 1]!;
    const when = (iso: string) => vietnamTime(iso).date;
    const stage =
      r.postedAt && first.at > r.postedAt
        ? `sau khi niêm yết ngày ${when(r.postedAt)}`
        : `sau khi họp dân thống nhất ngày ${when(r.agreedAt)}`;
    const complaint = r.upheldComplaint
      ? "Có khiếu nại về hộ đã được chấp nhận."
      : "Không có khiếu nại nào về hộ được chấp nhận.";
    out.push({
      rule: "changed_after_meeting",
      subjectId: r.assessmentId,
      subjectType: "assessment",
      villageIds: [r.villageId],
      householdIds: [r.householdId],
      reason: `Kết quả của hộ ${r.headName} (${r.villageName}) đã đổi từ ${catLabel(first.from ?? "chưa phân loại")} thành ${catLabel(last.to ?? "chưa phân loại")} ngày ${when(first.at)} (${first.by}), ${stage}. ${complaint}`,
    });
  }
  return out;
}

// ---- overrides per reviewer ----------------------------------------------------------------

export interface ReviewerOverrides {
  reviewerId: string;
  reviewerName: string;
  forms: number;
  withOverrides: number;
  villageIds: string[];
}

export function overrideRate(rows: readonly ReviewerOverrides[]): Signal[] {
  const forms = rows.reduce((s, r) => s + r.forms, 0);
  const overridden = rows.reduce((s, r) => s + r.withOverrides, 0);
  const tenantShare = forms ? overridden / forms : 0;
  const out: Signal[] = [];
  for (const r of rows) {
    if (r.forms < T.overrideMinForms) continue;
    const share = r.withOverrides / r.forms;
    if (share < T.overrideShare || share < T.overrideTimesTenant * tenantShare) continue;
    out.push({
      rule: "override_rate",
      subjectId: r.reviewerId,
      subjectType: "reviewer",
      villageIds: r.villageIds,
      householdIds: [],
      reason: `Rà soát viên ${r.reviewerName} đã ghi đè chỉ số tự xác định từ thông tin của hộ ở ${r.withOverrides}/${r.forms} phiếu (${pct(ratePercent(r.withOverrides, r.forms))}), trong khi mức chung của huyện là ${pct(ratePercent(overridden, forms))}. Cần xem lý do ghi đè của các phiếu này.`,
    });
  }
  return out;
}

// ---- entry times: bulk and night -----------------------------------------------------------

export interface EntryRow {
  assessmentId: string;
  reviewerId: string;
  reviewerName: string;
  villageId: string;
  householdId: string;
  /** When the form was first saved (ISO). */
  at: string;
}

/** Rows grouped by reviewer, in time order. */
function byReviewer(rows: readonly EntryRow[]): EntryRow[][] {
  const groups = new Map<string, EntryRow[]>();
  for (const r of rows) groups.set(r.reviewerId, [...(groups.get(r.reviewerId) ?? []), r]);
  return [...groups.values()].map((g) => g.sort((a, b) => a.at.localeCompare(b.at)));
}

const uniq = (xs: string[]) => [...new Set(xs)];

/** Bursts: at least `bulkForms` new forms by one reviewer within `bulkWindowSeconds`, overlapping windows merged. */
export function bulkEntry(rows: readonly EntryRow[]): Signal[] {
  const out: Signal[] = [];
  for (const g of byReviewer(rows)) {
    const t = g.map((r) => Date.parse(r.at));
    let i = 0;
    while (i < g.length) {
      let j = i;
      while (j + 1 < g.length && t[j + 1]! - t[i]! <= T.bulkWindowSeconds * 1000) j++;
      if (j - i + 1 < T.bulkForms) {
        i++;
        continue;
      }
      // Extend while the next form still starts a full window with the burst's last ones.
      let end = j;
      while (end + 1 < g.length && t[end + 1]! - t[end + 1 - (T.bulkForms - 1)]! <= T.bulkWindowSeconds * 1000) end++;
      const burst = g.slice(i, end + 1);
      const seconds = (t[end]! - t[i]!) / 1000;
      const start = vietnamTime(burst[0]!.at);
      const stop = vietnamTime(burst[burst.length - 1]!.at);
      out.push({
        rule: "bulk_entry",
        subjectId: `${g[0]!.reviewerId}@${burst[0]!.at}`,
        subjectType: "reviewer",
        villageIds: uniq(burst.map((r) => r.villageId)),
        householdIds: burst.map((r) => r.householdId),
        reason: `Rà soát viên ${g[0]!.reviewerName} đã nhập ${burst.length} phiếu mới trong ${Math.max(1, Math.round(seconds / 60))} phút (${start.time}–${stop.time} ngày ${start.date}), trung bình ${Math.round(seconds / (burst.length - 1 || 1))} giây một phiếu. Cần xác minh các hộ này đã thực sự được phỏng vấn.`,
      });
      i = end + 1;
    }
  }
  return out;
}

/** Nights (22:00–05:00 in Vietnam) in which one reviewer saved at least `nightForms` new forms. */
export function nightEntry(rows: readonly EntryRow[]): Signal[] {
  const out: Signal[] = [];
  for (const g of byReviewer(rows)) {
    const nights = new Map<string, EntryRow[]>();
    for (const r of g) {
      const local = Date.parse(r.at) + 7 * 3600_000;
      const hour = new Date(local).getUTCHours();
      if (hour < T.nightFromHour && hour >= T.nightToHour) continue;
      // The night is named by the evening it starts: 02:00 on the 13th belongs to the night of the 12th.
      const night = new Date(local - T.nightToHour * 3600_000).toISOString().slice(0, 10);
      nights.set(night, [...(nights.get(night) ?? []), r]);
    }
    for (const [night, rs] of nights) {
      if (rs.length < T.nightForms) continue;
      out.push({
        rule: "night_entry",
        subjectId: `${g[0]!.reviewerId}@${night}`,
        subjectType: "reviewer",
        villageIds: uniq(rs.map((r) => r.villageId)),
        householdIds: rs.map((r) => r.householdId),
        reason: `Rà soát viên ${g[0]!.reviewerName} đã nhập ${rs.length} phiếu mới trong đêm ${formatDateVi(night)} (${vietnamTime(rs[0]!.at).time}–${vietnamTime(rs[rs.length - 1]!.at).time}). Cần xác minh các phiếu được nhập từ phỏng vấn thực tế.`,
      });
    }
  }
  return out;
}

// ---- the same person twice -----------------------------------------------------------------

export interface PersonRow {
  /** What makes them the same person: the ID number's hash, or name + birth date. */
  key: string;
  by: "id_number" | "name_birth_date";
  memberId: string;
  fullName: string;
  birthYear: number;
  householdId: string;
  headName: string;
  villageId: string;
  villageName: string;
}

export function duplicatePerson(rows: readonly PersonRow[]): Signal[] {
  const groups = new Map<string, PersonRow[]>();
  for (const r of rows) groups.set(`${r.by}|${r.key}`, [...(groups.get(`${r.by}|${r.key}`) ?? []), r]);
  const out: Signal[] = [];
  for (const g of groups.values()) {
    const households = uniq(g.map((r) => r.householdId));
    if (households.length < 2) continue;
    const first = g[0]!;
    const where = households
      .map((h) => g.find((r) => r.householdId === h)!)
      .map((r) => `hộ ${r.headName} (${r.villageName})`);
    out.push({
      rule: "duplicate_person",
      subjectId: first.by === "id_number" ? first.key : [...g.map((r) => r.memberId)].sort()[0]!,
      subjectType: "person",
      villageIds: uniq(g.map((r) => r.villageId)),
      householdIds: households,
      reason: `${first.fullName} (sinh năm ${first.birthYear}) có tên ở ${households.length} hộ: ${where.join(", ")}, ${first.by === "id_number" ? "cùng một số căn cước công dân" : "cùng họ tên và ngày sinh"}. Một người chỉ được có tên trong một hộ.`,
    });
  }
  return out;
}

export interface CrossTenantPerson {
  idHash: string;
  /** The other tenants (names) whose register has the same ID number. */
  otherTenants: string[];
  members: {
    memberId: string;
    fullName: string;
    birthYear: number;
    householdId: string;
    headName: string;
    villageId: string;
    villageName: string;
  }[];
}

export function duplicatePersonAcrossTenants(rows: readonly CrossTenantPerson[]): Signal[] {
  return rows
    .filter((r) => r.members.length > 0 && r.otherTenants.length > 0)
    .map((r) => {
      const m = r.members[0]!;
      return {
        rule: "duplicate_person_tenants" as const,
        subjectId: r.idHash,
        subjectType: "person" as const,
        villageIds: uniq(r.members.map((x) => x.villageId)),
        householdIds: uniq(r.members.map((x) => x.householdId)),
        reason: `${m.fullName} (sinh năm ${m.birthYear}, hộ ${m.headName}, ${m.villageName}) có cùng số căn cước công dân với một người trong sổ hộ của ${r.otherTenants.join(", ")}. Cần xác minh người này thường trú ở đâu.`,
      };
    });
}

// ---- villages: against last year and against their neighbours ------------------------------

export interface VillageRate {
  villageId: string;
  villageName: string;
  communeId: string;
  households: number;
  poor: number;
  /** Poor households of the village in the previous campaign (null: no previous campaign). */
  previousPoor: number | null;
}

export function villageRateChange(rows: readonly VillageRate[]): Signal[] {
  const out: Signal[] = [];
  for (const v of rows) {
    if (v.previousPoor === null || v.households < T.rateMinHouseholds) continue;
    const now = ratePercent(v.poor, v.households);
    const before = ratePercent(v.previousPoor, v.households);
    const delta = now - before;
    if (Math.abs(delta) < T.rateChangePoints) continue;
    out.push({
      rule: "village_rate_change",
      subjectId: v.villageId,
      subjectType: "village",
      villageIds: [v.villageId],
      householdIds: [],
      reason: `Tỷ lệ hộ nghèo của ${v.villageName} là ${pct(now)} (${v.poor}/${v.households} hộ), năm trước ${pct(before)} (${v.previousPoor} hộ): ${delta > 0 ? "tăng" : "giảm"} ${formatDecimalVi(Math.abs(delta), 2)} điểm phần trăm. Cần rà lại các hộ ${delta > 0 ? "mới vào" : "ra khỏi"} danh sách.`,
    });
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export function villageRateNeighbours(rows: readonly VillageRate[]): Signal[] {
  const byCommune = new Map<string, VillageRate[]>();
  for (const v of rows)
    if (v.households >= T.rateMinHouseholds) byCommune.set(v.communeId, [...(byCommune.get(v.communeId) ?? []), v]);
  const out: Signal[] = [];
  for (const villages of byCommune.values()) {
    if (villages.length < 3) continue;
    for (const v of villages) {
      const rate = ratePercent(v.poor, v.households);
      const others = median(villages.filter((o) => o !== v).map((o) => ratePercent(o.poor, o.households)));
      if (Math.abs(rate - others) < T.neighbourPoints) continue;
      out.push({
        rule: "village_rate_neighbours",
        subjectId: v.villageId,
        subjectType: "village",
        villageIds: [v.villageId],
        householdIds: [],
        reason: `Tỷ lệ hộ nghèo của ${v.villageName} là ${pct(rate)}, ${rate > others ? "cao" : "thấp"} hơn nhiều so với các thôn khác cùng xã (trung vị ${pct(Math.round(others * 100) / 100)}). Cần kiểm tra cách rà soát ở thôn này.`,
      });
    }
  }
  return out;
}
