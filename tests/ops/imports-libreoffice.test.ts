// The import's test lists are what headless LibreOffice makes of their .fods sources: they are
// made again here (tests/fixtures/imports/make.ts) and each is read to the same households, rows
// and errors as the committed file the other tests read.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openHouseholdList, type ReadItem } from "../../src/imports/reader";
import { bytesSource } from "../../src/lib/zip";
import { FIXTURES, LISTS, makeFixtures } from "../fixtures/imports/make";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ra-soat-import-lists-"));
  makeFixtures(dir);
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(file: string) {
  const list = await openHouseholdList(bytesSource(new Uint8Array(readFileSync(file))), {
    needVillageCode: file.includes("trang-2"),
  });
  const items: ReadItem[] = [];
  for await (const item of list.items) items.push(item);
  return { layout: list.layout, items };
}

describe("lists made by LibreOffice", () => {
  const files = [...Object.keys(LISTS).map((name) => `${name}.xlsx`), "danh-sach-thon-khuon-than.csv"];
  it.each(files)("%s made again reads as the committed one", async (file) => {
    const fresh = await read(join(dir, file));
    expect(fresh).toEqual(await read(join(FIXTURES, file)));
    expect(fresh.items.filter((i) => i.kind === "household").length).toBeGreaterThan(1);
  });
});
