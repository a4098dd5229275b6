// The web app under its Content-Security-Policy (issue 13), in real Chromium against the Worker:
// the policy and the other security headers are on the pages and the API answers, and the app
// works under them — the service worker installs and serves the shell offline, IndexedDB keeps
// the session, the live WebSocket opens — with no violation reported. Then the account page:
// a password change and another session ended.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../scripts/demo/places";
import { ApiClient } from "../../scripts/lib/client";
import { launch, phone, shot, signIn } from "./browser";

const base = inject("e2eBase");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

/** Every CSP violation the page reports, from the first script on (the listener is added before the app's). */
async function watchViolations(context: BrowserContext): Promise<() => Promise<string[]>> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const pages: Page[] = [];
  context.on("page", (p) => pages.push(p));
  const consoleErrors: string[] = [];
  context.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) consoleErrors.push(m.text());
  });
  return async () => {
    const inPages = await Promise.all(
      pages.filter((p) => !p.isClosed()).map((p) => p.evaluate(() => (window as any).__violations as string[])),
    );
    return [...inPages.flat(), ...consoleErrors];
  };
}

describe("security headers", () => {
  it("are on the app's pages (the shell and any path of it) and on the API's answers", async () => {
    for (const path of ["/", "/villages", "/account", "/sw.js"]) {
      const r = await fetch(base + path);
      const csp = r.headers.get("Content-Security-Policy") ?? "";
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain("unsafe-inline");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(r.headers.get("X-Content-Type-Options"), path).toBe("nosniff");
      expect(r.headers.get("Referrer-Policy"), path).toBe("no-referrer");
      await r.body?.cancel();
    }
    const html = await (await fetch(`${base}/`)).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const api = await fetch(`${base}/api/v1/health`);
    expect(api.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    expect(api.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});

describe("the app under its Content-Security-Policy", () => {
  it("installs its service worker, keeps IndexedDB, opens the live channel, and works offline, with no violation", async () => {
    const context = await phone(browser, base);
    const violations = await watchViolations(context);
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on("websocket", (ws) => ws.on("framereceived", (f) => sockets.push(String(f.payload))));
    await signIn(page, DEMO_ACCOUNTS.enumerator, DEMO_PASSWORD, /^\/v\//);
    await page.getByRole("heading").first().waitFor();
    // The live channel of the village (connect-src 'self' covers ws: of the same host).
    await expect.poll(() => sockets.some((m) => m.includes('"welcome"')), { timeout: 15_000 }).toBe(true);
    // The service worker is installed and controls the page; IndexedDB holds who is signed in.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload();
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    const kept = await page.evaluate(
      () =>
        new Promise<string | null>((ok) => {
          const req = indexedDB.open("ra-soat");
          req.onsuccess = () => {
            const get = req.result.transaction("kv").objectStore("kv").get("me");
            get.onsuccess = () => ok(get.result?.username ?? null);
            get.onerror = () => ok(null);
          };
          req.onerror = () => ok(null);
        }),
    );
    expect(kept).toBe(DEMO_ACCOUNTS.enumerator);
    // Offline: the shell comes from the service worker, still under its policy.
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId("sync-badge").waitFor();
    expect(await page.getByTestId("sync-badge").textContent()).toMatch(/Mất mạng/);
    await context.setOffline(false);
    expect(await violations()).toEqual([]);
    await context.close();
  });

  it("lets a user change their password and end another of their sessions on the account page", async () => {
    const admin = await new ApiClient(base).login("lucngan.admin", DEMO_PASSWORD);
    const units = (await admin.must("GET", "/api/v1/tenants/luc-ngan/units?limit=500")).items as any[];
    const village = units.find((u) => u.level === "village");
    const username = `lucngan.csp${Date.now().toString(36)}`;
    await admin.must("POST", "/api/v1/tenants/luc-ngan/users", {
      username,
      password: "nuong-ngo-tren-doi",
      displayName: "Nông Thị Thử",
      role: "enumerator",
      unitId: village.id,
    });
    const elsewhere = await new ApiClient(base).login(username, "nuong-ngo-tren-doi");
    const context = await phone(browser, base);
    const violations = await watchViolations(context);
    const page = await context.newPage();
    await signIn(page, username, "nuong-ngo-tren-doi", /^\/v\//);
    await page.getByRole("link", { name: "Tài khoản" }).click();
    await page.waitForURL((u) => u.pathname === "/account");
    const sessions = page.getByTestId("sessions").locator("li");
    await expect.poll(() => sessions.count()).toBe(2);
    await shot(page, "account");

    await page.fill("#currentPassword", "nuong-ngo-tren-doi");
    await page.fill("#newPassword", "qwertyuiop");
    await page.fill("#newPasswordAgain", "qwertyuiop");
    await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
    await page.getByRole("alert").filter({ hasText: "phổ biến" }).waitFor();

    await page.fill("#newPassword", "suoi-chay-qua-ban-2026");
    await page.fill("#newPasswordAgain", "suoi-chay-qua-ban-2026");
    await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
    await page.getByRole("status").filter({ hasText: "Đã đổi mật khẩu" }).waitFor();
    expect((await elsewhere.call("GET", "/api/v1/me")).status).toBe(401);
    // This phone stays signed in with the session the change gave it.
    await page.reload();
    await expect.poll(() => sessions.count()).toBe(1);
    expect(await sessions.first().textContent()).toContain("Phiên này");

    // A second session appears in the list and is ended from here.
    const again = await new ApiClient(base).login(username, "suoi-chay-qua-ban-2026");
    await page.reload();
    await expect.poll(() => sessions.count()).toBe(2);
    await page.getByRole("button", { name: "Kết thúc phiên" }).click();
    await expect.poll(() => sessions.count()).toBe(1);
    expect((await again.call("GET", "/api/v1/me")).status).toBe(401);
    expect(await violations()).toEqual([]);
    await context.close();
  });
});
