// The score method (Phiếu B, DOMAIN.md §3.4): point tables per pack × region, loaded by an
// administrator from JSON or CSV and validated here, and score A computed from a household's
// answers. Official tables are long and change; the software ships the mechanism and one example
// table (score-tables/example-nd07.ts) that says it is not official.
import type { Issue, Result } from "./result";
import { isStandardCode, type StandardCode } from "./standards";

/** Score columns: urban plus the six rural regions of the 2016–2020 tables. */
export const SCORE_REGIONS = [
  "urban",
  "red_river_delta",
  "northern_midlands_mountains",
  "north_central_coast",
  "central_highlands",
  "south_east",
  "mekong_delta",
] as const;
export type ScoreRegion = (typeof SCORE_REGIONS)[number];

export interface ScoreOption {
  code: string;
  labelVi: string;
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

function checkMeta(raw: Record<string, unknown>, issues: Issue[]): void {
  if (!isText(raw.id)) issues.push({ path: "id", message: "Thiếu mã bảng điểm (id)." });
  if (!isText(raw.title)) issues.push({ path: "title", message: "Thiếu tên bảng điểm (title)." });
  if (typeof raw.official !== "boolean")
    issues.push({
      path: "official",
      message: "Phải ghi rõ bảng điểm có phải bảng chính thức hay không (official: true/false).",
    });
  if (!isStandardCode(raw.standard))
    issues.push({ path: "standard", message: "Mã chuẩn nghèo của bảng điểm (standard) không hợp lệ." });
}

/** Validates a parsed value as a score table; every problem is reported, with its path. */
export function validateScoreTable(raw: unknown): Result<ScoreTable> {
  if (!isRecord(raw)) return { ok: false, issues: [{ path: "", message: "Bảng điểm phải là một đối tượng JSON." }] };
  const issues: Issue[] = [];
  checkMeta(raw, issues);
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
      for (const region of SCORE_REGIONS)
        if (!isPoints(option.points[region]))
          issues.push({ path: `${op}.points.${region}`, message: `${POINTS_MESSAGE} (vùng ${region})` });
      for (const key of Object.keys(option.points))
        if (!(SCORE_REGIONS as readonly string[]).includes(key))
          issues.push({ path: `${op}.points.${key}`, message: `Không có vùng "${key}".` });
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
 * region>` and one row per option; the rows of one item are consecutive and its label may be left
 * blank after the first. Issue paths are `lines.<line number>.<column>`.
 */
export function parseScoreTableCsv(csvText: string, meta: ScoreTableMeta): Result<ScoreTable> {
  const issues: Issue[] = [];
  checkMeta(meta as unknown as Record<string, unknown>, issues);
  const { rows, delimiter } = parseCsvRows(csvText);
  const header = (rows[0] ?? []).map((h) => h.trim());
  const column = new Map(header.map((h, i) => [h, i]));
  for (const name of [...CSV_COLUMNS, ...SCORE_REGIONS])
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
    const points = {} as Record<ScoreRegion, number>;
    for (const region of SCORE_REGIONS) {
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
  if (!(SCORE_REGIONS as readonly string[]).includes(region))
    issues.push({ path: "region", message: `Không có vùng "${String(region)}" trong bảng điểm.` });
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
    const points = option.points[region];
    scoreA += points;
    breakdown.push({ item: item.code, option: option.code, points });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: { scoreA, breakdown } };
}
