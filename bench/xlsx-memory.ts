// One measurement of the list-by-name workbook, in its own Node process so that its peak resident
// memory (maxRSS) is its own: `node --import tsx bench/xlsx-memory.ts <mode> <households>`, mode
//   none    — produce the pages of lines and drop them (the baseline: data, Node, tsx)
//   stream  — the export's writer (src/reports/xlsx.ts on fflate), page by page, bytes discarded
//   sheetjs — SheetJS (@e965/xlsx): every line in an array, aoa_to_sheet, write (what it needs)
// Prints one JSON line: { mode, households, lines, bytes, ms, maxRssMiB }.
import * as XLSX from "@e965/xlsx";
import { generateHouseholds } from "../src/demo/synthetic";
import { LIST_COLUMNS } from "../src/reports/build";
import { listRows, type SheetRow, sheetSpec } from "../src/reports/layout";
import type { ListHousehold } from "../src/reports/types";
import { XlsxWriter } from "../src/reports/xlsx";

const mode = process.argv[2] as "none" | "stream" | "sheetjs";
const households = Number(process.argv[3] ?? 50_000);
const PAGE = 500;
const villages = Array.from({ length: 200 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);

/** The pages of the list as the export job gets them from D1: 500 households at a time. */
function* pages(): Generator<SheetRow[]> {
  for (let p = 0; p * PAGE < households; p++) {
    const hs = generateHouseholds({
      seed: 1000 + p,
      count: Math.min(PAGE, households - p * PAGE),
      villageIds: villages,
      year: 2025,
    });
    const list: ListHousehold[] = hs.map((h) => ({
      householdId: h.id,
      unitId: h.villageId,
      unitName: `Thôn ${villages.indexOf(h.villageId) + 1}`,
      headName: h.headName,
      address: h.address,
      persons: h.members.length,
      category: "poor",
      deprivationCount: 3,
      movement: "still_poor",
      causesOfPoverty: ["Thiếu vốn", "Thiếu đất sản xuất"],
      supportNeeds: ["Vay vốn tín dụng ưu đãi", "Đào tạo nghề"],
      members: h.members.map((m) => ({
        id: m.id,
        fullName: m.fullName,
        sex: m.sex,
        birthYear: m.birthYear,
        ethnicity: m.ethnicity,
        relationToHead: m.relationToHead,
      })),
    }));
    yield listRows(list, p * PAGE + 1);
  }
}

const spec = sheetSpec(
  {
    form: "poor-list",
    title: "Danh sách hộ nghèo năm 2025",
    period: "Rà soát định kỳ năm 2025",
    unitId: null,
    unitName: "Huyện Lục Ngạn",
    campaignId: "",
    decidedOnly: false,
    columns: LIST_COLUMNS,
  },
  "Đơn vị báo cáo",
);

const t0 = performance.now();
let lines = 0;
let bytes = 0;
if (mode === "stream") {
  const w = new XlsxWriter((c) => (bytes += c.length));
  w.start(spec);
  for (const rows of pages()) {
    w.rows(rows);
    lines += rows.length;
  }
  w.finish();
} else if (mode === "sheetjs") {
  const aoa: unknown[][] = [[spec.title], ...spec.lines.map((l) => [l]), [], spec.columns.map((c) => c.label)];
  for (const rows of pages()) {
    for (const r of rows) aoa.push(r.cells);
    lines += rows.length;
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), "Danh sách");
  bytes = (XLSX.write(wb, { type: "array", bookType: "xlsx", compression: true }) as ArrayBuffer).byteLength;
} else {
  for (const rows of pages()) lines += rows.length;
}
const ms = performance.now() - t0;
console.log(
  JSON.stringify({
    mode,
    households,
    lines,
    bytes,
    ms: Math.round(ms),
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
