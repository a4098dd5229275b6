// Importing a household list in the browser, as the commune officer would: the village list as
// LibreOffice saved it (.xlsx with title rows, an STT column and merged cells) picked from the
// phone, read through and shown before anything is written (sheet, header row, columns,
// households, errors — downloadable), confirmed, followed to the end, and picked again without
// creating anything new.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TENANTS } from "../../scripts/demo/places";
import { ApiClient } from "../../scripts/lib/client";
import { XlsxFile } from "../../src/imports/xlsx";
import { bytesSource } from "../../src/lib/zip";
import { FIXTURES } from "../fixtures/imports/make";
import { launch, phone, shot, signIn } from "./browser";

const base = inject("e2eBase");
const LIST = join(FIXTURES, "danh-sach-thon-khuon-than.xlsx");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe("importing a household list", () => {
  it("previews the officials' .xlsx list, imports it on confirmation, and creates nothing new the second time", async () => {
    const page = await (await phone(browser, base)).newPage();
    await signIn(page, DEMO_ACCOUNTS.communeOfficer, DEMO_PASSWORD, /^\/commune/);
    await page.getByRole("link", { name: "Nhập danh sách" }).click();
    await page.getByRole("heading", { name: "Nhập danh sách hộ từ tệp" }).waitFor();
    // Into one village (the list's village codes would place it in Thôn Khuôn Thần).
    await page.getByLabel("Nhập vào").selectOption({ label: "Xã Tân Sơn › Thôn Nà Ó" });
    await shot(page, "40-import-choose");

    await page.getByLabel("Chọn tệp danh sách (.xlsx hoặc .csv)").setInputFiles(LIST);
    const preview = page.getByTestId("import-preview");
    await preview.waitFor();
    await expect(preview.locator("dl").textContent()).resolves.toMatch(
      /Trang tínhDanh sáchDòng tiêu đề4Số hộ sẽ nhập3Hộ có lỗi \(không nhập\)1/,
    );
    const mapping = preview.locator("table.mapping");
    const columnOf = (label: string) =>
      mapping
        .locator("tr")
        .filter({ has: page.locator("th", { hasText: new RegExp(`^${label}$`) }) })
        .locator("td");
    await expect(columnOf("Chủ hộ").textContent()).resolves.toBe("Họ và tên chủ hộ");
    await expect(columnOf("Năm sinh").textContent()).resolves.toBe("Ngày sinh");
    await preview.getByText("Bỏ qua các cột: STT, Ghi chú").waitFor();
    await expect(preview.locator(".row-errors li").first().textContent()).resolves.toMatch(
      /Dòng 15 · Quan hệ với chủ hộ: Không nhận ra quan hệ với chủ hộ "Em dâu"/,
    );
    await shot(page, "41-import-preview");

    // The errors as a workbook, before anything is imported.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      preview.getByRole("button", { name: "Tải danh sách lỗi (.xlsx)" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("loi-danh-sach-thon-khuon-than.xlsx");
    const book = await XlsxFile.open(bytesSource(new Uint8Array(readFileSync((await download.path())!))));
    const rows: string[][] = [];
    for await (const r of book.rows(book.sheets[0]!)) rows.push(r.cells);
    expect(rows).toContainEqual(["15", "Quan hệ với chủ hộ", "Em dâu", 'Không nhận ra quan hệ với chủ hộ "Em dâu".']);

    const admin = await new ApiClient(base).login(DEMO_TENANTS[0]!.admin, DEMO_PASSWORD);
    const found = async () =>
      (await admin.must("GET", "/api/v1/tenants/luc-ngan/households?q=nong%20van%20thang")).items;
    expect(await found()).toEqual([]);

    await preview.getByRole("button", { name: "Nhập 3 hộ" }).click();
    const result = page.getByTestId("import-result");
    await result.getByText("Đã nhập xong").waitFor({ timeout: 60_000 });
    await expect(result.textContent()).resolves.toMatch(/3 hộ mới.*0 hộ đã có trong sổ.*1 hộ có lỗi/);
    await expect(result.getByRole("link", { name: "Tải danh sách lỗi (.xlsx)" }).getAttribute("href")).resolves.toMatch(
      /\/imports\/[0-9a-f-]+\/errors\.xlsx$/,
    );
    await shot(page, "42-import-done");
    const units = (await admin.must("GET", "/api/v1/tenants/luc-ngan/units")).items;
    const naO = units.find((u: any) => u.name === "Thôn Nà Ó");
    expect((await found()).map((h: any) => [h.headName, h.villageId])).toEqual([["Nông Văn Thắng", naO.id]]);

    // The same file again: read, confirmed, nothing new.
    await result.getByRole("button", { name: "Chọn tệp khác" }).click();
    await page.getByLabel("Nhập vào").selectOption({ label: "Xã Tân Sơn › Thôn Nà Ó" });
    await page.getByLabel("Chọn tệp danh sách (.xlsx hoặc .csv)").setInputFiles(LIST);
    await page.getByRole("button", { name: "Nhập 3 hộ" }).click();
    await page.getByTestId("import-result").getByText("Đã nhập xong").waitFor({ timeout: 60_000 });
    await expect(page.getByTestId("import-result").textContent()).resolves.toMatch(/0 hộ mới.*3 hộ đã có trong sổ/);
    expect(await found()).toHaveLength(1);
    await page.context().close();
  });
});
