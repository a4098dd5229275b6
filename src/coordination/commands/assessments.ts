// The review procedure as VillageRoom commands: saving a household's answers, the review actions,
// requests (Mẫu 01/04), the village meeting, the public posting, complaints and their re-check,
// and applying a commune decision. Each reads through the room, asks the state machine
// (domain/workflow.ts) and the rules engine (domain/assessment.ts), and plans one batch: the
// records, version guards, the guard that the commune is not yet decided (423 `locked`), audit
// entries on each assessment, the campaign's village counters and what to tell watchers.

import {
  assessmentCounterDeltas,
  guardAssessment,
  guardAssessmentsBulk,
  guardNotDecided,
  insertAssessmentStatement,
  moveIndicatorsStatement,
  openAssessmentsOf,
  type PriorResults,
  publicAssessment,
  readAssessmentById,
  readAssessmentsOf,
  readVillageAssessments,
  replaceIndicatorStatements,
  type StoredAssessment,
  setHouseholdCategoryStatement,
  updateAssessmentStatement,
  updateAssessmentsBulk,
} from "../../db/tenant/assessments";
import type { CounterDelta } from "../../db/tenant/counters";
import type { StoredHousehold } from "../../db/tenant/households";
import {
  anyDecision,
  type Complaint,
  guardComplaintOpen,
  insertComplaintStatement,
  insertMeetingStatements,
  insertPostingStatement,
  insertRequestStatement,
  openComplaintIds,
  openPosting,
  readComplaint,
  requestExists,
  resolveComplaintStatement,
} from "../../db/tenant/procedure";
import {
  type Area,
  type Category,
  evaluate,
  formatDateVi,
  hasOfficialScoreTable,
  isAgreed,
  labels,
  movement,
  type ReviewAction,
  STANDARDS,
  STATE_LABELS,
  type StandardCode,
  transition,
  type WorkflowEvent,
} from "../../domain";
import { type ApiError, errorBody, type FieldIssue, fail } from "../../http/errors";
import type { Answers, ListReason, StoredResult } from "../../schemas/procedure";
import { type AuditDraft, diff } from "../audit-chain";
import type { LiveMessage, Outcome, WriteRequest } from "../protocol";
import type { Planned, Room } from "../room";

/** What the route resolved before handing the write to the room of the household's village. */
export interface ProcedureContext {
  campaign: { id: string; standard: StandardCode; reviewDate: string; previousCampaignId: string | null };
  /** The commune of the room's village. */
  communeId: string;
  /** Urban or rural: a property of the commune, selects the lines. */
  area: Area;
}

export type AssessmentCommand =
  | {
      kind: "assessment.save";
      ctx: ProcedureContext;
      householdId: string;
      baseVersion: number | null;
      answers: Answers;
      scoreA: number | null;
    }
  | {
      kind: "assessment.action";
      ctx: ProcedureContext;
      householdId: string;
      action: ReviewAction;
      comment: string | null;
    }
  | {
      kind: "request.file";
      ctx: ProcedureContext;
      request: { id: string; householdId: string; form: "01" | "04"; note: string | null };
    }
  | {
      kind: "meeting.record";
      ctx: ProcedureContext;
      meeting: {
        id: string;
        heldOn: string;
        chair: string;
        secretary: string;
        attendees: number;
        notes: string | null;
        results: { householdId: string; agree: number }[];
      };
    }
  | {
      kind: "posting.record";
      ctx: ProcedureContext;
      posting: { id: string; startsOn: string; endsOn: string; workingDays: number };
    }
  | {
      kind: "complaint.file";
      ctx: ProcedureContext;
      /** Today in Vietnam: the complaint window must hold it. */
      today: string;
      complaint: { id: string; householdId: string; type: Complaint["type"]; channel: string; text: string };
    }
  | {
      kind: "complaint.resolve";
      ctx: ProcedureContext;
      complaintId: string;
      outcome: "upheld" | "rejected";
      reason: string;
    }
  | { kind: "decision.apply"; ctx: ProcedureContext; decision: { id: string; number: string; signedOn: string } };

type Req<K extends AssessmentCommand["kind"]> = WriteRequest & { command: Extract<AssessmentCommand, { kind: K }> };

const refuse = (err: ApiError): { refuse: Outcome } => ({ refuse: { status: err.status, body: errorBody(err) } });
/** Why a decided commune's records refuse changes (423), for the rooms and the routes alike. */
export const LOCKED_MESSAGE =
  "Xã đã có quyết định công nhận cho đợt rà soát này; hồ sơ đã khoá. Thay đổi sau quyết định phải qua rà soát thường xuyên.";
const locked = () => refuse(fail.locked(LOCKED_MESSAGE));
const stateConflict = (a: StoredAssessment, what: string) =>
  refuse(
    fail.conflict(`Không thể ${what} khi phiếu đang ở trạng thái "${STATE_LABELS[a.state]}".`, {
      current: publicAssessment(a),
    }),
  );

