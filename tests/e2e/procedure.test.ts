// The procedure in the browser, against the real Worker: a reviewer enters a household with three
// members and submits it; the commune officer accepts it and records the village meeting; the
// commune posts the list and citizens read it; a complaint is filed and resolved; the decision is
// refused while the posting window is open; the district's dashboard shows the village one step on.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TENANTS } from "../../scripts/demo/places";
import { ApiClient } from "../../scripts/lib/client";
import { allSent, launch, phone, shot, signIn } from "./browser";

const base = inject("e2eBase");
const T = "/api/v1/tenants/luc-ngan";
let browser: Browser;
let admin: ApiClient;
let campaignId: string;

beforeAll(async () => {
  browser = await launch();
  admin = await new ApiClient(base).login(DEMO_TENANTS[0]!.admin, DEMO_PASSWORD);
  // The campaign in progress, as the app picks it: the open one of the latest year.
  const campaigns = await admin.must("GET", `${T}/campaigns`);
  const open = campaigns.items.filter((c: any) => c.status === "open").sort((a: any, b: any) => b.year - a.year);
  campaignId =
    open[0]?.id ?? (await admin.must("POST", `${T}/campaigns`, { year: new Date().getFullYear(), kind: "census" })).id;
});

afterAll(async () => {
  await browser?.close();
});

/** The progress report's count at `stage` for the village Thôn Khuôn Thần. */
async function posted(stage: string): Promise<number> {
  const units = (await admin.must("GET", `${T}/units`)).items;
  const commune = units.find((u: any) => u.name === "Xã Tân Sơn");
  const village = units.find((u: any) => u.name === "Thôn Khuôn Thần");
  const report = await admin.must("GET", `${T}/campaigns/${campaignId}/reports/progress?unitId=${commune.id}`);
  return report.rows.find((r: any) => r.unitId === village.id)[stage];
}

async function assessmentOf(name: string): Promise<any> {
  const list = await admin.must("GET", `${T}/campaigns/${campaignId}/assessments?limit=500`);
  return list.items.find((a: any) => a.headName === name);
}

