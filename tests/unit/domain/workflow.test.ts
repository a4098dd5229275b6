// The assessment state machine: every event from every state, allowed or refused.
import { describe, expect, it } from "vitest";
import {
  ASSESSMENT_STATES,
  type AssessmentState,
  isAgreed,
  transition,
  type WorkflowEvent,
} from "../../../src/domain/workflow";

// Written out independently: event → [from, to] pairs it allows.
const ALLOWED: [WorkflowEvent, [AssessmentState, AssessmentState][]][] = [
  [
    { type: "save", screeningFailed: false },
    [
      ["draft", "draft"],
      ["returned", "returned"],
      ["rechecking", "rechecking"],
    ],
  ],
  [
    { type: "save", screeningFailed: true },
    [
      ["draft", "excluded"],
      ["returned", "excluded"],
      ["rechecking", "rechecking"],
    ],
  ],
  [
    { type: "submit" },
    [
      ["draft", "submitted"],
      ["returned", "submitted"],
    ],
  ],
  [{ type: "accept" }, [["submitted", "accepted"]]],
  [{ type: "return" }, [["submitted", "returned"]]],
  [{ type: "reopen" }, [["accepted", "returned"]]],
  [{ type: "meeting", agreed: true }, [["accepted", "agreed"]]],
  [{ type: "meeting", agreed: false }, [["accepted", "returned"]]],
  [{ type: "post" }, [["agreed", "posted"]]],
  [
    { type: "complain" },
    [
      ["posted", "rechecking"],
      ["excluded", "rechecking"],
      ["rechecking", "rechecking"],
    ],
  ],
  [{ type: "resolve", screeningFailed: false, otherOpenComplaints: false }, [["rechecking", "posted"]]],
  [{ type: "resolve", screeningFailed: true, otherOpenComplaints: false }, [["rechecking", "excluded"]]],
  [{ type: "resolve", screeningFailed: false, otherOpenComplaints: true }, [["rechecking", "rechecking"]]],
  [{ type: "decide" }, [["posted", "decided"]]],
  [
    { type: "withdraw" },
    [
      ["draft", "excluded"],
      ["submitted", "excluded"],
      ["returned", "excluded"],
      ["accepted", "excluded"],
      ["agreed", "excluded"],
    ],
  ],
];

describe("transitions", () => {
  for (const [event, pairs] of ALLOWED) {
    it(`${JSON.stringify(event)}: allowed from ${pairs.map((p) => p[0]).join(", ")}, refused elsewhere`, () => {
      for (const state of ASSESSMENT_STATES) {
        const pair = pairs.find((p) => p[0] === state);
        const t = transition(state, event);
        if (pair) expect(t, state).toEqual({ ok: true, state: pair[1] });
        else expect(t.ok, state).toBe(false);
      }
    });
  }

  it("never leaves a decided assessment", () => {
    for (const [event] of ALLOWED) expect(transition("decided", event).ok).toBe(false);
  });
});

describe("the meeting's 50% rule", () => {
  it("agrees at exactly half and refuses just under", () => {
    expect(isAgreed(10, 20)).toBe(true);
    expect(isAgreed(9, 19)).toBe(false);
    expect(isAgreed(10, 19)).toBe(true);
    expect(isAgreed(9, 20)).toBe(false);
    expect(isAgreed(0, 0)).toBe(false);
  });
});
