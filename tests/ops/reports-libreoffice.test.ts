// The exported workbooks open in LibreOffice (Debian's libreoffice-calc, headless): a seeded
// district on a real `wrangler dev`, its results form and poor list exported through the API,
// downloaded, converted to CSV by LibreOffice, and read back with the numbers and Vietnamese text
// of the JSON report.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../../scripts/lib/client";
import { type DevServer, startDevServer } from "../../scripts/lib/dev-server";
import { insertAccounts, insertRows, type LocalState, prepareLocalState } from "../../scripts/lib/local-state";
import { CAMPAIGN_2025, seedTenant } from "../fixtures/seeded-tenant";

const PASSWORD = "mat-khau-thu-nghiem";
const C = ["0d000000-0000-4000-8000-000000000001", "0d000000-0000-4000-8000-000000000002"];
const V = [
  "0d000000-0000-4000-8000-000000000011",
  "0d000000-0000-4000-8000-000000000012",
  "0d000000-0000-4000-8000-000000000021",
];
let local: LocalState;
let server: DevServer;
let admin: ApiClient;

beforeAll(async () => {
  local = prepareLocalState("ra-soat-libreoffice-", [
    { code: "luc-ngan", name: "Huyện Lục Ngạn", province: "bac-giang" },
  ]);
  const unit = (
    id: string,
    code: string,
    name: string,
    level: string,
    parent: string | null,
    area: string,
    kind: string,
  ) => ({ id, code, name, level, parent_id: parent, kind, area, valid_from: "2020-01-01" });
  const seeded = await seedTenant({
    seed: 5,
    households: 500,
    villages: [
      { id: V[0]!, communeId: C[0]!, area: "rural" },
      { id: V[1]!, communeId: C[0]!, area: "rural" },
      { id: V[2]!, communeId: C[1]!, area: "urban" },
    ],
    reviewers: ["0e000000-0000-4000-8000-000000000001"],
    decidedCommuneId: C[1]!,
  });
  insertRows(local.files.get("luc-ngan")!, [
    {
      table: "units",
      rows: [
        unit(C[0]!, "07459", "Xã Tân Sơn", "commune", null, "rural", "xa"),
        unit(V[0]!, "07459-01", "Thôn Khuôn Thần", "village", C[0]!, "rural", "thon"),
        unit(V[1]!, "07459-02", "Bản Ó", "village", C[0]!, "rural", "ban"),
        unit(C[1]!, "07402", "Thị trấn Chũ", "commune", null, "urban", "thi_tran"),
        unit(V[2]!, "07402-01", "Tổ dân phố Trần Phú", "village", C[1]!, "urban", "to_dan_pho"),
      ],
    },
    ...seeded.tables,
  ]);
  await insertAccounts(local, PASSWORD, [
    { username: "lucngan.admin", role: "district_admin", province: "bac-giang", tenant: "luc-ngan" },
  ]);
  server = await startDevServer({ persistTo: local.state, config: local.config });
  admin = await new ApiClient(server.base).login("lucngan.admin", PASSWORD);
}, 170_000);

afterAll(async () => {
  await server?.stop();
  if (local) rmSync(local.dir, { recursive: true, force: true });
});

async function exported(form: string, format: "xlsx" | "csv"): Promise<string> {
  const job = await admin.must(
    "POST",
    "/api/v1/tenants/luc-ngan/exports",
    { campaignId: CAMPAIGN_2025, form, format },
    [202],
  );
  let st: any;
  for (let i = 0; i < 200; i++) {
    st = await admin.must("GET", `/api/v1/tenants/luc-ngan/exports/${job.id}`);
    if (st.status === "done" || st.status === "failed") break;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  expect(st.status).toBe("done");
  const res = await fetch(`${server.base}${st.downloadUrl}`, { headers: { Authorization: `Bearer ${admin.token}` } });
  expect(res.status).toBe(200);
  const file = join(local.dir, `${form}.${format}`);
  writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
  return file;
}

/** LibreOffice's reading of a workbook, as CSV rows (UTF-8, comma, raw cell values). */
function libreOfficeRows(xlsx: string): string[][] {
  const out = join(local.dir, "converted");
  mkdirSync(out, { recursive: true });
  const r = spawnSync(
    "libreoffice",
    [
      `-env:UserInstallation=file://${join(local.dir, "lo-profile")}`,
      "--headless",
      "--convert-to",
      "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false",
      "--outdir",
      out,
      xlsx,
    ],
    { encoding: "utf8", timeout: 120_000 },
  );
  expect(r.status, r.stderr).toBe(0);
  const text = readFileSync(
    join(
      out,
      xlsx
        .split("/")
        .pop()!
        .replace(/\.xlsx$/, ".csv"),
    ),
    "utf8",
  );
  // RFC 4180 lines (cells here hold no line breaks)
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) =>
      [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)]
        .slice(0, -1)
        .map((m) => m[1]!.replace(/^"|"$/g, "").replace(/""/g, '"')),
    );
}

describe("exports read by LibreOffice", () => {
  it("reads the results form with the report's title, units and numbers", async () => {
    const report = await admin.must("GET", `/api/v1/tenants/luc-ngan/campaigns/${CAMPAIGN_2025}/reports/results`);
    const rows = libreOfficeRows(await exported("results", "xlsx"));
    expect(rows[0]![0]).toBe("KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025");
    expect(rows[1]![0]).toBe("Đơn vị báo cáo: Huyện Lục Ngạn");
    const keys: string[] = report.columns.map((c: any) => c.key);
    const check = (name: string, values: any) => {
      const row = rows.find((r) => r[1] === name);
      expect(row, name).toBeDefined();
      keys.forEach((k, i) => k !== "unitName" && expect(Number(row![i + 1]), `${name} ${k}`).toBe(values[k]));
    };
    check("Tổng cộng", report.total);
    for (const u of report.rows) check(u.unitName, u);
    check("Khu vực thành thị", report.subtotals[0]);
    expect(report.total.poor).toBeGreaterThan(0);
  });

  it("reads the poor list: one line per member, the household's name on the head's line", async () => {
    const list: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await admin.must(
        "GET",
        `/api/v1/tenants/luc-ngan/campaigns/${CAMPAIGN_2025}/reports/poor-list?limit=500${cursor ? `&cursor=${cursor}` : ""}`,
      );
      list.push(...page.rows);
      cursor = page.nextCursor;
    } while (cursor);
    const rows = libreOfficeRows(await exported("poor-list", "xlsx"));
    const header = rows.findIndex((r) => r[0] === "STT");
    const body = rows.slice(header + 3, -1);
    expect(body.map((r) => r[5])).toEqual(list.flatMap((h) => h.members.map((m: any) => m.fullName)));
    expect(body.filter((r) => r[0] !== "").map((r) => r[2])).toEqual(list.map((h) => h.headName));
    expect(rows.at(-1)![1]).toBe("Tổng cộng");
  });
});
