// The reviewer on a cheap phone, in real Chromium against the real Worker: enter a household with
// three members and watch the result computed on the phone, save; the same with the network cut
// (and an answer lost on the way); a conflict made by a second session, seen live and resolved.
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../scripts/demo/places";
import { ApiClient } from "../../scripts/lib/client";
import { allSent, launch, phone, shot, signIn } from "./browser";

const server = { base: inject("e2eBase") };
let browser: Browser;
let enumerator: ApiClient;

beforeAll(async () => {
  browser = await launch();
  enumerator = await new ApiClient(server.base).login(DEMO_ACCOUNTS.enumerator, DEMO_PASSWORD);
});

afterAll(async () => {
  await browser?.close();
});

const T = "/api/v1/tenants/luc-ngan";
const VILLAGE = /^\/v\/[0-9a-f-]{36}$/;

interface PersonIn {
  name: string;
  sex: "male" | "female";
  year: number;
  relation: string;
}

/** Fills the form's steps: household, three members, dwelling, income. */
async function enterHousehold(page: Page, head: string, people: PersonIn[], income: string) {
  await page.fill("#headName", head);
  await page.fill("#address", "Xóm Đồi");
  await page.getByRole("button", { name: "Tiếp" }).click();
  for (let i = 0; i < people.length; i++) {
    if (i > 0) await page.getByRole("button", { name: "Thêm thành viên" }).click();
    const p = people[i]!;
    await page.fill(`#m${i}-fullName`, p.name);
    await page.selectOption(`#m${i}-sex`, p.sex);
    await page.fill(`#m${i}-birthYear`, String(p.year));
    await page.selectOption(`#m${i}-ethnicity`, "nung");
    await page.selectOption(`#m${i}-relation`, p.relation);
  }
  await expect(page.getByTestId("member-card").count()).resolves.toBe(people.length);
  await page.getByRole("button", { name: "Tiếp" }).click();
  await page.selectOption("#wall", "earth");
  await page.selectOption("#frame", "bamboo");
  await page.selectOption("#roof", "leaves_straw");
  await page.selectOption("#water", "surface_water");
  await page.selectOption("#latrine", "none");
  await page.getByRole("button", { name: "Tiếp" }).click();
  await page.fill("#income", income);
}

const FAMILY: PersonIn[] = [
  { name: "Hoàng Văn Páo", sex: "male", year: 1978, relation: "head" },
  { name: "Lục Thị Mai", sex: "female", year: 1982, relation: "spouse" },
  { name: "Hoàng Văn Sáng", sex: "male", year: 2010, relation: "child" },
];

async function householdsNamed(name: string): Promise<any[]> {
  const r = await enumerator.must("GET", `${T}/households?q=${encodeURIComponent(name)}&limit=50`);
  return r.items.filter((h: any) => h.headName === name);
}

