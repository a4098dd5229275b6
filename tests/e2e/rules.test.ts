// The law in force in the browser: the page "Quy định áp dụng" lists, for the pack of a campaign,
// every line, indicator and definition with its text and status; the district records its
// chairman's opinion; the commune's decision screen says which procedure applies by its date.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TENANTS } from "../../scripts/demo/places";
import { formatDong, getStandard, provenanceKeys } from "../../src/domain";
import { launch, phone, shot, signIn } from "./browser";

const base = inject("e2eBase");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe("the law in force", () => {
  it("an official reads every value of the campaign's pack with its source and status", async () => {
    const officer = await (await phone(browser, base)).newPage();
    await signIn(officer, DEMO_ACCOUNTS.communeOfficer, DEMO_PASSWORD, /^\/commune\/review$/);
    await officer.getByRole("link", { name: "Quy định áp dụng" }).click();
    const table = officer.getByTestId("rules-table");
    await table.waitFor();
    // The pack of the demo's current review, by the year of the list it makes (ND07_2021 for the
    // periodic review of 2025, ND351_2025 for that of 2026).
    const heading = (await officer.getByTestId("rules-pack").textContent()) ?? "";
    const pack = getStandard(heading.split(":")[0]!.trim())!;
    expect(pack).not.toBeNull();
    const rows = table.locator("tbody tr");
    await expect(rows.count()).resolves.toBe(provenanceKeys(pack).length);
    const line = table.locator('tr[data-key="lines.rural"]');
    await expect(line.textContent()).resolves.toContain(formatDong(pack.lines.rural.poverty));
    await expect(line.textContent()).resolves.toContain(pack.provenance["lines.rural"]!.source);
    await expect(line.locator("[data-status]").textContent()).resolves.toBe("Đã đối chiếu");
    const indicator = table.locator('tr[data-key="indicator.water"]');
    await expect(indicator.textContent()).resolves.toContain("Nguồn nước sinh hoạt");
    await expect(indicator.locator("[data-status]").getAttribute("data-status")).resolves.toBe("provisional");
    // Every row names a text and a status.
    const cells = await rows.evaluateAll((trs) =>
      trs.map((tr) => [
        tr.children[2]?.textContent?.trim() ?? "",
        tr.querySelector("[data-status]")?.textContent ?? "",
      ]),
    );
    for (const [source, status] of cells) {
      expect(source.length).toBeGreaterThan(5);
      expect(["Đã đối chiếu", "Tạm tính"]).toContain(status);
    }
    await shot(officer, "30-rules-in-force");

    // The decision screen says which procedure applies for the date of signing.
    await officer.getByRole("link", { name: "Quyết định công nhận" }).click();
    const rule = officer.getByTestId("decision-rule");
    await expect(rule.textContent()).resolves.toContain("không còn bước xin ý kiến cấp huyện");
    await officer.fill("#signedOn", "2025-06-20");
    await expect.poll(() => rule.textContent()).toContain("phải có ý kiến của Chủ tịch UBND cấp huyện");
    await shot(officer, "31-decision-rule-before-reform");
    await officer.context().close();
  });

  it("the district records its chairman's opinion, and the commune sees it", async () => {
    const district = await (await phone(browser, base)).newPage();
    await signIn(district, DEMO_TENANTS[0]!.admin, DEMO_PASSWORD, /^\/dashboard$/);
    await district.getByRole("link", { name: "Ý kiến cấp huyện" }).click();
    await district.getByRole("heading", { name: "Ý kiến của Chủ tịch UBND cấp huyện" }).waitFor();
    // The 2024 census was decided in every commune after the chairman's opinions.
    const campaign = district.locator("#campaign");
    const census = await campaign.locator("option", { hasText: "Tổng điều tra" }).getAttribute("value");
    await campaign.selectOption(census!);
    await expect.poll(() => district.getByTestId("opinions").locator("li").count()).toBeGreaterThan(1);

    // In the current review, a date from 1 July 2025 is refused; an earlier one is recorded.
    const current = await campaign.locator("option", { hasText: "định kỳ" }).first().getAttribute("value");
    await campaign.selectOption(current!);
    const tanSon = await district.locator("#communeId option", { hasText: "Xã Tân Sơn" }).getAttribute("value");
    await district.locator("#communeId").selectOption(tanSon!);
    await district.fill("#givenOn", "2025-07-02");
    await district.getByRole("button", { name: "Ghi ý kiến" }).click();
    await expect(district.getByRole("alert").textContent()).resolves.toContain("01/07/2025");
    await district.fill("#givenOn", "2025-06-20");
    await district.fill("#opinionNumber", "88/UBND-LĐTBXH");
    await district.getByRole("button", { name: "Ghi ý kiến" }).click();
    await district.getByRole("status").filter({ hasText: "Đã ghi ý kiến." }).waitFor();
    await district.getByTestId("opinions").locator("li", { hasText: "88/UBND-LĐTBXH" }).waitFor();
    await shot(district, "32-district-opinion");
    await district.context().close();

    const officer = await (await phone(browser, base)).newPage();
    await signIn(officer, DEMO_ACCOUNTS.communeOfficer, DEMO_PASSWORD, /^\/commune\/review$/);
    await officer.getByRole("link", { name: "Quyết định công nhận" }).click();
    await officer.fill("#signedOn", "2025-06-25");
    await expect
      .poll(() => officer.getByTestId("decision-rule").textContent())
      .toContain("Đã có ý kiến của Chủ tịch UBND cấp huyện ngày 20/06/2025");
    await officer.context().close();
  });
});
