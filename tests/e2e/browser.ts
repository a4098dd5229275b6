// Chromium for the browser tests: Debian's build driven by playwright-core (Playwright cannot
// download browsers here), phone-sized pages, screenshots written as test artifacts.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { audit } from "./audit";
import { ROOT } from "./server";

export const SHOTS = join(ROOT, "test-results", "e2e");

export function launch(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--lang=vi-VN",
    ],
  });
}

/** A phone: 360 × 740 CSS pixels, Vietnamese. */
export function phone(browser: Browser, base: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: base,
    viewport: { width: 360, height: 740 },
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
  });
}

/** Writes the screenshot of the page as it is, and checks the screen's accessibility (audit.ts). */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
  expect(await audit(page), `accessibility of ${name}`).toEqual([]);
}

/** Signs in and waits for the role's start page (`home`). */
export async function signIn(page: Page, username: string, password: string, home: RegExp): Promise<void> {
  await page.goto("/");
  await page.fill("#username", username);
  await page.fill("#password", password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL((url) => home.test(url.pathname));
}

/** Waits until the outbox has sent everything (the badge says so). */
export async function allSent(page: Page): Promise<void> {
  await page.getByTestId("sync-badge").filter({ hasText: "Đã gửi hết" }).waitFor({ timeout: 20_000 });
}