/** The fields an assessment's audit entries compare. */
const auditView = (a: StoredAssessment | null) =>
  a
    ? {
        state: a.state,
        villageId: a.villageId,
        listReason: a.listReason,
        answers: a.answers,
        category: a.category,
        movement: a.movement,
        excludedReason: a.excludedReason,
        returnComment: a.returnComment,
      }
    : {};

function audit(
  before: StoredAssessment | null,
  after: StoredAssessment,
  action: string,
  reason: string | null = null,
): AuditDraft {
  return {
    entityType: "assessment",
    entityId: after.id,
    action,
    reason,
    changes: diff(auditView(before), auditView(after)),
  };
}

const live = (req: WriteRequest, a: StoredAssessment, action: string): LiveMessage => ({
  type: "change",
  entity: "assessment",
  id: a.id,
  version: a.version,
  action,
  by: { id: req.actor.id, name: req.actor.displayName },
  at: a.updatedAt,
});

/** The record after a change: the next version, and the household's current village and commune. */
const changed = (
  room: Room,
  ctx: ProcedureContext,
  a: StoredAssessment,
  changes: Partial<StoredAssessment>,
): StoredAssessment => ({
  ...a,
  ...changes,
  villageId: room.villageId,
  communeId: ctx.communeId,
  version: a.version + 1,
  updatedAt: room.now,
});

/** What the deprivation reports read of a result: each decided indicator, its value and source. */
const indicatorRows = (a: StoredAssessment | null) =>
  JSON.stringify(
    (a?.result?.indicators ?? []).map((i) =>
      i.value === null ? null : [i.code, i.value, i.override ? 1 : i.derived !== null ? 2 : 3],
    ),
  );

/**
 * The statements that store `after` (new or changed), keep its indicator rows in step when they
 * changed, and, given the household as the room has it, the register's category of its latest result.
 */
function store(
  room: Room,
  before: StoredAssessment | null,
  after: StoredAssessment,
  household?: StoredHousehold,
): D1PreparedStatement[] {
  const { d1 } = room;
  const out = [before ? updateAssessmentStatement(d1, after) : insertAssessmentStatement(d1, after)];
  if (indicatorRows(before) !== indicatorRows(after)) out.push(...replaceIndicatorStatements(d1, after));
  else if (before && before.villageId !== after.villageId) out.push(moveIndicatorsStatement(d1, after));
  if (household && after.category && household.category !== after.category)
    out.push(setHouseholdCategoryStatement(d1, after.householdId, after.category));
  return out;
}

/** Many changed assessments at once (meeting, posting): bulk rows, and indicator rows for those that moved village. */
function storeMany(
  room: Room,
  pairs: readonly (readonly [StoredAssessment, StoredAssessment])[],
): D1PreparedStatement[] {
  return [
    ...updateAssessmentsBulk(
      room.d1,
      pairs.map(([, a]) => a),
    ),
    ...pairs.filter(([b, a]) => b.villageId !== a.villageId).map(([, a]) => moveIndicatorsStatement(room.d1, a)),
  ];
}

/** The household as the room has it: in this village and active, or the refusal. */
async function householdHere(room: Room, id: string): Promise<StoredHousehold | { refuse: Outcome }> {
  const h = await room.household(id);
  if (!h) return refuse(fail.notFound("Không tìm thấy hộ gia đình."));
  if (h.villageId !== room.villageId)
    return refuse(fail.conflict("Hộ vừa chuyển sang thôn khác; hãy tải lại và thử lại."));
  if (h.status !== "active") return refuse(fail.conflict("Hộ đã được nhập vào hộ khác; không rà soát riêng được nữa."));
  return h;
}

const isLocked = (room: Room, ctx: ProcedureContext, a?: StoredAssessment | null) =>
  anyDecision(room.d1, ctx.campaign.id, a ? [ctx.communeId, a.communeId] : [ctx.communeId]);
const lockGuard = (room: Room, ctx: ProcedureContext, a?: StoredAssessment | null) =>
  guardNotDecided(room.d1, ctx.campaign.id, a ? [ctx.communeId, a.communeId] : [ctx.communeId]);

function newListing(room: Room, ctx: ProcedureContext, h: StoredHousehold, listReason: ListReason): StoredAssessment {
  return {
    id: crypto.randomUUID(),
    campaignId: ctx.campaign.id,
    householdId: h.id,
    villageId: room.villageId,
    communeId: ctx.communeId,
    state: "draft",
    listReason,
    answers: null,
    result: null,
    category: null,
    previousCategory: null,
    movement: null,
    poorBasis: null,
    deprivationCount: null,
    monthlyIncome: null,
    scoreA: null,
    provisional: false,
    persons: h.members.length,
    excludedReason: null,
    returnComment: null,
    overrideCount: 0,
    saveCount: 0,
    lastSavedBy: null,
    firstSavedAt: null,
    lastSavedAt: null,
    submittedAt: null,
    acceptedAt: null,
    agreedAt: null,
    postedAt: null,
    decidedAt: null,
    version: 0,
    createdAt: room.now,
    updatedAt: room.now,
  };
}

