// The score method (Phiếu B, DOMAIN.md §3.4): point tables per pack × region, loaded from JSON or
// CSV and validated here, and score A computed from a household's answers. A table declares its
// own regions (its score columns): regions are data, not a fixed set. Official tables are long and
// change; the software ships the mechanism and one example table (score-tables/example-nd07.ts)
// that says it is not official.
import type { Issue, Result } from "./result";
import { isStandardCode, PROVENANCE_STATUSES, type Provenance, type StandardCode } from "./standards";

/** A score column of a table: urban, or a socio-economic region (vùng) for rural communes. */
export interface ScoreRegionDef {
  code: string;
  nameVi: string;
}

/** A region code (see the table's `regions`). */
export type ScoreRegion = string;

export interface ScoreOption {
  code: string;
  labelVi: string;
  /** Points per region code of the table: every region of the table, no other. */
  points: Record<ScoreRegion, number>;
}

export interface ScoreItem {
  code: string;
  labelVi: string;
  options: ScoreOption[];
}

export interface ScoreTable {
  id: string;
  title: string;
  /** False for every table not loaded from an official source; the UI must show it. */
  official: boolean;
  standard: StandardCode;
  /** Where the points come from (the circular's annex), and whether they were checked against it. */
  provenance: Provenance;
  /** The table's score columns, in order. */
  regions: ScoreRegionDef[];
  items: ScoreItem[];
}

/** The table's metadata, which a CSV file of points does not carry. */
export type ScoreTableMeta = Omit<ScoreTable, "items">;

/** The household's answers: item code → option code. */
export type ScoreAnswers = Record<string, string>;

export interface ScoreA {
  scoreA: number;
  breakdown: { item: string; option: string; points: number }[];
}

const CODE = /^[a-z0-9_]+$/;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";
const isPoints = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;
const POINTS_MESSAGE = "Điểm phải là một số không âm.";

/** The region codes of a table's metadata, once its regions are valid; empty otherwise. */
function checkRegions(raw: Record<string, unknown>, issues: Issue[]): string[] {
  if (!Array.isArray(raw.regions) || raw.regions.length === 0) {
    issues.push({ path: "regions", message: "Bảng điểm phải khai báo các vùng (cột điểm) của nó (regions)." });
    return [];
  }
  const codes: string[] = [];
  raw.regions.forEach((r: unknown, i) => {
    const at = `regions.${i}`;
    if (!isRecord(r) || typeof r.code !== "string" || !CODE.test(r.code))
      return void issues.push({
        path: `${at}.code`,
        message: "Mã vùng chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới.",
      });
    if (codes.includes(r.code)) issues.push({ path: `${at}.code`, message: `Vùng "${r.code}" bị khai báo lặp.` });
    if (!isText(r.nameVi)) issues.push({ path: `${at}.nameVi`, message: "Thiếu tên vùng (nameVi)." });
    codes.push(r.code);
  });
  return codes;
}

function checkMeta(raw: Record<string, unknown>, issues: Issue[]): string[] {
  if (!isText(raw.id)) issues.push({ path: "id", message: "Thiếu mã bảng điểm (id)." });
  if (!isText(raw.title)) issues.push({ path: "title", message: "Thiếu tên bảng điểm (title)." });
  if (typeof raw.official !== "boolean")
    issues.push({
      path: "official",
      message: "Phải ghi rõ bảng điểm có phải bảng chính thức hay không (official: true/false).",
    });
  if (!isStandardCode(raw.standard))
    issues.push({ path: "standard", message: "Mã chuẩn nghèo của bảng điểm (standard) không hợp lệ." });
  const p = raw.provenance;
  if (!isRecord(p) || !isText(p.source) || !isText(p.note) || !PROVENANCE_STATUSES.includes(p.status as never))
    issues.push({
      path: "provenance",
      message: "Phải ghi nguồn của bảng điểm (provenance: source, status verified/provisional, note).",
    });
  return checkRegions(raw, issues);
}

