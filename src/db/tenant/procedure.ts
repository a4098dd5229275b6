// The records of the procedure around assessments: requests (Mẫu 01/04), village meetings and
// their results, public postings, complaints and commune decisions. Raw statements for the write
// batches of the VillageRoom (and of the decision), reads for the routes.

import type { z } from "@hono/zod-openapi";
import type { SqlStatement } from "../../coordination/commands/batch";
import { type Category, needsDistrictOpinion } from "../../domain";
import type {
  ComplaintSchema,
  DecisionSchema,
  DistrictOpinionSchema,
  MeetingSchema,
  PostingSchema,
  RequestSchema,
} from "../../schemas/procedure";

export type ListRequest = z.infer<typeof RequestSchema>;
export type Meeting = z.infer<typeof MeetingSchema>;
export type Posting = z.infer<typeof PostingSchema>;
export type Complaint = z.infer<typeof ComplaintSchema>;
export type Decision = z.infer<typeof DecisionSchema>;

type Row = Record<string, any>;

// ---- requests -------------------------------------------------------------------------------

export function insertRequestStatement(
  d1: D1Database,
  r: Omit<ListRequest, "assessmentId" | "listReason">,
): D1PreparedStatement {
  return d1
    .prepare(
      "INSERT INTO list_requests (id, campaign_id, household_id, form, note, filed_by, filed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(r.id, r.campaignId, r.householdId, r.form, r.note, r.filedBy, r.filedAt);
}

export async function requestExists(
  d1: D1Database,
  campaignId: string,
  householdId: string,
  form: string,
): Promise<boolean> {
  return (
    (await d1
      .prepare("SELECT 1 FROM list_requests WHERE campaign_id = ? AND household_id = ? AND form = ?")
      .bind(campaignId, householdId, form)
      .first()) !== null
  );
}

export async function listRequests(
  d1: D1Database,
  campaignId: string,
  scope: { villageIds?: string[] | undefined; communeId?: string | undefined },
): Promise<ListRequest[]> {
  const where = ["r.campaign_id = ?"];
  const args: unknown[] = [campaignId];
  if (scope.villageIds) {
    where.push(`a.village_id IN (${scope.villageIds.map(() => "?").join(",")})`);
    args.push(...scope.villageIds);
  }
  if (scope.communeId) {
    where.push("a.commune_id = ?");
    args.push(scope.communeId);
  }
  const { results } = await d1
    .prepare(
      `SELECT r.*, a.id AS assessment_id, a.list_reason FROM list_requests r JOIN assessments a ON a.campaign_id = r.campaign_id AND a.household_id = r.household_id
       WHERE ${where.join(" AND ")} ORDER BY r.filed_at, r.id LIMIT 5000`,
    )
    .bind(...args)
    .all<Row>();
  return results.map((r) => ({
    id: r.id,
    campaignId: r.campaign_id,
    householdId: r.household_id,
    form: r.form,
    note: r.note,
    filedBy: r.filed_by,
    filedAt: r.filed_at,
    assessmentId: r.assessment_id,
    listReason: r.list_reason,
  }));
}

// ---- meetings -------------------------------------------------------------------------------

export function insertMeetingStatements(
  d1: D1Database,
  m: Omit<Meeting, "results"> & {
    results: { householdId: string; assessmentId: string; agree: number; agreed: boolean }[];
  },
): D1PreparedStatement[] {
  const col = (k: string) => `json_extract(value, '$.${k}')`;
  return [
    d1
      .prepare(
        "INSERT INTO meetings (id, campaign_id, village_id, held_on, chair, secretary, attendees, notes, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .bind(
        m.id,
        m.campaignId,
        m.villageId,
        m.heldOn,
        m.chair,
        m.secretary,
        m.attendees,
        m.notes,
        m.createdBy,
        m.createdAt,
      ),
    // One statement for all the results (one JSON parameter), however many households were discussed.
    d1
      .prepare(
        `INSERT INTO meeting_results (meeting_id, household_id, assessment_id, agree, agreed) SELECT ?1, ${col("householdId")}, ${col("assessmentId")}, ${col("agree")}, ${col("agreed")} FROM json_each(?2)`,
      )
      .bind(
        m.id,
        JSON.stringify(
          m.results.map((r) => ({
            householdId: r.householdId,
            assessmentId: r.assessmentId,
            agree: r.agree,
            agreed: r.agreed ? 1 : 0,
          })),
        ),
      ),
  ];
}

const meetingFromRow = (r: Row, results: Meeting["results"]): Meeting => ({
  id: r.id,
  campaignId: r.campaign_id,
  villageId: r.village_id,
  heldOn: r.held_on,
  chair: r.chair,
  secretary: r.secretary,
  attendees: r.attendees,
  notes: r.notes,
  results,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** A meeting with its results, each with the household head's name and the result's category. */
export async function readMeeting(d1: D1Database, id: string): Promise<Meeting | undefined> {
  const [m, rs] = await d1.batch<Row>([
    d1.prepare("SELECT * FROM meetings WHERE id = ?").bind(id),
    d1
      .prepare(
        `SELECT r.*, h.head_name, a.category FROM meeting_results r JOIN households h ON h.id = r.household_id JOIN assessments a ON a.id = r.assessment_id
         WHERE r.meeting_id = ? ORDER BY h.head_name, r.household_id`,
      )
      .bind(id),
  ]);
  const row = m?.results[0];
  if (!row) return undefined;
  return meetingFromRow(
    row,
    (rs?.results ?? []).map((r) => ({
      householdId: r.household_id,
      assessmentId: r.assessment_id,
      agree: r.agree,
      agreed: Boolean(r.agreed),
      headName: r.head_name,
      category: r.category,
    })),
  );
}

export async function listMeetings(
  d1: D1Database,
  campaignId: string,
  villageIds: string[] | undefined,
  communeId: string | undefined,
): Promise<Meeting[]> {
  const where = ["m.campaign_id = ?"];
  const args: unknown[] = [campaignId];
  if (villageIds) {
    where.push(`m.village_id IN (${villageIds.map(() => "?").join(",")})`);
    args.push(...villageIds);
  }
  if (communeId) {
    where.push("m.village_id IN (SELECT id FROM units WHERE parent_id = ?)");
    args.push(communeId);
  }
  const [ms, rs] = await d1.batch<Row>([
    d1
      .prepare(
        `SELECT m.* FROM meetings m WHERE ${where.join(" AND ")} ORDER BY m.held_on DESC, m.created_at DESC LIMIT 1000`,
      )
      .bind(...args),
    d1
      .prepare(`SELECT r.* FROM meeting_results r JOIN meetings m ON m.id = r.meeting_id WHERE ${where.join(" AND ")}`)
      .bind(...args),
  ]);
  const byMeeting = new Map<string, Meeting["results"]>();
  for (const r of rs?.results ?? []) {
    const list = byMeeting.get(r.meeting_id) ?? [];
    list.push({
      householdId: r.household_id,
      assessmentId: r.assessment_id,
      agree: r.agree,
      agreed: Boolean(r.agreed),
    });
    byMeeting.set(r.meeting_id, list);
  }
  return (ms?.results ?? []).map((m) => meetingFromRow(m, byMeeting.get(m.id) ?? []));
}

// ---- postings -------------------------------------------------------------------------------

export function insertPostingStatement(d1: D1Database, p: Posting): D1PreparedStatement {
  return d1
    .prepare(
      "INSERT INTO postings (id, campaign_id, village_id, starts_on, ends_on, working_days, household_ids, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(
      p.id,
      p.campaignId,
      p.villageId,
      p.startsOn,
      p.endsOn,
      p.workingDays,
      JSON.stringify(p.householdIds),
      p.createdBy,
      p.createdAt,
    );
}

const postingFromRow = (r: Row): Posting => ({
  id: r.id,
  campaignId: r.campaign_id,
  villageId: r.village_id,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  workingDays: r.working_days,
  householdIds: JSON.parse(r.household_ids),
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export async function readPosting(d1: D1Database, id: string): Promise<Posting | undefined> {
  const row = await d1.prepare("SELECT * FROM postings WHERE id = ?").bind(id).first<Row>();
  return row ? postingFromRow(row) : undefined;
}

export async function listPostings(
  d1: D1Database,
  campaignId: string,
  villageIds: string[] | undefined,
  communeId: string | undefined,
): Promise<Posting[]> {
  const where = ["campaign_id = ?"];
  const args: unknown[] = [campaignId];
  if (villageIds) {
    where.push(`village_id IN (${villageIds.map(() => "?").join(",")})`);
    args.push(...villageIds);
  }
  if (communeId) {
    where.push("village_id IN (SELECT id FROM units WHERE parent_id = ?)");
    args.push(communeId);
  }
  const { results } = await d1
    .prepare(`SELECT * FROM postings WHERE ${where.join(" AND ")} ORDER BY starts_on DESC, created_at DESC LIMIT 1000`)
    .bind(...args)
    .all<Row>();
  return results.map(postingFromRow);
}

/** A posting of the village whose complaint window holds `today`. */
export async function openPosting(
  d1: D1Database,
  campaignId: string,
  villageId: string,
  today: string,
): Promise<Posting | undefined> {
  const row = await d1
    .prepare(
      "SELECT * FROM postings WHERE campaign_id = ? AND village_id = ? AND starts_on <= ? AND ends_on >= ? ORDER BY ends_on DESC LIMIT 1",
    )
    .bind(campaignId, villageId, today, today)
    .first<Row>();
  return row ? postingFromRow(row) : undefined;
}

// ---- complaints -----------------------------------------------------------------------------

const COMPLAINT_COLUMNS = [
  ["id", "id"],
  ["campaignId", "campaign_id"],
  ["householdId", "household_id"],
  ["assessmentId", "assessment_id"],
  ["villageId", "village_id"],
  ["type", "type"],
  ["channel", "channel"],
  ["text", "text"],
  ["filedBy", "filed_by"],
  ["filedByName", "filed_by_name"],
  ["filedByRole", "filed_by_role"],
  ["filedAt", "filed_at"],
  ["status", "status"],
  ["resolutionReason", "resolution_reason"],
  ["resolvedBy", "resolved_by"],
  ["resolvedAt", "resolved_at"],
  ["version", "version"],
] as const satisfies readonly (readonly [keyof Complaint, string])[];

const complaintFromRow = (r: Row): Complaint =>
  Object.fromEntries(COMPLAINT_COLUMNS.map(([f, c]) => [f, r[c] ?? null])) as Complaint;

export function insertComplaintStatement(d1: D1Database, c: Complaint): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO complaints (${COMPLAINT_COLUMNS.map((x) => x[1]).join(", ")}) VALUES (${COMPLAINT_COLUMNS.map(() => "?").join(", ")})`,
    )
    .bind(...COMPLAINT_COLUMNS.map(([f]) => c[f]));
}

export function resolveComplaintStatement(d1: D1Database, c: Complaint): D1PreparedStatement {
  return d1
    .prepare(
      "UPDATE complaints SET status = ?, resolution_reason = ?, resolved_by = ?, resolved_at = ?, version = ? WHERE id = ? AND version = ?",
    )
    .bind(c.status, c.resolutionReason, c.resolvedBy, c.resolvedAt, c.version, c.id, c.version - 1);
}

export function guardComplaintOpen(d1: D1Database, id: string, version: number): D1PreparedStatement {
  return d1
    .prepare(
      "INSERT INTO write_guard (ok) SELECT NULL WHERE NOT EXISTS (SELECT 1 FROM complaints WHERE id = ? AND version = ? AND status = 'open')",
    )
    .bind(id, version);
}

export async function readComplaint(d1: D1Database, id: string): Promise<Complaint | undefined> {
  const row = await d1.prepare("SELECT * FROM complaints WHERE id = ?").bind(id).first<Row>();
  return row ? complaintFromRow(row) : undefined;
}

export async function openComplaintIds(d1: D1Database, assessmentId: string): Promise<string[]> {
  const { results } = await d1
    .prepare("SELECT id FROM complaints WHERE assessment_id = ? AND status = 'open'")
    .bind(assessmentId)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

export async function listComplaints(
  d1: D1Database,
  campaignId: string,
  filter: {
    villageIds?: string[] | undefined;
    communeId?: string | undefined;
    status?: string | undefined;
    householdId?: string | undefined;
  },
): Promise<Complaint[]> {
  const where = ["campaign_id = ?"];
  const args: unknown[] = [campaignId];
  if (filter.villageIds) {
    where.push(`village_id IN (${filter.villageIds.map(() => "?").join(",")})`);
    args.push(...filter.villageIds);
  }
  if (filter.communeId) {
    where.push("village_id IN (SELECT id FROM units WHERE parent_id = ?)");
    args.push(filter.communeId);
  }
  if (filter.status) {
    where.push("status = ?");
    args.push(filter.status);
  }
  if (filter.householdId) {
    where.push("household_id = ?");
    args.push(filter.householdId);
  }
  const { results } = await d1
    .prepare(`SELECT * FROM complaints WHERE ${where.join(" AND ")} ORDER BY filed_at DESC, id LIMIT 2000`)
    .bind(...args)
    .all<Row>();
  return results.map(complaintFromRow);
}

// ---- decisions ------------------------------------------------------------------------------

const decisionFromRow = (r: Row): Decision => ({
  id: r.id,
  campaignId: r.campaign_id,
  communeId: r.commune_id,
  number: r.number,
  signedOn: r.signed_on,
  poor: JSON.parse(r.poor),
  nearPoor: JSON.parse(r.near_poor),
  escapedPoor: JSON.parse(r.escaped_poor),
  escapedNearPoor: JSON.parse(r.escaped_near_poor),
  signerName: r.signer_name ?? null,
  signerTitle: r.signer_title ?? null,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** The decision that locks the commune's records of the campaign, if any. */
export async function communeDecision(
  d1: D1Database,
  campaignId: string,
  communeId: string,
): Promise<Decision | undefined> {
  const row = await d1
    .prepare("SELECT * FROM decisions WHERE campaign_id = ? AND commune_id = ?")
    .bind(campaignId, communeId)
    .first<Row>();
  return row ? decisionFromRow(row) : undefined;
}

/** Whether any of these communes is locked in the campaign (a household may have moved between two). */
export async function anyDecision(d1: D1Database, campaignId: string, communeIds: readonly string[]): Promise<boolean> {
  const ids = [...new Set(communeIds)];
  const row = await d1
    .prepare(
      `SELECT 1 FROM decisions WHERE campaign_id = ? AND commune_id IN (${ids.map(() => "?").join(",")}) LIMIT 1`,
    )
    .bind(campaignId, ...ids)
    .first();
  return row !== null;
}

export async function readDecision(d1: D1Database, id: string): Promise<Decision | undefined> {
  const row = await d1.prepare("SELECT * FROM decisions WHERE id = ?").bind(id).first<Row>();
  return row ? decisionFromRow(row) : undefined;
}

export async function listDecisions(
  d1: D1Database,
  campaignId: string,
  communeId: string | undefined,
): Promise<Decision[]> {
  const { results } = communeId
    ? await d1
        .prepare("SELECT * FROM decisions WHERE campaign_id = ? AND commune_id = ?")
        .bind(campaignId, communeId)
        .all<Row>()
    : await d1
        .prepare("SELECT * FROM decisions WHERE campaign_id = ? ORDER BY signed_on, id")
        .bind(campaignId)
        .all<Row>();
  return results.map(decisionFromRow);
}

/** What a commune decision needs to know of the commune's records in the campaign. */
export interface CommuneReadiness {
  /** Listed households in a state other than posted or excluded (a sample of ten, and the count). */
  notReady: { householdId: string; state: string }[];
  notReadyCount: number;
  openWindows: { villageId: string; endsOn: string }[];
  openComplaints: number;
  /** Count and sum of versions of the commune's assessments: unchanged ⇔ nothing was written. */
  fingerprint: { count: number; versions: number };
  /** The posted households with what the decision lists. */
  posted: { householdId: string; villageId: string; category: Category | null; movement: string | null }[];
}

export async function communeReadiness(
  d1: D1Database,
  campaignId: string,
  communeId: string,
  today: string,
): Promise<CommuneReadiness> {
  const [notReady, notReadyCount, windows, complaints, fingerprint, posted] = await d1.batch<Row>([
    d1
      .prepare(
        "SELECT household_id, state FROM assessments WHERE campaign_id = ? AND commune_id = ? AND state NOT IN ('posted', 'excluded') ORDER BY household_id LIMIT 10",
      )
      .bind(campaignId, communeId),
    d1
      .prepare(
        "SELECT count(*) AS n FROM assessments WHERE campaign_id = ? AND commune_id = ? AND state NOT IN ('posted', 'excluded')",
      )
      .bind(campaignId, communeId),
    d1
      .prepare(
        "SELECT village_id, max(ends_on) AS ends_on FROM postings WHERE campaign_id = ? AND village_id IN (SELECT id FROM units WHERE parent_id = ?) AND ends_on >= ? GROUP BY village_id",
      )
      .bind(campaignId, communeId, today),
    d1
      .prepare(
        "SELECT count(*) AS n FROM complaints c JOIN assessments a ON a.id = c.assessment_id WHERE c.campaign_id = ? AND a.commune_id = ? AND c.status = 'open'",
      )
      .bind(campaignId, communeId),
    d1
      .prepare(
        "SELECT count(*) AS n, coalesce(sum(version), 0) AS v FROM assessments WHERE campaign_id = ? AND commune_id = ?",
      )
      .bind(campaignId, communeId),
    d1
      .prepare(
        "SELECT household_id, village_id, category, movement FROM assessments WHERE campaign_id = ? AND commune_id = ? AND state = 'posted' ORDER BY household_id",
      )
      .bind(campaignId, communeId),
  ]);
  return {
    notReady: (notReady?.results ?? []).map((r) => ({ householdId: r.household_id, state: r.state })),
    notReadyCount: notReadyCount?.results[0]?.n ?? 0,
    openWindows: (windows?.results ?? []).map((r) => ({ villageId: r.village_id, endsOn: r.ends_on })),
    openComplaints: complaints?.results[0]?.n ?? 0,
    fingerprint: { count: fingerprint?.results[0]?.n ?? 0, versions: fingerprint?.results[0]?.v ?? 0 },
    posted: (posted?.results ?? []).map((r) => ({
      householdId: r.household_id,
      villageId: r.village_id,
      category: r.category,
      movement: r.movement,
    })),
  };
}

/**
 * The decision, inserted only if the commune is still as `readiness` saw it: no other decision,
 * every listed household posted or excluded, no open window, no open complaint, and no assessment
 * written since (same count and version sum). Any change aborts the batch (D1 batches are atomic).
 */
export function insertDecisionSql(
  d: Decision,
  today: string,
  fingerprint: CommuneReadiness["fingerprint"],
): { guards: SqlStatement[]; statements: SqlStatement[] } {
  const guard = (condition: string, ...params: (string | number)[]): SqlStatement => ({
    sql: `INSERT INTO write_guard (ok) SELECT NULL WHERE ${condition}`,
    params,
  });
  return {
    guards: [
      guard("EXISTS (SELECT 1 FROM decisions WHERE campaign_id = ? AND commune_id = ?)", d.campaignId, d.communeId),
      guard(
        "EXISTS (SELECT 1 FROM assessments WHERE campaign_id = ? AND commune_id = ? AND state NOT IN ('posted', 'excluded'))",
        d.campaignId,
        d.communeId,
      ),
      guard(
        "EXISTS (SELECT 1 FROM postings WHERE campaign_id = ? AND village_id IN (SELECT id FROM units WHERE parent_id = ?) AND ends_on >= ?)",
        d.campaignId,
        d.communeId,
        today,
      ),
      guard(
        "EXISTS (SELECT 1 FROM complaints c JOIN assessments a ON a.id = c.assessment_id WHERE c.campaign_id = ? AND a.commune_id = ? AND c.status = 'open')",
        d.campaignId,
        d.communeId,
      ),
      guard(
        "NOT EXISTS (SELECT 1 FROM (SELECT count(*) AS n, coalesce(sum(version), 0) AS v FROM assessments WHERE campaign_id = ? AND commune_id = ?) WHERE n = ? AND v = ?)",
        d.campaignId,
        d.communeId,
        fingerprint.count,
        fingerprint.versions,
      ),
      // Before the reform the district chairman's opinion comes first (DOMAIN.md §4 step 5).
      ...(needsDistrictOpinion(d.signedOn)
        ? [
            guard(
              "NOT EXISTS (SELECT 1 FROM district_opinions WHERE campaign_id = ? AND commune_id = ? AND given_on <= ?)",
              d.campaignId,
              d.communeId,
              d.signedOn,
            ),
          ]
        : []),
    ],
    statements: [
      {
        sql: "INSERT INTO decisions (id, campaign_id, commune_id, number, signed_on, poor, near_poor, escaped_poor, escaped_near_poor, signer_name, signer_title, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params: [
          d.id,
          d.campaignId,
          d.communeId,
          d.number,
          d.signedOn,
          JSON.stringify(d.poor),
          JSON.stringify(d.nearPoor),
          JSON.stringify(d.escapedPoor),
          JSON.stringify(d.escapedNearPoor),
          d.signerName,
          d.signerTitle,
          d.createdBy,
          d.createdAt,
        ],
      },
    ],
  };
}

// ---- district opinions (before the 2025 reform) ---------------------------------------------

export type DistrictOpinion = z.infer<typeof DistrictOpinionSchema>;

const opinionFromRow = (r: Row): DistrictOpinion => ({
  id: r.id,
  campaignId: r.campaign_id,
  communeId: r.commune_id,
  givenOn: r.given_on,
  number: r.number ?? null,
  text: r.text ?? null,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** The district chairman's opinion on the commune's results in the campaign, if given. */
export async function communeOpinion(
  d1: D1Database,
  campaignId: string,
  communeId: string,
): Promise<DistrictOpinion | undefined> {
  const row = await d1
    .prepare("SELECT * FROM district_opinions WHERE campaign_id = ? AND commune_id = ?")
    .bind(campaignId, communeId)
    .first<Row>();
  return row ? opinionFromRow(row) : undefined;
}

export async function listOpinions(d1: D1Database, campaignId: string, communeId?: string): Promise<DistrictOpinion[]> {
  const { results } = await (communeId
    ? d1.prepare("SELECT * FROM district_opinions WHERE campaign_id = ? AND commune_id = ?").bind(campaignId, communeId)
    : d1.prepare("SELECT * FROM district_opinions WHERE campaign_id = ? ORDER BY given_on, id").bind(campaignId)
  ).all<Row>();
  return results.map(opinionFromRow);
}

/**
 * The opinion, inserted only while the commune has neither an opinion nor a decision in the
 * campaign and its id (a client may choose it) is free.
 */
export function insertOpinionSql(o: DistrictOpinion): { guards: SqlStatement[]; statements: SqlStatement[] } {
  return {
    guards: [
      {
        sql: "INSERT INTO write_guard (ok) SELECT NULL WHERE EXISTS (SELECT 1 FROM district_opinions WHERE id = ? OR (campaign_id = ? AND commune_id = ?)) OR EXISTS (SELECT 1 FROM decisions WHERE campaign_id = ? AND commune_id = ?)",
        params: [o.id, o.campaignId, o.communeId, o.campaignId, o.communeId],
      },
    ],
    statements: [
      {
        sql: "INSERT INTO district_opinions (id, campaign_id, commune_id, given_on, number, text, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        params: [o.id, o.campaignId, o.communeId, o.givenOn, o.number, o.text, o.createdBy, o.createdAt],
      },
    ],
  };
}

/** Villages of the commune with posted households of the campaign still to be marked decided. */
export async function villagesToDecide(d1: D1Database, campaignId: string, communeId: string): Promise<string[]> {
  const { results } = await d1
    .prepare(
      "SELECT DISTINCT village_id FROM assessments WHERE campaign_id = ? AND commune_id = ? AND state = 'posted' ORDER BY village_id",
    )
    .bind(campaignId, communeId)
    .all<{ village_id: string }>();
  return results.map((r) => r.village_id);
}
