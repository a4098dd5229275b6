// One reading of a household list, in its own Node process so that its memory is its own:
// `node --import tsx [--max-old-space-size=128] bench/import-memory.ts <mode> <file>`, mode
//   none    — load the modules and stop (the baseline: Node, tsx, the reader's code)
//   ours    — src/imports/reader.ts through every household, the file read by ranges from disk
//             as the import job reads it from R2 (CSV or XLSX alike)
//   sheetjs — SheetJS (@e965/xlsx), the maintained reader one would take instead: the workbook
//             read whole, then its rows as arrays
// Prints one JSON line: { mode, file, households, rows, ms, peakHeapMiB, maxRssMiB }. The peak
// JS heap is sampled every 10 ms while the reader awaits its next chunk (the SheetJS read is one
// synchronous call: its figure is the heap after it, with the workbook still held).
import { readFileSync } from "node:fs";
import v8 from "node:v8";
import * as XLSX from "@e965/xlsx";
import { openHouseholdList } from "../src/imports/reader";
import { fileSource } from "./household-lists";

const [mode, file] = process.argv.slice(2) as ["none" | "ours" | "sheetjs", string];
const heap = () => v8.getHeapStatistics().used_heap_size;
let peak = heap();
const sampler = setInterval(() => (peak = Math.max(peak, heap())), 10);

const t0 = performance.now();
let households = 0;
let rows = 0;
if (mode === "ours") {
  const list = await openHouseholdList(fileSource(file), { needVillageCode: true });
  for await (const item of list.items) {
    rows += item.rows;
    if (item.kind === "household") households++;
  }
} else if (mode === "sheetjs") {
  const book = XLSX.read(readFileSync(file), { dense: true });
  const aoa = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1 });
  rows = aoa.length;
  peak = Math.max(peak, heap());
}
const ms = performance.now() - t0;
clearInterval(sampler);
peak = Math.max(peak, heap());
console.log(
  JSON.stringify({
    mode,
    file,
    households,
    rows,
    ms: Math.round(ms),
    peakHeapMiB: Math.round(peak / 2 ** 20),
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