/** Validates a parsed value as a score table; every problem is reported, with its path. */
export function validateScoreTable(raw: unknown): Result<ScoreTable> {
  if (!isRecord(raw)) return { ok: false, issues: [{ path: "", message: "Bảng điểm phải là một đối tượng JSON." }] };
  const issues: Issue[] = [];
  const regions = checkMeta(raw, issues);
  if (!Array.isArray(raw.items) || raw.items.length === 0) {
    issues.push({ path: "items", message: "Bảng điểm phải có ít nhất một mục (items)." });
    return { ok: false, issues };
  }
  const itemAt = new Map<string, number>();
  raw.items.forEach((item: unknown, i) => {
    const at = `items.${i}`;
    if (!isRecord(item)) return void issues.push({ path: at, message: "Mỗi mục phải là một đối tượng." });
    if (typeof item.code !== "string" || !CODE.test(item.code))
      issues.push({ path: `${at}.code`, message: "Mã mục chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới." });
    else if (itemAt.has(item.code))
      issues.push({
        path: `${at}.code`,
        message: `Mã mục "${item.code}" bị lặp (đã có ở mục ${itemAt.get(item.code)! + 1}).`,
      });
    else itemAt.set(item.code, i);
    if (!isText(item.labelVi)) issues.push({ path: `${at}.labelVi`, message: "Thiếu tên mục (labelVi)." });
    if (!Array.isArray(item.options) || item.options.length === 0)
      return void issues.push({ path: `${at}.options`, message: "Mỗi mục phải có ít nhất một phương án (options)." });
    const optionAt = new Map<string, number>();
    item.options.forEach((option: unknown, j) => {
      const op = `${at}.options.${j}`;
      if (!isRecord(option)) return void issues.push({ path: op, message: "Mỗi phương án phải là một đối tượng." });
      if (typeof option.code !== "string" || !CODE.test(option.code))
        issues.push({
          path: `${op}.code`,
          message: "Mã phương án chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới.",
        });
      else if (optionAt.has(option.code))
        issues.push({
          path: `${op}.code`,
          message: `Mã phương án "${option.code}" bị lặp trong mục (đã có ở phương án ${optionAt.get(option.code)! + 1}).`,
        });
      else optionAt.set(option.code, j);
      if (!isText(option.labelVi)) issues.push({ path: `${op}.labelVi`, message: "Thiếu tên phương án (labelVi)." });
      if (!isRecord(option.points))
        return void issues.push({ path: `${op}.points`, message: "Thiếu điểm theo vùng (points)." });
      // Every item scored in every region of the table, and in no region the table does not declare.
      for (const region of regions)
        if (!isPoints(option.points[region]))
          issues.push({ path: `${op}.points.${region}`, message: `${POINTS_MESSAGE} (vùng ${region})` });
      for (const key of Object.keys(option.points))
        if (!regions.includes(key))
          issues.push({ path: `${op}.points.${key}`, message: `Bảng điểm không khai báo vùng "${key}".` });
    });
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: raw as unknown as ScoreTable };
}

/** Reads a score table from the JSON an administrator uploads. */
export function parseScoreTable(jsonText: string): Result<ScoreTable> {
  let raw: unknown;
  try {
    raw = JSON.parse(jsonText);
  } catch (e) {
    return { ok: false, issues: [{ path: "", message: `Tệp không phải JSON hợp lệ: ${(e as Error).message}` }] };
  }
  return validateScoreTable(raw);
}

/** RFC 4180 rows; the delimiter is `;` when the header has no comma (Excel in Vietnamese locale). */
function parseCsvRows(text: string): { rows: string[][]; delimiter: string } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = !firstLine.includes(",") && firstLine.includes(";") ? ";" : ",";
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (body[i + 1] === '"') (field += '"'), i++;
      else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) row.push(field), (field = "");
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && body[i + 1] === "\n") i++;
      row.push(field), rows.push(row), (row = []), (field = "");
    } else field += ch;
  }
  if (field !== "" || row.length > 0) row.push(field), rows.push(row);
  return { rows, delimiter };
}

const CSV_COLUMNS = ["item", "item_label", "option", "option_label"] as const;

/**
 * Reads a score table from CSV: a header `item,item_label,option,option_label,<one column per
 * region of the metadata>` and one row per option; the rows of one item are consecutive and its label may be left
 * blank after the first. Issue paths are `lines.<line number>.<column>`.
 */
