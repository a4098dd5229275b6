// The household form's own rules, pure (tested in Node): what the register needs of each member
// before it takes the household, which direct answers still stand once the facts decide an
// indicator, and whether the answers differ from those saved.
import type { DerivedIndicator, MemberInput } from "../../src/domain";
import type { Answers as ApiAnswers } from "../../src/schemas/procedure";

/** The answers as the form holds them: every map present. */
export type Answers = ApiAnswers & {
  basis: "income" | "score";
  indicators: Record<string, boolean>;
  overrides: Record<string, { value: boolean; reason: string }>;
};

/** Problems by field ("0.fullName", …, "members"), in Vietnamese, as the API would name them. */
export function memberErrors(members: readonly MemberInput[], currentYear: number): Map<string, string> {
  const errors = new Map<string, string>();
  members.forEach((m, i) => {
    if (!m.fullName?.trim()) errors.set(`${i}.fullName`, "Cần nhập họ tên.");
    if (!m.sex) errors.set(`${i}.sex`, "Cần chọn giới tính.");
    if (!m.birthYear || !Number.isInteger(m.birthYear) || m.birthYear < 1900 || m.birthYear > currentYear)
      errors.set(`${i}.birthYear`, `Năm sinh từ 1900 đến ${currentYear}.`);
    if (!m.ethnicity) errors.set(`${i}.ethnicity`, "Cần chọn dân tộc.");
    if (!m.relationToHead) errors.set(`${i}.relationToHead`, "Cần chọn quan hệ với chủ hộ.");
  });
  if (members.filter((m) => m.relationToHead === "head").length > 1) errors.set("members", "Một hộ chỉ có một chủ hộ.");
  return errors;
}

/**
 * A direct answer only stands for an indicator the facts leave open: once the facts decide it (a
 * member's age was entered, say), the answer, no longer shown, is dropped.
 */
export function effectiveAnswers(answers: Answers, derived: readonly DerivedIndicator[]): Answers {
  const decided = new Set<string>(derived.filter((d) => d.value !== null).map((d) => d.code));
  return {
    ...answers,
    indicators: Object.fromEntries(Object.entries(answers.indicators).filter(([code]) => !decided.has(code))),
  };
}

const sorted = (r: Record<string, unknown> | undefined) =>
  Object.entries(r ?? {}).sort(([a], [b]) => a.localeCompare(b));
const answersKey = (a: Partial<Answers>) =>
  JSON.stringify([
    a.basis ?? "income",
    a.monthlyIncomePerCapita ?? null,
    a.scoreA ?? null,
    sorted(a.indicators),
    sorted(a.overrides),
    a.phieuA ?? null,
  ]);

/** Whether the answers are those already saved (an empty form equals a form never saved). */
export function sameAnswers(a: Partial<Answers>, saved: Partial<Answers> | null): boolean {
  return answersKey(a) === answersKey(saved ?? {});
}
