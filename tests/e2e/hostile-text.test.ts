// Text stored from hostile input is shown as text in the web app: names that are HTML, script or
// template injections, or that play tricks with Unicode (right-to-left overrides, zero-width and
// combining marks, NFD), appear literally in the list and on the household's page, and nothing
// in them runs or becomes markup. (The API stores them as sent, in NFC: tests/reliability/fuzz.)
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD, DEMO_TENANTS } from "../../scripts/demo/places";
import { ApiClient } from "../../scripts/lib/client";
import { tidy } from "../../src/lib/text";
import { launch, phone, signIn } from "./browser";

const base = inject("e2eBase");
const T = "/api/v1/tenants/luc-ngan";
let browser: Browser;
let admin: ApiClient;

const HOSTILE = [
  '<img src=x onerror="window.__xss=1">',
  "<script>window.__xss=2</script>",
  '"><svg onload="window.__xss=3">',
  "{{constructor.constructor('window.__xss=4')()}}",
  '<a href="javascript:window.__xss=5">bấm</a>',
  "\u202Eexe.txt Lò Văn",
  "Nguye\u0302\u0303n Thi\u0323 Ha\u0300\u200B\u200D",
  "'; DROP TABLE households; --",
];

beforeAll(async () => {
  browser = await launch();
  admin = await new ApiClient(base).login(DEMO_TENANTS[0]!.admin, DEMO_PASSWORD);
});

afterAll(async () => {
  await browser?.close();
});

describe("hostile text in the web app", () => {
  it("is shown literally in the village list and on the household's page, and nothing in it runs", async () => {
    const villages = await admin.must("GET", `${T}/units?level=village&limit=500`);
    // The last village of the district: the other browser tests do not look there.
    const village = villages.items[villages.items.length - 1];
    const made: { id: string; name: string; token: string }[] = [];
    for (const [i, hostile] of HOSTILE.entries()) {
      const token = `Thuxss${i}`;
      const name = `${hostile} ${token}`;
      const h = await admin.must("POST", `${T}/households`, {
        villageId: village.id,
        headName: name,
        address: hostile,
        members: [{ fullName: name, sex: "female", birthYear: 1980, ethnicity: "kinh", relationToHead: "head" }],
      });
      made.push({ id: h.id, name: tidy(name), token });
    }

    const page = await (await phone(browser, base)).newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.addInitScript(() => {
      (window as unknown as { __xss: number }).__xss = 0;
    });
    await signIn(page, DEMO_TENANTS[0]!.admin, DEMO_PASSWORD, /^\/dashboard$/);
    for (const h of made) {
      await page.goto(`/v/${village.id}`);
      await page.fill("#q", h.token.toLowerCase());
      const row = page.locator(".households li", { hasText: h.token });
      await row.first().waitFor();
      expect(await row.first().textContent()).toContain(h.name);
      await page.goto(`/v/${village.id}/h/${h.id}`);
      await expect.poll(() => page.locator("h1").textContent(), { timeout: 15_000 }).toBe(h.name);
    }
    expect(await page.evaluate(() => (window as unknown as { __xss: number }).__xss)).toBe(0);
    expect(dialogs).toEqual([]);
    // None of the markup became elements.
    expect(await page.locator('img[src="x"], svg[onload], a[href^="javascript:"]').count()).toBe(0);
    await page.context().close();
  });
});