const screeningFailed = (answers: Answers | null) => answers?.phieuA?.passed === false;

interface Computed {
  issues: FieldIssue[];
  /** Paths of what a submit still needs. */
  missing: FieldIssue[];
  result: StoredResult | null;
}

/**
 * Runs the rules engine on the household as the register has it now: derived indicators, direct
 * answers, overrides, category and explanation, and the movement against the previous campaign.
 */
function compute(
  ctx: ProcedureContext,
  h: StoredHousehold,
  prior: PriorResults,
  answers: Answers,
  scoreA: number | null,
): Computed {
  const basis = answers.basis ?? "income";
  const evaluation = evaluate({
    standard: ctx.campaign.standard,
    area: ctx.area,
    basis,
    ...(answers.monthlyIncomePerCapita !== undefined ? { monthlyIncomePerCapita: answers.monthlyIncomePerCapita } : {}),
    ...(scoreA !== null ? { scoreA } : {}),
    household: { members: h.members, facts: h.facts },
    indicators: answers.indicators ?? {},
    overrides: answers.overrides ?? {},
    reviewDate: ctx.campaign.reviewDate,
  });
  const standard = STANDARDS[ctx.campaign.standard];
  const missing: FieldIssue[] = [];
  const measured = basis === "income" ? answers.monthlyIncomePerCapita !== undefined : scoreA !== null;
  if (!measured)
    missing.push(
      basis === "income"
        ? { path: "monthlyIncomePerCapita", message: "Chưa có thu nhập bình quân đầu người/tháng." }
        : { path: "scoreAnswers", message: "Chưa có câu trả lời Phiếu B để tính điểm A." },
    );
  for (const code of evaluation.missing) {
    const name = standard.indicators.find((i) => i.code === code)?.nameVi ?? code;
    missing.push({
      path: `indicators.${code}`,
      message: `Chưa xác định chỉ số "${name}": thông tin của hộ chưa đủ, cần trả lời trực tiếp hoặc bổ sung thông tin hộ.`,
    });
  }
  if (!evaluation.result) return { issues: evaluation.issues, missing, result: null };
  let r = evaluation.result;
  // Score A computed from Phiếu B answers on a table that is not official is a provisional value.
  if (basis === "score" && answers.scoreA === undefined && answers.scoreAnswers !== undefined)
    if (!hasOfficialScoreTable(ctx.campaign.standard))
      r = {
        ...r,
        provisional: true,
        explanation: [
          ...r.explanation,
          `Điểm A được tính theo bảng điểm MẪU, không phải bảng điểm chính thức của ${standard.legalShort}: kết quả tạm tính.`,
        ],
      };
  return {
    issues: evaluation.issues,
    missing,
    result: {
      ...r,
      basis,
      area: ctx.area,
      monthlyIncomePerCapita: answers.monthlyIncomePerCapita ?? null,
      scoreA,
      overrides: r.indicators.flatMap((i) =>
        i.override ? [{ code: i.code, value: i.override.value, reason: i.override.reason, derived: i.derived }] : [],
      ),
      movement: movementOf(ctx, h, prior, r.category),
    },
  };
}

/**
 * Diễn biến: the result against the household's standing at the previous campaign — its latest
 * decided category in the campaigns up to the previous one; `non_poor` when it was in the register
 * then without a decided result; null when it was not in the register (a new, split-off or
 * moved-in household, or no previous campaign at all: the first review counts every household on
 * the lists as an increase "for other causes").
 */
function movementOf(
  ctx: ProcedureContext,
  h: StoredHousehold,
  prior: PriorResults,
  current: Category,
): StoredResult["movement"] {
  const [latest, ...earlier] = prior.decided;
  const previous: Category | null = latest
    ? latest.category
    : prior.previousCreatedAt !== null && h.createdAt <= prior.previousCreatedAt
      ? "non_poor"
      : null;
  const kind = movement(previous, current, {
    everPoorBefore: earlier.some((d) => d.category === "poor"),
    everNearPoorBefore: earlier.some((d) => d.category === "near_poor"),
  });
  return {
    kind,
    label: labels.movement[kind],
    previousCategory: previous,
    previousCampaignId: ctx.campaign.previousCampaignId,
  };
}

/** The denormalised columns of a result (what the reports sum). */
const resultColumns = (result: StoredResult | null): Partial<StoredAssessment> => ({
  result,
  category: result?.category ?? null,
  previousCategory: result?.movement.previousCategory ?? null,
  movement: result?.movement.kind ?? null,
  poorBasis: result?.poorBasis ?? null,
  deprivationCount: result?.deprivationCount ?? null,
  monthlyIncome: result?.monthlyIncomePerCapita ?? null,
  scoreA: result?.scoreA ?? null,
  provisional: result?.provisional ?? false,
  overrideCount: result?.overrides.length ?? 0,
});

