// District and province staff in the browser, on the demo's reviews: the progress dashboard per
// commune and village, a report with its export (job progress, then the download), the
// falsification signals, and the province's view of its districts.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TENANTS } from "../../scripts/demo/places";
import { launch, phone, shot, signIn } from "./browser";

const base = inject("e2eBase");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe("district and province", () => {
  it("the district follows progress per commune and village, reads and exports a report, and sees the signals", async () => {
    const district = await (await phone(browser, base)).newPage();
    await signIn(district, DEMO_TENANTS[0]!.admin, DEMO_PASSWORD, /^\/dashboard$/);
    const tanSon = district.locator(".bars li", { hasText: "Xã Tân Sơn" });
    await tanSon.waitFor();
    // The demo's review in progress has households at every stage.
    await expect(tanSon.locator(".stage-submitted small").textContent()).resolves.toMatch(/: [1-9]/);
    // The chart of forms saved per day comes with the campaign's list, after the bars.
    await expect.poll(() => district.locator(".chart svg rect").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await shot(district, "16-district-dashboard");
    await tanSon.getByRole("link", { name: "Xã Tân Sơn" }).click();
    await district.locator(".bars li", { hasText: "Thôn Khuôn Thần" }).waitFor();
    await shot(district, "17-district-dashboard-commune");

    await district.getByRole("link", { name: "Biểu mẫu báo cáo" }).click();
    await district.locator("table.report", { hasText: "Xã Tân Sơn" }).waitFor();
    await shot(district, "18-district-reports");
    await district.getByRole("button", { name: "Xuất tệp (.xlsx)" }).click();
    const download = district.getByRole("link", { name: "Tải về" });
    await download.waitFor({ timeout: 60_000 });
    expect(await download.getAttribute("href")).toMatch(/^\/api\/v1\/tenants\/luc-ngan\/exports\//);
    await shot(district, "19-district-export-done");

    await district.getByRole("link", { name: "Dấu hiệu bất thường" }).click();
    await district.locator("li.signal").first().waitFor();
    await shot(district, "20-district-signals");
    await district.context().close();
  });

  it("the province sees every district with its rates", async () => {
    const province = await (await phone(browser, base)).newPage();
    await signIn(province, DEMO_ACCOUNTS.province, DEMO_PASSWORD, /^\/province$/);
    const table = province.locator("table.report");
    await table.locator("tr", { hasText: "Huyện Lục Ngạn" }).waitFor();
    await table.locator("tr", { hasText: "Huyện Sơn Động" }).waitFor();
    await expect(table.locator("tfoot").textContent()).resolves.toMatch(/%/);
    await shot(province, "21-province");
    await province.context().close();
  });
});
