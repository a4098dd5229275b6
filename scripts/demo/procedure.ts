// The demo's reviews, driven through the API like real work: in each district a 2024 census
// reviewed and decided in every commune (after the district chairman's opinion), then the 2025 periodic review in progress with
// households in every state and every category (one commune already decided).

import type { SyntheticHousehold } from "../../src/demo/synthetic";
import { deriveIndicators, getStandard, vietnamDate } from "../../src/domain";
import { type ApiClient, pool } from "../lib/client";

export interface DemoCommune {
  id: string;
  villageIds: string[];
}

interface Assessment {
  householdId: string;
  state: string;
  version: number;
  villageId: string;
}

const PAST_POSTING = { 2024: "2024-11-04", 2025: "2025-11-03" } as const;
const DEMO_SIGNER = "Hoàng Văn Thắng";

/** Complete answers: the income, and every indicator the register's facts leave open. */
function answersFor(h: SyntheticHousehold, campaign: { standard: string; reviewDate: string }, income: number) {
  const standard = getStandard(campaign.standard)!;
  const open = deriveIndicators(standard, h, campaign.reviewDate).filter((d) => d.value === null);
  // Poorer households lack more of what the facts cannot tell (deterministic by household id).
  const poorer = income < 1_500_000;
  return {
    monthlyIncomePerCapita: income,
    indicators: Object.fromEntries(open.map((d, i) => [d.code, poorer && (h.id.charCodeAt(i % 30) + i) % 3 === 0])),
  };
}