/** What a household's move or merge adds to the register's batch for its assessments. */
export interface FollowUp {
  guards: D1PreparedStatement[];
  statements: D1PreparedStatement[];
  audit: AuditDraft[];
  counters: CounterDelta[];
  live: LiveMessage[];
}

/**
 * Keeps a household's open assessments (campaigns its commune has not decided) in step with the
 * register: a move takes them to the new village and commune, so that lists, meetings, postings
 * and counters follow the household; a merge ends the review of the merged household unless its
 * result is already posted (its members are reviewed with the household they joined).
 */
export async function followHousehold(
  room: Room,
  req: WriteRequest,
  householdId: string,
  change: { kind: "move"; toVillageId: string } | { kind: "merge"; intoHeadName: string },
): Promise<FollowUp> {
  const out: FollowUp = { guards: [], statements: [], audit: [], counters: [], live: [] };
  const open = await openAssessmentsOf(room.d1, householdId);
  if (!open.length) return out;
  const communeId =
    change.kind === "move"
      ? ((
          await room.d1
            .prepare("SELECT parent_id FROM units WHERE id = ?")
            .bind(change.toVillageId)
            .first<{ parent_id: string }>()
        )?.parent_id ?? null)
      : null;
  for (const before of open) {
    let after: StoredAssessment;
    let reason: string;
    if (change.kind === "move") {
      if (!communeId) continue;
      after = { ...before, villageId: change.toVillageId, communeId, version: before.version + 1, updatedAt: room.now };
      reason = "Hộ chuyển thôn";
    } else {
      const t = transition(before.state, { type: "withdraw" });
      if (!t.ok) continue;
      reason = `Hộ đã nhập vào hộ ${change.intoHeadName}`;
      // The merged household no longer exists on its own: its result no longer counts anywhere
      // (reports, counters); the result itself stays on record.
      after = {
        ...before,
        state: t.state,
        category: null,
        excludedReason: reason,
        version: before.version + 1,
        updatedAt: room.now,
      };
    }
    out.guards.push(guardAssessment(room.d1, before.id, before.version));
    out.statements.push(updateAssessmentStatement(room.d1, after));
    if (after.villageId !== before.villageId) out.statements.push(moveIndicatorsStatement(room.d1, after));
    out.audit.push(audit(before, after, change.kind === "move" ? "relocate" : "withdraw", reason));
    out.counters.push(...assessmentCounterDeltas(before, after));
    out.live.push(live(req, after, change.kind === "move" ? "relocate" : "withdraw"));
  }
  return out;
}

export async function planAssessment(room: Room, req: WriteRequest & { command: AssessmentCommand }): Promise<Planned> {
  switch (req.command.kind) {
    case "assessment.save":
      return planSave(room, req as Req<"assessment.save">);
    case "assessment.action":
      return planAction(room, req as Req<"assessment.action">);
    case "request.file":
      return planRequest(room, req as Req<"request.file">);
    case "meeting.record":
      return planMeeting(room, req as Req<"meeting.record">);
    case "posting.record":
      return planPosting(room, req as Req<"posting.record">);
    case "complaint.file":
      return planComplaint(room, req as Req<"complaint.file">);
    case "complaint.resolve":
      return planResolve(room, req as Req<"complaint.resolve">);
    case "decision.apply":
      return planDecision(room, req as Req<"decision.apply">);
  }
}

// ---- PUT …/assessments/{householdId} ----------------------------------------------------------