export function parseScoreTableCsv(csvText: string, meta: ScoreTableMeta): Result<ScoreTable> {
  const issues: Issue[] = [];
  const regions = checkMeta(meta as unknown as Record<string, unknown>, issues);
  if (issues.length > 0) return { ok: false, issues };
  const { rows, delimiter } = parseCsvRows(csvText);
  const header = (rows[0] ?? []).map((h) => h.trim());
  const column = new Map(header.map((h, i) => [h, i]));
  for (const name of [...CSV_COLUMNS, ...regions])
    if (!column.has(name)) issues.push({ path: `lines.1.${name}`, message: `Dòng tiêu đề thiếu cột "${name}".` });
  if (issues.length > 0) return { ok: false, issues };

  const items: ScoreItem[] = [];
  const cell = (row: string[], name: string) => (row[column.get(name)!] ?? "").trim();
  rows.slice(1).forEach((row, r) => {
    const line = r + 2;
    if (row.every((c) => c.trim() === "")) return;
    const itemCode = cell(row, "item");
    const optionCode = cell(row, "option");
    let item = items.at(-1);
    if (!CODE.test(itemCode))
      issues.push({
        path: `lines.${line}.item`,
        message: "Mã mục chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới.",
      });
    else if (item?.code !== itemCode) {
      if (items.some((it) => it.code === itemCode))
        issues.push({ path: `lines.${line}.item`, message: `Các dòng của mục "${itemCode}" phải liền nhau.` });
      const label = cell(row, "item_label");
      if (label === "")
        issues.push({ path: `lines.${line}.item_label`, message: "Dòng đầu của một mục phải có tên mục." });
      item = { code: itemCode, labelVi: label, options: [] };
      items.push(item);
    }
    if (!CODE.test(optionCode))
      issues.push({
        path: `lines.${line}.option`,
        message: "Mã phương án chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới.",
      });
    else if (item?.options.some((o) => o.code === optionCode))
      issues.push({
        path: `lines.${line}.option`,
        message: `Mã phương án "${optionCode}" bị lặp trong mục "${itemCode}".`,
      });
    const optionLabel = cell(row, "option_label");
    if (optionLabel === "") issues.push({ path: `lines.${line}.option_label`, message: "Thiếu tên phương án." });
    const points: Record<ScoreRegion, number> = {};
    for (const region of regions) {
      const text = cell(row, region);
      const value = text === "" ? Number.NaN : Number(delimiter === ";" ? text.replace(",", ".") : text);
      if (!isPoints(value))
        issues.push({ path: `lines.${line}.${region}`, message: `${POINTS_MESSAGE} Ô hiện có: "${text}".` });
      points[region] = value;
    }
    item?.options.push({ code: optionCode, labelVi: optionLabel, points });
  });
  if (items.length === 0 && issues.length === 0)
    issues.push({ path: "lines.2", message: "Tệp không có dòng điểm nào." });
  if (issues.length > 0) return { ok: false, issues };
  return validateScoreTable({ ...meta, items });
}

/** Score A of a household in `region`: the sum of the points of the chosen option of every item. */
export function computeScoreA(table: ScoreTable, region: ScoreRegion, answers: ScoreAnswers): Result<ScoreA> {
  const issues: Issue[] = [];
  if (!table.regions.some((r) => r.code === region))
    issues.push({ path: "region", message: `Bảng điểm "${table.id}" không có vùng "${String(region)}".` });
  if (!isRecord(answers))
    return {
      ok: false,
      issues: [
        ...issues,
        { path: "answers", message: "Câu trả lời Phiếu B phải là một đối tượng mã mục → mã phương án." },
      ],
    };
  const byCode = new Map(table.items.map((it) => [it.code, it]));
  for (const code of Object.keys(answers))
    if (!byCode.has(code))
      issues.push({ path: `answers.${code}`, message: `Bảng điểm "${table.id}" không có mục "${code}".` });
  const breakdown: ScoreA["breakdown"] = [];
  let scoreA = 0;
  for (const item of table.items) {
    const chosen = answers[item.code];
    if (chosen === undefined) {
      issues.push({ path: `answers.${item.code}`, message: `Chưa trả lời mục "${item.labelVi}".` });
      continue;
    }
    const option = item.options.find((o) => o.code === chosen);
    if (!option) {
      issues.push({
        path: `answers.${item.code}`,
        message: `Mục "${item.labelVi}" không có phương án "${String(chosen)}".`,
      });
      continue;
    }
    // Validated tables score every option in every declared region; the region was checked above.
    const points = option.points[region] ?? 0;
    scoreA += points;
    breakdown.push({ item: item.code, option: option.code, points });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: { scoreA, breakdown } };
}
