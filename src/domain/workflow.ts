// The review procedure of one household's assessment (DOMAIN.md §4, Decision 24/2021/QĐ-TTg) as
// a pure state machine: which event moves an assessment from which state to which, and which
// permission of the policy an event needs. Routes and the VillageRoom ask it; they never compare
// states themselves.

export const ASSESSMENT_STATES = [
  "draft",
  "submitted",
  "returned",
  "accepted",
  "agreed",
  "posted",
  "rechecking",
  "decided",
  "excluded",
] as const;
export type AssessmentState = (typeof ASSESSMENT_STATES)[number];

export const STATE_LABELS: Readonly<Record<AssessmentState, string>> = {
  draft: "Đang rà soát",
  submitted: "Đã gửi, chờ xã kiểm tra",
  returned: "Bị trả lại để sửa",
  accepted: "Xã đã kiểm tra, chờ họp dân",
  agreed: "Họp dân đã thống nhất",
  posted: "Đang niêm yết",
  rechecking: "Đang phúc tra theo khiếu nại",
  decided: "Đã có quyết định công nhận",
  excluded: "Không đạt sàng lọc (Phiếu A)",
};

/** What a commune officer or enumerator does to one assessment (`POST …/actions`). */
export const REVIEW_ACTIONS = ["submit", "accept", "return", "reopen"] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** Everything that moves an assessment. */
export type WorkflowEvent =
  /** PUT of the answers; `screeningFailed`: Phiếu A says the household is not reviewed further. */
  | { type: "save"; screeningFailed: boolean }
  | { type: ReviewAction }
  /** The village meeting's vote on the household (agreed when agree ≥ 50% of attendees). */
  | { type: "meeting"; agreed: boolean }
  | { type: "post" }
  | { type: "complain" }
  /** A complaint resolved; the household stays in re-check while another complaint is open. */
  | { type: "resolve"; screeningFailed: boolean; otherOpenComplaints: boolean }
  | { type: "decide" }
  /** The household was merged into another before its result was posted: its own review ends. */
  | { type: "withdraw" };
export type WorkflowEventType = WorkflowEvent["type"];

/**
 * The policy action (src/auth/policy.ts) each event needs. Strings rather than an import: the
 * domain depends on nothing outside itself; routes check the names against the policy's type.
 */
export const EVENT_PERMISSION = {
  save: "assessment.write",
  submit: "assessment.submit",
  accept: "assessment.review",
  return: "assessment.review",
  reopen: "assessment.review",
  meeting: "meeting.record",
  post: "posting.record",
  complain: "complaint.file",
  resolve: "complaint.resolve",
  decide: "decision.record",
  withdraw: "household.write",
} as const satisfies Record<WorkflowEventType, string>;

/** States each event may start from. */
export const EVENT_FROM: Readonly<Record<WorkflowEventType, readonly AssessmentState[]>> = {
  save: ["draft", "returned", "rechecking"],
  submit: ["draft", "returned"],
  accept: ["submitted"],
  return: ["submitted"],
  reopen: ["accepted"],
  meeting: ["accepted"],
  post: ["agreed"],
  complain: ["posted", "excluded", "rechecking"],
  resolve: ["rechecking"],
  decide: ["posted"],
  withdraw: ["draft", "submitted", "returned", "accepted", "agreed"],
};

/** Actions whose comment is required (the reason the form goes back to the village). */
export const COMMENT_REQUIRED: ReadonlySet<ReviewAction> = new Set(["return", "reopen"]);

export type Transition = { ok: true; state: AssessmentState } | { ok: false; allowedFrom: readonly AssessmentState[] };

export function transition(state: AssessmentState, event: WorkflowEvent): Transition {
  const allowedFrom = EVENT_FROM[event.type];
  if (!allowedFrom.includes(state)) return { ok: false, allowedFrom };
  return { ok: true, state: nextState(state, event) };
}

function nextState(state: AssessmentState, event: WorkflowEvent): AssessmentState {
  switch (event.type) {
    case "save":
      // In re-check the household stays there until the complaint is resolved.
      return state === "rechecking" ? "rechecking" : event.screeningFailed ? "excluded" : state;
    case "submit":
      return "submitted";
    case "accept":
      return "accepted";
    case "return":
    case "reopen":
      return "returned";
    case "meeting":
      // Not agreed: back to review (step 2) and to another meeting.
      return event.agreed ? "agreed" : "returned";
    case "post":
      return "posted";
    case "complain":
      return "rechecking";
    case "resolve":
      if (event.otherOpenComplaints) return "rechecking";
      return event.screeningFailed ? "excluded" : "posted";
    case "decide":
      return "decided";
    case "withdraw":
      return "excluded";
  }
}

/** The village meeting's rule: a result is agreed when at least half of the attendees agree. */
export function isAgreed(agree: number, attendees: number): boolean {
  return attendees > 0 && agree * 2 >= attendees;
}

/**
 * From this date (two-tier local government, Luật Tổ chức chính quyền địa phương 2025) there is no
 * district level: before it, a commune decision needs the district chairman's opinion first
 * (Decision 24/2021/QĐ-TTg, step 5 of DOMAIN.md §4); from it, the commune chairman decides directly.
 */
export const DISTRICT_STEP_ENDS = "2025-07-01";

/** Whether a decision signed on `signedOn` (`YYYY-MM-DD`) needs the district chairman's opinion first. */
export const needsDistrictOpinion = (signedOn: string): boolean => signedOn < DISTRICT_STEP_ENDS;