async function planSave(room: Room, req: Req<"assessment.save">): Promise<Planned> {
  const { ctx, householdId, baseVersion, answers, scoreA } = req.command;
  const review = await room.review(ctx.campaign, householdId, ctx.communeId);
  if (review.locked) return locked();
  const h = await householdHere(room, householdId);
  if ("refuse" in h) return h;
  const before = review.assessment ?? null;
  if (before && before.answers !== null) {
    if (baseVersion === null)
      return refuse(
        fail.validation([
          {
            path: "version",
            message: "Phiếu đã được lưu trước đó: cần gửi phiên bản đang sửa (If-Match hoặc version).",
          },
        ]),
      );
    if (baseVersion !== before.version)
      return refuse(
        fail.conflict("Phiếu đã được người khác sửa; hãy xem bản hiện tại.", { current: publicAssessment(before) }),
      );
  }
  const failed = screeningFailed(answers);
  const base = before ?? newListing(room, ctx, h, "added_by_reviewer");
  const t = transition(base.state, { type: "save", screeningFailed: failed });
  if (!t.ok) return stateConflict(base, "sửa phiếu");

  let result: StoredResult | null = null;
  if (!failed) {
    const computed = compute(ctx, h, review.prior, answers, scoreA);
    if (computed.issues.length) return refuse(fail.validation(computed.issues, "Câu trả lời của phiếu không hợp lệ."));
    result = computed.result;
  }
  const after = changed(room, ctx, base, {
    ...resultColumns(result),
    state: t.state,
    answers,
    // Screened out by Phiếu A: no result, the reason kept.
    excludedReason: failed ? (answers.phieuA?.reason ?? null) : null,
    persons: h.members.length,
    saveCount: base.saveCount + 1,
    lastSavedBy: req.actor.id,
    firstSavedAt: base.firstSavedAt ?? room.now,
    lastSavedAt: room.now,
  });
  // The first save of a household not on the list lists it (the listing row is version 0).
  if (!before) after.version = 1;
  const auditEntries: AuditDraft[] = [];
  if (!before)
    auditEntries.push({
      entityType: "assessment",
      entityId: after.id,
      action: "list",
      reason: "added_by_reviewer",
      changes: diff({}, { listReason: after.listReason, villageId: after.villageId }),
    });
  auditEntries.push(audit(base, after, after.state === "excluded" && base.state !== "excluded" ? "exclude" : "save"));
  return {
    guards: [...(before ? [guardAssessment(room.d1, before.id, before.version)] : []), lockGuard(room, ctx, before)],
    statements: store(room, before, after, h),
    audit: auditEntries,
    counters: assessmentCounterDeltas(before, after),
    response: { status: 200, body: publicAssessment(after, h) },
    live: [live(req, after, "save")],
    remember: after.category && after.category !== h.category ? [{ ...h, category: after.category }] : [],
    reviewed: {
      campaignId: ctx.campaign.id,
      householdId,
      communeId: ctx.communeId,
      review: { assessment: after, locked: false, prior: review.prior },
    },
  };
}

// ---- POST …/assessments/{householdId}/actions -------------------------------------------------

const ACTION_WORDS: Record<ReviewAction, string> = {
  submit: "gửi phiếu",
  accept: "chấp nhận phiếu",
  return: "trả lại phiếu",
  reopen: "mở lại phiếu",
};

async function planAction(room: Room, req: Req<"assessment.action">): Promise<Planned> {
  const { ctx, householdId, action, comment } = req.command;
  const review = await room.review(ctx.campaign, householdId, ctx.communeId);
  const before = review.assessment;
  if (!before) return refuse(fail.notFound("Hộ không có trong danh sách rà soát của đợt này."));
  if (review.locked) return locked();
  const h = await householdHere(room, householdId);
  if ("refuse" in h) return h;
  const t = transition(before.state, { type: action });
  if (!t.ok) return stateConflict(before, ACTION_WORDS[action]);

  const changes: Partial<StoredAssessment> = { state: t.state };
  let resultChanged = false;
  if (action === "submit") {
    // The result is recomputed on the register as it is now: what is submitted is what was checked.
    const computed = compute(ctx, h, review.prior, before.answers ?? {}, before.scoreA);
    const problems = [...computed.issues, ...computed.missing];
    if (problems.length)
      return refuse(fail.validation(problems, "Phiếu chưa đủ để gửi: còn thiếu hoặc sai các mục dưới đây."));
    Object.assign(changes, resultColumns(computed.result), {
      submittedAt: room.now,
      returnComment: null,
      persons: h.members.length,
    });
    resultChanged = true;
  }
  if (action === "accept") changes.acceptedAt = room.now;
  if (action === "return" || action === "reopen") changes.returnComment = comment;
  const after = changed(room, ctx, before, changes);
  return {
    guards: [guardAssessment(room.d1, before.id, before.version), lockGuard(room, ctx, before)],
    statements: store(room, before, after, h),
    audit: [audit(before, after, action, comment)],
    counters: assessmentCounterDeltas(before, after),
    response: { status: 200, body: publicAssessment(after, h) },
    live: [live(req, after, action)],
    remember:
      resultChanged && after.category && after.category !== h.category ? [{ ...h, category: after.category }] : [],
    reviewed: {
      campaignId: ctx.campaign.id,
      householdId,
      communeId: ctx.communeId,
      review: { assessment: after, locked: false, prior: review.prior },
    },
  };
}

// ---- POST …/requests (Mẫu số 01 / 04) ---------------------------------------------------------