describe("the review procedure in the browser", () => {
  it("a reviewer submits a household, the commune officer accepts it and records the meeting, the list is posted and complained about", async () => {
    const postedBefore = await posted("posted");

    // Reviewer: a household of three, every indicator decided, submitted.
    const reviewer = await (await phone(browser, base)).newPage();
    await signIn(reviewer, DEMO_ACCOUNTS.enumerator, DEMO_PASSWORD, /^\/v\//);
    await reviewer.getByRole("link", { name: "Thêm hộ" }).click();
    await reviewer.fill("#headName", "Lăng Văn Chiến");
    await reviewer.getByRole("button", { name: "Tiếp" }).click();
    const people = [
      ["Lăng Văn Chiến", "male", "1969", "head"],
      ["Nông Thị Hiền", "female", "1972", "spouse"],
      ["Lăng Thị Hoa", "female", "2012", "child"],
    ] as const;
    for (const [i, [name, sex, year, relation]] of people.entries()) {
      if (i > 0) await reviewer.getByRole("button", { name: "Thêm thành viên" }).click();
      await reviewer.fill(`#m${i}-fullName`, name);
      await reviewer.selectOption(`#m${i}-sex`, sex);
      await reviewer.fill(`#m${i}-birthYear`, year);
      await reviewer.selectOption(`#m${i}-ethnicity`, "tay");
      await reviewer.selectOption(`#m${i}-relation`, relation);
    }
    await reviewer.getByRole("button", { name: "Tiếp" }).click();
    await reviewer.selectOption("#wall", "bamboo_leaves");
    await reviewer.selectOption("#roof", "leaves_straw");
    await reviewer.selectOption("#frame", "bamboo");
    await reviewer.selectOption("#water", "unprotected_spring");
    await reviewer.selectOption("#latrine", "simple_pit");
    await reviewer.getByRole("button", { name: "Tiếp" }).click();
    await reviewer.fill("#income", "1000000");
    await reviewer.getByRole("button", { name: "Tiếp" }).click();
    for (const select of await reviewer.locator("select[name^=ind-]").all()) await select.selectOption("no");
    await reviewer.getByRole("button", { name: "Tiếp" }).click();
    await expect(reviewer.getByTestId("live-category").textContent()).resolves.toBe("Hộ nghèo");
    await reviewer.getByRole("button", { name: "Lưu và gửi duyệt" }).click();
    await reviewer.waitForURL(/^.*\/v\/[0-9a-f-]{36}$/);
    await allSent(reviewer);
    expect(await assessmentOf("Lăng Văn Chiến")).toMatchObject({ state: "submitted", category: "poor" });
    await shot(reviewer, "11-reviewer-after-submit");

    // Commune officer: accepts it, then records the village meeting.
    const officer = await (await phone(browser, base)).newPage();
    await signIn(officer, DEMO_ACCOUNTS.communeOfficer, DEMO_PASSWORD, /^\/commune\/review$/);
    const card = officer.locator("li.card", { hasText: "Lăng Văn Chiến" });
    await card.waitFor();
    await shot(officer, "12-commune-review-queue");
    await card.getByRole("button", { name: "Duyệt" }).click();
    await card.waitFor({ state: "detached" });
    expect(await assessmentOf("Lăng Văn Chiến")).toMatchObject({ state: "accepted" });

    await officer.getByRole("link", { name: "Họp dân" }).click();
    await officer.selectOption("#village", { label: "Thôn Khuôn Thần" });
    const votes = officer.getByRole("textbox", { name: "Số người đồng ý: Lăng Văn Chiến" });
    await votes.waitFor();
    await officer.fill("#chair", "Nông Văn Hùng (trưởng thôn)");
    await officer.fill("#secretary", "Lý Thị Thu");
    await officer.fill("#attendees", "42");
    await votes.fill("30");
    await shot(officer, "13-commune-meeting");
    await officer.getByRole("button", { name: "Ghi biên bản họp" }).click();
    await officer.getByText(/Đã ghi biên bản: 1 hộ được thống nhất/).waitFor();
    expect(await assessmentOf("Lăng Văn Chiến")).toMatchObject({ state: "agreed" });

    // Posting, and the public page citizens read (no sign-in, no ID numbers).
    await officer.getByRole("link", { name: "Niêm yết" }).click();
    await officer.selectOption("#village", { label: "Thôn Khuôn Thần" });
    await officer.getByRole("button", { name: "Niêm yết danh sách" }).click();
    await officer.getByText(/Đã niêm yết từ/).waitFor();
    await shot(officer, "14-commune-posting");
    const citizen = await (await phone(browser, base)).newPage();
    const publicUrl = await officer.locator(".banner a").getAttribute("href");
    await citizen.goto(publicUrl!);
    await citizen.getByRole("cell", { name: "Lăng Văn Chiến" }).waitFor();
    expect(await citizen.content()).not.toContain("Nông Thị Hiền");
    await shot(citizen, "15-public-list");

    // A complaint during the window, resolved by the commune after its re-check.
    await officer.getByRole("link", { name: "Khiếu nại, phúc tra" }).click();
    await officer.selectOption("#complaint-household", { label: "Lăng Văn Chiến" });
    await officer.fill("#complaint-text", "Hộ đã có xe máy mới và con đi làm công nhân.");
    await officer.getByRole("button", { name: "Ghi nhận" }).click();
    const complaint = officer.locator("li.card", { hasText: "Hộ đã có xe máy mới" });
    await complaint.waitFor();
    expect(await assessmentOf("Lăng Văn Chiến")).toMatchObject({ state: "rechecking" });
    await shot(officer, "15a-commune-complaint");
    await complaint.getByRole("textbox", { name: "Lý do" }).fill("Phúc tra: thu nhập vẫn dưới chuẩn nghèo.");
    await complaint.getByRole("button", { name: "Không chấp nhận" }).click();
    await complaint.locator(".tag", { hasText: "Không chấp nhận" }).waitFor();
    expect(await assessmentOf("Lăng Văn Chiến")).toMatchObject({ state: "posted" });

    // The decision is refused while the posting window is open, with the reason.
    await officer.getByRole("link", { name: "Quyết định công nhận" }).click();
    await officer.fill("#number", "125/QĐ-UBND");
    await officer.fill("#signerName", "Hoàng Văn Thắng");
    await officer.getByRole("button", { name: "Ghi quyết định" }).click();
    await officer.locator(".banner.bad").waitFor();
    await shot(officer, "15b-commune-decision-refused");

    // The district's dashboard shows the village one household further.
    const district = await (await phone(browser, base)).newPage();
    await signIn(district, DEMO_TENANTS[0]!.admin, DEMO_PASSWORD, /^\/dashboard$/);
    await district.locator(".bars li", { hasText: "Xã Tân Sơn" }).getByRole("link", { name: "Xã Tân Sơn" }).click();
    const village = district.locator(".bars li", { hasText: "Thôn Khuôn Thần" });
    await village.waitFor();
    await expect(village.locator(".stage-posted small").textContent()).resolves.toBe(
      `Đã niêm yết: ${postedBefore + 1}`,
    );
    await shot(district, "16a-district-dashboard-after-posting");

    for (const p of [reviewer, officer, citizen, district]) await p.context().close();
  });
});