async function listed(client: ApiClient, T: string, campaignId: string, villageId: string): Promise<Assessment[]> {
  const out: Assessment[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Assessment[]; nextCursor: string | null } = await client.must(
      "GET",
      `${T}/campaigns/${campaignId}/assessments?villageId=${villageId}&limit=500${cursor ? `&cursor=${cursor}` : ""}`,
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

type Target =
  | "draft"
  | "saved"
  | "submitted"
  | "returned"
  | "accepted"
  | "agreed"
  | "posted"
  | "rechecking"
  | "decided";

/** Walks one village's listed households to their target states. */
async function walkVillage(
  client: ApiClient,
  T: string,
  campaign: { id: string; standard: string; reviewDate: string; year: 2024 | 2025 },
  villageId: string,
  targets: Map<string, Target>,
  byId: Map<string, SyntheticHousehold>,
  income: (h: SyntheticHousehold) => number,
  postingStart: string,
) {
  const A = `${T}/campaigns/${campaign.id}/assessments`;
  const order: Target[] = [
    "draft",
    "saved",
    "submitted",
    "returned",
    "accepted",
    "agreed",
    "posted",
    "rechecking",
    "decided",
  ];
  const atLeast = (t: Target, step: Target) => t !== "returned" && order.indexOf(t) >= order.indexOf(step);
  const todo = [...targets].filter(([, t]) => t !== "draft");
  await pool(todo, 6, async ([id, target]) => {
    const h = byId.get(id)!;
    await client.must("PUT", `${A}/${id}`, answersFor(h, campaign, income(h)));
    if (target !== "returned" && !atLeast(target, "submitted")) return;
    await client.must("POST", `${A}/${id}/actions`, { action: "submit" });
    if (target === "returned") {
      await client.must("POST", `${A}/${id}/actions`, {
        action: "return",
        comment: "Xác minh lại thu nhập và diện tích nhà ở.",
      });
      return;
    }
    if (atLeast(target, "accepted")) await client.must("POST", `${A}/${id}/actions`, { action: "accept" });
  });
  const meeting = async (ids: string[]) => {
    if (!ids.length) return;
    const attendees = 30 + (ids.length % 17);
    await client.must("POST", `${T}/campaigns/${campaign.id}/meetings`, {
      villageId,
      heldOn: postingStart,
      chair: "Trưởng thôn",
      secretary: "Bí thư chi bộ thôn",
      attendees,
      results: ids.map((householdId) => ({ householdId, agree: attendees - 3 })),
    });
  };
  const idsFor = (...wanted: Target[]) => [...targets].filter(([, t]) => wanted.includes(t)).map(([id]) => id);
  // Posting takes every agreed household of the village: those meant to stay "agreed" are
  // discussed at a second meeting, after the posting.
  const toPost = idsFor("posted", "rechecking", "decided");
  await meeting(toPost);
  if (toPost.length)
    await client.must("POST", `${T}/campaigns/${campaign.id}/postings`, { villageId, startsOn: postingStart });
  for (const householdId of idsFor("rechecking")) {
    await client.must("POST", `${T}/campaigns/${campaign.id}/complaints`, {
      householdId,
      type: "wrongly_included",
      channel: "Hòm thư góp ý tại nhà văn hoá thôn",
      text: "Hộ có xe máy mới và xây nhà trong năm, đề nghị xem xét lại.",
    });
  }
  await meeting(idsFor("agreed"));
}

export async function seedReviews(
  client: ApiClient,
  tenant: string,
  communes: DemoCommune[],
  households: SyntheticHousehold[],
): Promise<void> {
  const T = `/api/v1/tenants/${tenant}`;
  const byId = new Map(households.map((h) => [h.id, h]));

  // 2024: a census of every household, decided in every commune (the postings were last year).
  const census = {
    ...(await client.must("POST", `${T}/campaigns`, { year: 2024, kind: "census" })),
    year: 2024 as const,
  };
  const income2024 = (h: SyntheticHousehold) => Math.round(h.monthlyIncomePerCapita * 0.85);
  for (const commune of communes) {
    for (const villageId of commune.villageIds) {
      const list = await listed(client, T, census.id, villageId);
      await walkVillage(
        client,
        T,
        census,
        villageId,
        new Map(list.map((a) => [a.householdId, "decided" as Target])),
        byId,
        income2024,
        PAST_POSTING[2024],
      );
    }
    // Before the 2025 reform the district chairman gives his opinion before the commune decides.
    await client.must("POST", `${T}/campaigns/${census.id}/district-opinions`, {
      communeId: commune.id,
      givenOn: "2024-12-06",
      number: `${310 + communes.indexOf(commune)}/UBND-LĐTBXH`,
      text: "Nhất trí với kết quả rà soát của xã; đề nghị UBND xã ban hành quyết định công nhận.",
    });
    await client.must("POST", `${T}/campaigns/${census.id}/decisions`, {
      communeId: commune.id,
      number: `${120 + communes.indexOf(commune)}/QĐ-UBND`,
      signedOn: "2024-12-10",
      signerName: DEMO_SIGNER,
      signerTitle: "Chủ tịch UBND xã",
    });
  }

  // 2025: the periodic review lists last year's poor and near-poor, plus requests (Mẫu 01, 04).
  const periodic = {
    ...(await client.must("POST", `${T}/campaigns`, { year: 2025, kind: "periodic" })),
    year: 2025 as const,
  };
  // Some of last year's poor have escaped: their income rose well above the average-living band.
  const income2025 = (h: SyntheticHousehold) =>
    h.id.charCodeAt(0) % 5 === 0 ? Math.max(h.monthlyIncomePerCapita, 2_600_000) : h.monthlyIncomePerCapita;
  const today = vietnamDate(new Date());
  for (const [c, commune] of communes.entries()) {
    for (const [v, villageId] of commune.villageIds.entries()) {
      const inVillage = households.filter((h) => h.villageId === villageId);
      // A few households ask to be reviewed (Mẫu 01), one to be recognised as escaped (Mẫu 04).
      const requested = inVillage.filter((h) => h.monthlyIncomePerCapita < 2_000_000).slice(0, 2);
      for (const h of requested)
        await client.call("POST", `${T}/campaigns/${periodic.id}/requests`, { householdId: h.id, form: "01" });
      const list = await listed(client, T, periodic.id, villageId);
      const fresh = list.filter((a) => a.version === 0);
      // One request fails the quick screening (Phiếu A) in the first village of each commune.
      const screenedOut = v === 0 ? list.find((a) => requested.some((h) => h.id === a.householdId)) : undefined;
      if (screenedOut)
        await client.must("PUT", `${T}/campaigns/${periodic.id}/assessments/${screenedOut.householdId}`, {
          phieuA: { passed: false, reason: "Hộ có ô tô và nhà kiên cố hai tầng, không thuộc diện rà soát." },
        });
      const targets = new Map<string, Target>();
      fresh
        .filter((a) => a !== screenedOut)
        .forEach((a, i) => {
          // The last commune is decided; the others spread over the earlier steps.
          const spread: Target[] =
            c === communes.length - 1
              ? ["decided"]
              : c === 0
                ? ["draft", "saved", "submitted", "returned", "accepted", "agreed", "posted", "rechecking"]
                : c % 2
                  ? ["submitted", "accepted", "saved", "draft"]
                  : ["agreed", "posted", "accepted"];
          targets.set(a.householdId, spread[(i + v) % spread.length]!);
        });
      const decided = c === communes.length - 1;
      await walkVillage(
        client,
        T,
        periodic,
        villageId,
        targets,
        byId,
        income2025,
        decided ? PAST_POSTING[2025] : today,
      );
    }
    if (c === communes.length - 1)
      await client.must("POST", `${T}/campaigns/${periodic.id}/decisions`, {
        communeId: commune.id,
        number: "87/QĐ-UBND",
        signedOn: "2025-12-05",
        signerName: DEMO_SIGNER,
        signerTitle: "Chủ tịch UBND xã",
      });
  }
}