async function planRequest(room: Room, req: Req<"request.file">): Promise<Planned> {
  const { ctx, request } = req.command;
  const review = await room.review(ctx.campaign, request.householdId, ctx.communeId);
  if (review.locked) return locked();
  const before = review.assessment;
  const h = await householdHere(room, request.householdId);
  if ("refuse" in h) return h;
  if (await requestExists(room.d1, ctx.campaign.id, h.id, request.form))
    return refuse(fail.conflict(`Hộ đã có đơn theo Mẫu số ${request.form} trong đợt rà soát này.`));
  const listed = before ?? newListing(room, ctx, h, request.form === "01" ? "request_01" : "request_04");
  const filed = {
    id: request.id,
    campaignId: ctx.campaign.id,
    householdId: h.id,
    form: request.form,
    note: request.note,
    filedBy: req.actor.id,
    filedAt: room.now,
  };
  const counters: CounterDelta[] = [
    { scope: ctx.campaign.id, unitId: room.villageId, key: `requests:${request.form}`, delta: 1 },
  ];
  const auditEntries: AuditDraft[] = [
    {
      entityType: "list_request",
      entityId: request.id,
      action: "file",
      changes: diff({}, { householdId: h.id, form: request.form, note: request.note }),
    },
  ];
  if (!before) {
    counters.push(...assessmentCounterDeltas(null, listed));
    auditEntries.push({
      entityType: "assessment",
      entityId: listed.id,
      action: "list",
      reason: `Đơn theo Mẫu số ${request.form}`,
      changes: diff({}, { listReason: listed.listReason, villageId: listed.villageId }),
    });
  }
  return {
    guards: [lockGuard(room, ctx, before)],
    statements: [
      insertRequestStatement(room.d1, filed),
      ...(before ? [] : [insertAssessmentStatement(room.d1, listed)]),
    ],
    audit: auditEntries,
    counters,
    response: { status: 201, body: { ...filed, assessmentId: listed.id, listReason: listed.listReason } },
    live: before ? [] : [live(req, listed, "list")],
  };
}

// ---- POST …/meetings --------------------------------------------------------------------------

async function planMeeting(room: Room, req: Req<"meeting.record">): Promise<Planned> {
  const { ctx, meeting } = req.command;
  if (await isLocked(room, ctx)) return locked();
  const issues: FieldIssue[] = [];
  const households = new Map<string, StoredHousehold>();
  for (const [i, r] of meeting.results.entries()) {
    const h = await room.household(r.householdId);
    if (!h || h.villageId !== room.villageId || h.status !== "active")
      issues.push({ path: `results.${i}.householdId`, message: "Hộ này không thuộc thôn họp." });
    else households.set(h.id, h);
  }
  if (issues.length) return refuse(fail.validation(issues, "Biên bản họp có hộ không thuộc thôn."));
  const found = new Map(
    (
      await readAssessmentsOf(
        room.d1,
        ctx.campaign.id,
        meeting.results.map((r) => r.householdId),
      )
    ).map((a) => [a.householdId, a]),
  );
  // A household that moved in keeps its old commune until written: that commune's lock counts too.
  const communes = [ctx.communeId, ...[...found.values()].map((a) => a.communeId)];
  if (await anyDecision(room.d1, ctx.campaign.id, communes)) return locked();
  const notAccepted = meeting.results.filter((r) => found.get(r.householdId)?.state !== "accepted");
  if (notAccepted.length)
    return refuse(
      fail.conflict(
        `Chỉ đưa ra họp dân các phiếu xã đã chấp nhận; ${notAccepted.length} hộ chưa ở trạng thái đó: ${notAccepted.map((r) => households.get(r.householdId)!.headName).join(", ")}.`,
        { householdIds: notAccepted.map((r) => r.householdId) },
      ),
    );

  const when = formatDateVi(meeting.heldOn);
  const results: {
    householdId: string;
    assessmentId: string;
    agree: number;
    agreed: boolean;
    headName: string;
    category: Category | null;
  }[] = [];
  const updated: [StoredAssessment, StoredAssessment][] = [];
  for (const r of meeting.results) {
    const before = found.get(r.householdId)!;
    const agreed = isAgreed(r.agree, meeting.attendees);
    const t = transition(before.state, { type: "meeting", agreed });
    if (!t.ok) return stateConflict(before, "đưa ra họp dân");
    const vote = `${r.agree}/${meeting.attendees} người dự họp đồng ý`;
    const after = changed(
      room,
      ctx,
      before,
      agreed
        ? { state: t.state, agreedAt: room.now }
        : {
            state: t.state,
            returnComment: `Họp dân ngày ${when} không thống nhất (${vote}); rà soát lại và đưa ra họp lần sau.`,
          },
    );
    updated.push([before, after]);
    results.push({
      householdId: r.householdId,
      assessmentId: before.id,
      agree: r.agree,
      agreed,
      headName: households.get(r.householdId)!.headName,
      category: before.category,
    });
  }
  const record = {
    id: meeting.id,
    campaignId: ctx.campaign.id,
    villageId: room.villageId,
    heldOn: meeting.heldOn,
    chair: meeting.chair,
    secretary: meeting.secretary,
    attendees: meeting.attendees,
    notes: meeting.notes,
    createdBy: req.actor.id,
    createdAt: room.now,
  };
  return {
    guards: [
      ...guardAssessmentsBulk(
        room.d1,
        updated.map(([b]) => b),
      ),
      guardNotDecided(room.d1, ctx.campaign.id, communes),
    ],
    statements: [...insertMeetingStatements(room.d1, { ...record, results }), ...storeMany(room, updated)],
    audit: [
      {
        entityType: "meeting",
        entityId: meeting.id,
        action: "create",
        changes: diff(
          {},
          { ...record, results: results.map(({ householdId, agree, agreed }) => ({ householdId, agree, agreed })) },
        ),
      },
      ...updated.map(([b, a], i) =>
        audit(b, a, "meeting", `Họp dân ngày ${when}: ${results[i]!.agree}/${meeting.attendees} người dự họp đồng ý`),
      ),
    ],
    counters: [
      { scope: ctx.campaign.id, unitId: room.villageId, key: "meetings", delta: 1 },
      ...updated.flatMap(([b, a]) => assessmentCounterDeltas(b, a)),
    ],
    response: { status: 201, body: { ...record, results } },
    live: updated.map(([, a]) => live(req, a, "meeting")),
  };
}