describe("reviewer on a phone", () => {
  it("logs in, enters a household with three members, sees the live result with its explanation, and saves", async () => {
    const page = await (await phone(browser, server.base)).newPage();
    await shot(page, "01-login");
    await signIn(page, DEMO_ACCOUNTS.enumerator, DEMO_PASSWORD, VILLAGE);
    expect(new URL(page.url()).pathname).toMatch(/^\/v\/[0-9a-f-]{36}$/);
    await page.locator(".households li").first().waitFor();
    await shot(page, "02-village-list");
    // Filters: the demo's review in progress has poor households and submitted forms here.
    await page.selectOption("#fc", "poor");
    await expect
      .poll(
        async () =>
          (await page.locator(".households li").count()) > 0 &&
          (await page.locator(".households li .tag.cat-poor").count()) ===
            (await page.locator(".households li").count()),
      )
      .toBe(true);
    await page.selectOption("#fc", "");
    const state = /state-(\w+)/.exec(
      (await page.locator(".households li .tag[class*=state-]").first().getAttribute("class"))!,
    )![1]!;
    await page.selectOption("#fs", state);
    await expect
      .poll(
        async () =>
          (await page.locator(".households li").count()) > 0 &&
          (await page.locator(".households li").count()) ===
            (await page.locator(`.households li .tag.state-${state}`).count()),
      )
      .toBe(true);
    await page.selectOption("#fs", "");

    await page.getByRole("link", { name: "Thêm hộ" }).click();
    await enterHousehold(
      page,
      "Hoàng Văn Páo",
      FAMILY.map((p, i) => (i === 0 ? { ...p, name: "Hoàng Văn Páo" } : p)),
      "1200000",
    );
    // Computed on the phone from the facts just entered: under the rural line of 1.500.000 đ with
    // housing, water and sanitation deprived.
    await expect(page.getByTestId("live-category").textContent()).resolves.toBe("Hộ nghèo");
    await shot(page, "03-household-income");
    await page.fill("#income", "2000000");
    await expect(page.getByTestId("live-category").textContent()).resolves.toBe("Hộ có mức sống trung bình");
    await page.fill("#income", "1200000");

    await page.getByRole("button", { name: "Tiếp" }).click();
    await expect(page.locator("[data-code=housing_quality] .tag").textContent()).resolves.toBe("Thiếu hụt");
    await shot(page, "04-household-indicators");
    await page.getByRole("button", { name: "Tiếp" }).click();
    const explanation = await page.locator(".explanation li").allTextContents();
    expect(explanation.join(" ")).toContain("1.500.000");
    expect(explanation.some((l) => /nhà ở/i.test(l))).toBe(true);
    await shot(page, "05-household-result");

    await page.getByRole("button", { name: "Lưu", exact: true }).click();
    await page.getByText("Đã lưu và gửi lên máy chủ.").waitFor();
    await allSent(page);
    const stored = await householdsNamed("Hoàng Văn Páo");
    expect(stored).toHaveLength(1);
    const full = await enumerator.must("GET", `${T}/households/${stored[0].id}`);
    expect(full.members.map((m: any) => m.fullName)).toEqual(["Hoàng Văn Páo", "Lục Thị Mai", "Hoàng Văn Sáng"]);
    expect(full.facts.dwelling).toMatchObject({ wallMaterial: "earth", waterSource: "surface_water", latrine: "none" });

    // A second save from the same form is based on what the first one stored: no self-conflict.
    await page.getByRole("button", { name: "Quay lại" }).click();
    await page.getByRole("button", { name: "1 Hộ" }).click();
    await page.fill("#address", "Xóm Đồi, cạnh trường");
    await page.getByRole("button", { name: "Lưu", exact: true }).click();
    await expect
      .poll(async () => (await enumerator.must("GET", `${T}/households/${stored[0].id}`)).version, { timeout: 15_000 })
      .toBe(2);
    expect(await enumerator.must("GET", `${T}/households/${stored[0].id}`)).toMatchObject({
      address: "Xóm Đồi, cạnh trường",
    });
    await allSent(page);
    await expect(page.getByTestId("sync-badge").textContent()).resolves.not.toContain("cần xử lý");
    await page.context().close();
  });

  it("with the network cut: the entry waits in the outbox, the app still opens, and it arrives once when the network returns", async () => {
    const context = await phone(browser, server.base);
    const page = await context.newPage();
    await signIn(page, DEMO_ACCOUNTS.enumerator, DEMO_PASSWORD, VILLAGE);
    const village = page.url();
    // A normal start: the list (and with it the campaign) was read once with the network up.
    await page.locator(".households li").first().waitFor();
    // The service worker has the shell once it controls the page.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    await context.setOffline(true);
    await page.getByRole("link", { name: "Thêm hộ" }).click();
    await enterHousehold(
      page,
      "Đàm Thị Nhung",
      FAMILY.map((p, i) => (i === 0 ? { ...p, name: "Đàm Thị Nhung", sex: "female" } : p)),
      "900000",
    );
    await expect(page.getByTestId("live-category").textContent()).resolves.toBe("Hộ nghèo");
    await expect(page.locator(".crumbs").textContent()).resolves.toContain("Đợt rà soát");
    await page.getByRole("button", { name: "Lưu", exact: true }).click();
    await page.getByText("Đã lưu trên máy; sẽ gửi khi có mạng.").waitFor();
    // The household, and its form in the campaign.
    await page.getByTestId("sync-badge").filter({ hasText: "2 chờ gửi" }).waitFor();
    await expect(page.getByTestId("sync-badge").textContent()).resolves.toContain("Mất mạng");
    await shot(page, "06-offline-saved");

    // Offline, the app opens from the service worker and lists the unsent household.
    await page.goto(village);
    await page.getByText("Đàm Thị Nhung").waitFor();
    await page.goto("/queue");
    await page.locator("[data-status=pending]").first().waitFor();
    await shot(page, "07-offline-queue");

    // The last resort: a file with the unsent changes.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Xuất dữ liệu chưa gửi" }).click(),
    ]);
    const exported = JSON.parse(readFileSync((await download.path())!, "utf8"));
    expect(
      exported.changes.some((c: any) => c.method === "POST" && c.body.headName === "Đàm Thị Nhung" && c.idempotencyKey),
    ).toBe(true);

    // Signing out with unsent changes asks first; declining keeps the session.
    let warning = "";
    page.once("dialog", (d) => {
      warning = d.message();
      void d.dismiss();
    });
    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await expect.poll(() => warning).toContain("chưa gửi");
    await expect(page.getByTestId("sync-badge").isVisible()).resolves.toBe(true);
    expect(await householdsNamed("Đàm Thị Nhung")).toHaveLength(0);

    // Back online, the first answer is lost on the way (the server stored it): the retry with the
    // same Idempotency-Key gets the stored answer and nothing is written twice.
    let lost = 0;
    let taken = false;
    await page.route("**/api/v1/tenants/*/households", async (route) => {
      if (route.request().method() !== "POST" || taken) return route.fallback();
      taken = true;
      await route.fetch();
      await route.abort("connectionreset");
      lost++;
    });
    await context.setOffline(false);
    await expect.poll(() => lost, { timeout: 15_000 }).toBe(1);
    await page.unroute("**/api/v1/tenants/*/households");
    await page.getByRole("button", { name: "Gửi ngay" }).click();
    await allSent(page);
    await shot(page, "08-back-online-queue");
    const stored = await householdsNamed("Đàm Thị Nhung");
    expect(stored).toHaveLength(1);
    expect(stored[0].version).toBe(1);
    // Its form, saved offline in the campaign, arrived too, once.
    const campaign = (await enumerator.must("GET", `${T}/campaigns`)).items
      .filter((c: any) => c.status === "open")
      .sort((a: any, b: any) => b.year - a.year)[0];
    const form = await enumerator.must("GET", `${T}/campaigns/${campaign.id}/assessments/${stored[0].id}`);
    expect(form).toMatchObject({ version: 1, answers: { monthlyIncomePerCapita: 900000 }, category: "poor" });
    await context.close();
  });

  it("changes by a second session appear live, the household it edits shows who, and a conflict is resolved field by field", async () => {
    const reviewer = await (await phone(browser, server.base)).newPage();
    await signIn(reviewer, DEMO_ACCOUNTS.enumerator, DEMO_PASSWORD, VILLAGE);
    await reviewer.locator(".households li").first().waitFor();
    // Another session adds a household: the open list shows it without a reload.
    const other = await new ApiClient(server.base).login(DEMO_ACCOUNTS.communeOfficer, DEMO_PASSWORD);
    const created = await other.must("POST", `${T}/households`, {
      villageId: (await enumerator.must("GET", "/api/v1/me")).unitId,
      headName: "Vi Văn Quý",
      address: "Xóm Cũ",
      members: [{ fullName: "Vi Văn Quý", sex: "male", birthYear: 1970, ethnicity: "tay", relationToHead: "head" }],
    });
    await reviewer.fill("#q", "vi van quy");
    await reviewer.locator(".households li", { hasText: "Vi Văn Quý" }).waitFor({ timeout: 15_000 });
    await shot(reviewer, "09a-live-list-search");
    const form = `/v/${created.villageId}/h/${created.id}`;
    await reviewer.goto(form);
    await reviewer.locator("#address").waitFor();

    const officer = await (await phone(browser, server.base)).newPage();
    await signIn(officer, DEMO_ACCOUNTS.communeOfficer, DEMO_PASSWORD, /^\/commune\//);
    await officer.goto(form);
    await officer.locator("#address").waitFor();
    // The reviewer sees, without reloading, that the officer is editing this household.
    await reviewer.getByText("Hoàng Thị Lan (cán bộ xã) đang sửa").waitFor({ timeout: 15_000 });
    await shot(reviewer, "09-live-editing-by-other");

    await officer.fill("#address", "Xóm Mới");
    await officer.getByRole("button", { name: "Lưu", exact: true }).click();
    await officer.getByText("Đã lưu và gửi lên máy chủ.").waitFor();
    await reviewer
      .getByText("Hoàng Thị Lan (cán bộ xã) vừa lưu thay đổi của hộ này.", { exact: false })
      .waitFor({ timeout: 15_000 });

    await reviewer.fill("#address", "Xóm Giữa");
    await reviewer.getByRole("button", { name: "Lưu", exact: true }).click();
    await reviewer.getByTestId("sync-badge").filter({ hasText: "1 cần xử lý" }).waitFor();
    await reviewer.getByTestId("sync-badge").click();
    await reviewer.getByRole("link", { name: "Giải quyết" }).click();
    const row = reviewer.locator("tr[data-field=address]");
    await expect(row.locator("td").allTextContents()).resolves.toEqual(["Xóm Giữa", "Xóm Mới"]);
    await shot(reviewer, "10-conflict");
    await reviewer.getByRole("button", { name: "Lưu lựa chọn" }).click();
    await reviewer.waitForURL(/\/queue$/);
    await allSent(reviewer);

    const after = await enumerator.must("GET", `${T}/households/${created.id}`);
    expect(after).toMatchObject({ address: "Xóm Giữa", version: 3 });
    await reviewer.context().close();
    await officer.context().close();
  });
});