// ---- POST …/postings --------------------------------------------------------------------------

async function planPosting(room: Room, req: Req<"posting.record">): Promise<Planned> {
  const { ctx, posting } = req.command;
  if (await isLocked(room, ctx)) return locked();
  const agreed = await readVillageAssessments(room.d1, ctx.campaign.id, room.villageId, "agreed");
  if (!agreed.length) return refuse(fail.conflict("Thôn chưa có hộ nào được họp dân thống nhất để niêm yết."));
  const reason = `Niêm yết công khai từ ${formatDateVi(posting.startsOn)} đến hết ${formatDateVi(posting.endsOn)} (${posting.workingDays} ngày làm việc)`;
  const updated = agreed.map((before) => {
    const t = transition(before.state, { type: "post" });
    return [before, changed(room, ctx, before, { state: t.ok ? t.state : before.state, postedAt: room.now })] as const;
  });
  const record = {
    ...posting,
    campaignId: ctx.campaign.id,
    villageId: room.villageId,
    householdIds: agreed.map((a) => a.householdId),
    createdBy: req.actor.id,
    createdAt: room.now,
  };
  return {
    guards: [...guardAssessmentsBulk(room.d1, agreed), lockGuard(room, ctx)],
    statements: [insertPostingStatement(room.d1, record), ...storeMany(room, updated)],
    audit: [
      { entityType: "posting", entityId: posting.id, action: "create", changes: diff({}, record) },
      ...updated.map(([b, a]) => audit(b, a, "post", reason)),
    ],
    counters: [
      { scope: ctx.campaign.id, unitId: room.villageId, key: "postings", delta: 1 },
      ...updated.flatMap(([b, a]) => assessmentCounterDeltas(b, a)),
    ],
    response: { status: 201, body: record },
    live: updated.map(([, a]) => live(req, a, "post")),
  };
}

// ---- POST …/complaints ------------------------------------------------------------------------

async function planComplaint(room: Room, req: Req<"complaint.file">): Promise<Planned> {
  const { ctx, today, complaint } = req.command;
  const review = await room.review(ctx.campaign, complaint.householdId, ctx.communeId);
  if (review.locked) return locked();
  const before = review.assessment;
  const h = await householdHere(room, complaint.householdId);
  if ("refuse" in h) return h;
  const window = await openPosting(room.d1, ctx.campaign.id, room.villageId, today);
  if (!window)
    return refuse(
      fail.conflict(
        `Thôn không có danh sách đang niêm yết hôm nay (${formatDateVi(today)}): chỉ nhận khiếu nại trong thời gian niêm yết công khai.`,
      ),
    );
  if (!before)
    return refuse(
      fail.conflict("Hộ không có trong danh sách rà soát của đợt này; hộ có thể nộp đơn đề nghị rà soát (Mẫu số 01)."),
    );
  const t = transition(before.state, { type: "complain" });
  if (!t.ok) return stateConflict(before, "nhận khiếu nại");
  const record: Complaint = {
    ...complaint,
    campaignId: ctx.campaign.id,
    assessmentId: before.id,
    villageId: room.villageId,
    filedBy: req.actor.id,
    filedByName: req.actor.displayName,
    filedByRole: req.actor.role,
    filedAt: room.now,
    status: "open",
    resolutionReason: null,
    resolvedBy: null,
    resolvedAt: null,
    version: 1,
  };
  const after = changed(room, ctx, before, { state: t.state });
  const scope = ctx.campaign.id;
  return {
    guards: [guardAssessment(room.d1, before.id, before.version), lockGuard(room, ctx, before)],
    statements: [insertComplaintStatement(room.d1, record), ...store(room, before, after)],
    audit: [
      {
        entityType: "complaint",
        entityId: record.id,
        action: "file",
        changes: diff(
          {},
          { householdId: record.householdId, type: record.type, channel: record.channel, text: record.text },
        ),
      },
      audit(before, after, "complaint", `Khiếu nại (${record.type}) qua ${record.channel}`),
    ],
    counters: [
      { scope, unitId: room.villageId, key: "complaints", delta: 1 },
      { scope, unitId: room.villageId, key: "complaints:open", delta: 1 },
      ...assessmentCounterDeltas(before, after),
    ],
    response: { status: 201, body: record },
    live: [live(req, after, "complaint")],
  };
}

// ---- POST …/complaints/{id}/resolve -----------------------------------------------------------

async function planResolve(room: Room, req: Req<"complaint.resolve">): Promise<Planned> {
  const { ctx, complaintId, outcome, reason } = req.command;
  const complaint = await readComplaint(room.d1, complaintId);
  if (!complaint || complaint.campaignId !== ctx.campaign.id) return refuse(fail.notFound("Không tìm thấy khiếu nại."));
  const before = await readAssessmentById(room.d1, complaint.assessmentId);
  if (!before) return refuse(fail.notFound("Không tìm thấy phiếu của hộ."));
  if (await isLocked(room, ctx, before)) return locked();
  if (complaint.status !== "open")
    return refuse(fail.conflict("Khiếu nại này đã được giải quyết.", { current: complaint }));
  if (outcome === "upheld") {
    const recheckedAt = before.lastSavedAt;
    if (!recheckedAt || recheckedAt < complaint.filedAt)
      return refuse(
        fail.conflict("Khiếu nại đúng thì phải lưu kết quả phúc tra của phiếu (PUT) trước khi kết luận.", {
          current: publicAssessment(before),
        }),
      );
    if (!before.result && !screeningFailed(before.answers))
      return refuse(fail.conflict("Phiếu phúc tra chưa có kết quả phân loại.", { current: publicAssessment(before) }));
  }
  const others = (await openComplaintIds(room.d1, before.id)).filter((id) => id !== complaint.id);
  const event: WorkflowEvent = {
    type: "resolve",
    screeningFailed: screeningFailed(before.answers),
    otherOpenComplaints: others.length > 0,
  };
  const t = transition(before.state, event);
  if (!t.ok) return stateConflict(before, "kết luận khiếu nại");
  const resolved: Complaint = {
    ...complaint,
    status: outcome,
    resolutionReason: reason,
    resolvedBy: req.actor.id,
    resolvedAt: room.now,
    version: complaint.version + 1,
  };
  const moves = t.state !== before.state;
  const after = moves
    ? changed(room, ctx, before, {
        state: t.state,
        excludedReason:
          t.state === "excluded" ? (before.answers?.phieuA?.reason ?? before.excludedReason) : before.excludedReason,
      })
    : before;
  const scope = ctx.campaign.id;
  return {
    guards: [
      guardComplaintOpen(room.d1, complaint.id, complaint.version),
      ...(moves ? [guardAssessment(room.d1, before.id, before.version)] : []),
      lockGuard(room, ctx, before),
    ],
    statements: [resolveComplaintStatement(room.d1, resolved), ...(moves ? store(room, before, after) : [])],
    audit: [
      {
        entityType: "complaint",
        entityId: complaint.id,
        action: "resolve",
        reason,
        changes: diff({ status: complaint.status }, { status: outcome }),
      },
      ...(moves
        ? [
            audit(
              before,
              after,
              "recheck",
              `Phúc tra: khiếu nại ${outcome === "upheld" ? "đúng" : "không có cơ sở"} — ${reason}`,
            ),
          ]
        : []),
    ],
    counters: [
      { scope, unitId: complaint.villageId, key: "complaints:open", delta: -1 },
      { scope, unitId: complaint.villageId, key: `complaints:${outcome}`, delta: 1 },
      ...(moves ? assessmentCounterDeltas(before, after) : []),
    ],
    response: { status: 200, body: resolved },
    live: moves ? [live(req, after, "recheck")] : [],
  };
}

// ---- a commune decision, applied to one village ---------------------------------------------

async function planDecision(room: Room, req: Req<"decision.apply">): Promise<Planned> {
  const { ctx, decision } = req.command;
  // No lock guard here: this is the decision's own application. It is idempotent: a repeat finds
  // nothing posted and writes nothing.
  const posted = (await readVillageAssessments(room.d1, ctx.campaign.id, room.villageId, "posted")).filter(
    (a) => a.communeId === ctx.communeId,
  );
  const reason = `Quyết định số ${decision.number} ngày ${formatDateVi(decision.signedOn)}`;
  const updated = posted.map(
    (before) =>
      [
        before,
        { ...before, state: "decided" as const, decidedAt: room.now, version: before.version + 1, updatedAt: room.now },
      ] as const,
  );
  return {
    guards: guardAssessmentsBulk(room.d1, posted),
    statements: updateAssessmentsBulk(
      room.d1,
      updated.map(([, a]) => a),
    ),
    audit: updated.map(([b, a]) => ({
      ...audit(b, a, "decide", reason),
      changes: [...diff(auditView(b), auditView(a)), { field: "decisionId", before: null, after: decision.id }],
    })),
    counters: updated.flatMap(([b, a]) => assessmentCounterDeltas(b, a)),
    response: { status: 200, body: { decided: posted.map((a) => a.householdId) } },
    live: updated.map(([, a]) => live(req, a, "decide")),
  };
}
