import { describe, expect, it } from "vitest";
import {
  computeScoreA,
  hasOfficialScoreTable,
  loadScoreTables,
  parseScoreTable,
  parseScoreTableCsv,
  SCORE_REGIONS,
  SCORE_TABLES,
  type ScoreTable,
  type ScoreTableMeta,
  scoreTableFor,
} from "../../../src/domain";
import { EXAMPLE_SCORE_TABLE } from "../../../src/domain/score-tables/example-nd07";
import { REGIONS_2016 } from "../../../src/domain/score-tables/regions";

const meta: ScoreTableMeta = {
  id: "T1",
  title: "Bảng thử",
  official: false,
  standard: "ND07_2021",
  provenance: { source: "Bảng thử", status: "provisional", note: "Chỉ để kiểm thử." },
  regions: [...REGIONS_2016],
};
const REGION_CODES = REGIONS_2016.map((r) => r.code);
const header = `item,item_label,option,option_label,${REGION_CODES.join(",")}`;

describe("the example table", () => {
  it("says it is an example and not official", () => {
    expect(EXAMPLE_SCORE_TABLE.official).toBe(false);
    expect(EXAMPLE_SCORE_TABLE.id).toMatch(/EXAMPLE/);
    expect(EXAMPLE_SCORE_TABLE.title).toContain("Bảng điểm MẪU — không phải bảng chính thức");
  });
  it("passes its own validation through JSON", () => {
    const r = parseScoreTable(JSON.stringify(EXAMPLE_SCORE_TABLE));
    expect(r.ok).toBe(true);
  });
  it("computes score A per region", () => {
    const answers = Object.fromEntries(EXAMPLE_SCORE_TABLE.items.map((i) => [i.code, i.options[0]!.code]));
    answers.household_size = "four";
    answers.livestock = "some";
    answers.dependents_share = "over_half";
    const mountains = computeScoreA(EXAMPLE_SCORE_TABLE, "northern_midlands_mountains", answers);
    const urban = computeScoreA(EXAMPLE_SCORE_TABLE, "urban", answers);
    expect(mountains.ok && mountains.value.scoreA).toBe(26 + 10);
    expect(urban.ok && urban.value.scoreA).toBe(31);
    expect(mountains.ok && mountains.value.breakdown.length).toBe(EXAMPLE_SCORE_TABLE.items.length);
  });
});

describe("computeScoreA issues", () => {
  const answers = Object.fromEntries(EXAMPLE_SCORE_TABLE.items.map((i) => [i.code, i.options[0]!.code]));
  it("names an unknown item, an unknown option and a missing answer", () => {
    const { car: _car, ...withoutCar } = answers;
    const r = computeScoreA(EXAMPLE_SCORE_TABLE, "urban", { ...withoutCar, fridge: "two", boat: "yes" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path).sort()).toEqual(["answers.boat", "answers.car", "answers.fridge"]);
  });
  it("names an unknown region", () => {
    const r = computeScoreA(EXAMPLE_SCORE_TABLE, "mars" as never, answers);
    expect(!r.ok && r.issues.map((i) => i.path)).toEqual(["region"]);
  });
});

describe("parseScoreTable (JSON)", () => {
  const good: ScoreTable = {
    ...meta,
    items: [
      {
        code: "size",
        labelVi: "Số người",
        options: [
          {
            code: "one",
            labelVi: "1 người",
            points: Object.fromEntries(REGION_CODES.map((r) => [r, 10])),
          },
        ],
      },
    ],
  };
  const pathsOf = (value: unknown) => {
    const r = parseScoreTable(JSON.stringify(value));
    return r.ok ? [] : r.issues.map((i) => i.path);
  };
  it("accepts a well-formed table", () => expect(pathsOf(good)).toEqual([]));
  it("reports bad JSON", () => {
    const r = parseScoreTable("{ not json");
    expect(!r.ok && r.issues[0]!.message).toMatch(/^Tệp không phải JSON hợp lệ/);
  });
  it("requires the official flag to be stated", () => {
    const { official: _o, ...rest } = good;
    expect(pathsOf(rest)).toEqual(["official"]);
  });
  it("points at the exact bad cell", () => {
    const bad = structuredClone(good);
    bad.items[0]!.options[0]!.points.mekong_delta = -3;
    bad.items.push(structuredClone(good.items[0]!));
    bad.items[1]!.options.push(structuredClone(good.items[0]!.options[0]!));
    (bad.items[1]!.options[1]!.points as Record<string, number>).atlantis = 1;
    expect(pathsOf({ ...bad, standard: "X" }).sort()).toEqual(
      [
        "items.0.options.0.points.mekong_delta",
        "items.1.code",
        "items.1.options.1.code",
        "items.1.options.1.points.atlantis",
        "standard",
      ].sort(),
    );
  });
  it("requires items", () => expect(pathsOf({ ...good, items: [] })).toEqual(["items"]));
  it("takes its regions as data: two columns of another scheme are enough, a third is unknown", () => {
    const twoRegions = {
      ...good,
      regions: [
        { code: "urban", nameVi: "Thành thị" },
        { code: "rural", nameVi: "Nông thôn" },
      ],
      items: [{ ...good.items[0]!, options: [{ code: "one", labelVi: "1", points: { urban: 5, rural: 4 } }] }],
    };
    expect(pathsOf(twoRegions)).toEqual([]);
    const extra = structuredClone(twoRegions);
    (extra.items[0]!.options[0]!.points as Record<string, number>).mekong_delta = 3;
    expect(pathsOf(extra)).toEqual(["items.0.options.0.points.mekong_delta"]);
    const missing = structuredClone(twoRegions);
    delete (missing.items[0]!.options[0]!.points as Record<string, number>).rural;
    expect(pathsOf(missing)).toEqual(["items.0.options.0.points.rural"]);
  });
  it("requires declared regions and a provenance", () => {
    const { provenance: _p, ...noSource } = good;
    expect(pathsOf(noSource)).toEqual(["provenance"]);
    expect(pathsOf({ ...good, regions: [] })).toContain("regions");
    expect(pathsOf({ ...good, regions: [...good.regions, good.regions[0]] })).toContain("regions.7.code");
  });
});

describe("the shipped tables", () => {
  it("are validated on load: a table with an item not scored in a region stops the load", () => {
    const broken = structuredClone(EXAMPLE_SCORE_TABLE);
    delete (broken.items[3]!.options[1]!.points as Record<string, number>).south_east;
    expect(() => loadScoreTables([broken])).toThrow(/items\.3\.options\.1\.points\.south_east/);
    expect(() => loadScoreTables([EXAMPLE_SCORE_TABLE, EXAMPLE_SCORE_TABLE])).toThrow(/bị lặp/);
  });
  it("ship only the example, marked as such, for ND07 (no official table was found)", () => {
    expect(SCORE_TABLES.map((t) => [t.id, t.official, t.provenance.status])).toEqual([
      ["EXAMPLE_ND07_2021", false, "provisional"],
    ]);
    expect(hasOfficialScoreTable("ND07_2021")).toBe(false);
    expect(SCORE_REGIONS.map((r) => r.code)).toEqual(REGION_CODES);
  });
  it("pick the table of the pack and region, an official one first", () => {
    expect(scoreTableFor("ND07_2021", "northern_midlands_mountains")?.id).toBe("EXAMPLE_ND07_2021");
    expect(scoreTableFor("ND351_2025", "urban")).toBeNull();
    expect(scoreTableFor("ND07_2021", "atlantis")).toBeNull();
    const official = { ...EXAMPLE_SCORE_TABLE, id: "OFFICIAL", official: true };
    expect(scoreTableFor("ND07_2021", "urban", [EXAMPLE_SCORE_TABLE, official])?.id).toBe("OFFICIAL");
    expect(hasOfficialScoreTable("ND07_2021", [official])).toBe(true);
  });
});

describe("parseScoreTableCsv", () => {
  it("reads consecutive rows of an item, quoted labels and a BOM", () => {
    const csv = `\uFEFF${header}\r\nsize,"Số nhân khẩu, của hộ",one,1 người,50,45,44,45,44,49,47\r\nsize,,two,"2 ""người""",40,38,36,37,36,39,38\r\nfridge,Tủ lạnh,no,Không,0,0,0,0,0,0,0\r\nfridge,,yes,Có,8,8,8,8,8,8,8\r\n`;
    const r = parseScoreTableCsv(csv, meta);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.items.map((i) => [i.code, i.labelVi, i.options.length])).toEqual([
      ["size", "Số nhân khẩu, của hộ", 2],
      ["fridge", "Tủ lạnh", 2],
    ]);
    expect(r.value.items[0]!.options[1]!.labelVi).toBe('2 "người"');
    expect(r.value.items[0]!.options[0]!.points.northern_midlands_mountains).toBe(44);
  });
  it("reads semicolon-separated files with decimal commas (Excel in Vietnamese)", () => {
    const csv = `${header.replaceAll(",", ";")}\nsize;Số người;one;1 người;1,5;2;2;2;2;2;2\n`;
    const r = parseScoreTableCsv(csv, meta);
    expect(r.ok && r.value.items[0]!.options[0]!.points.urban).toBe(1.5);
  });
  it("names line and column of each problem", () => {
    const csv = `${header}\nsize,Số người,one,1 người,10,10,10,10,x,10,10\nsize,,one,lặp,1,1,1,1,1,1,1\nfridge,,no,,0,0,0,0,0,0,0\nsize,Lại,three,3,1,1,1,1,1,1,1\n`;
    const r = parseScoreTableCsv(csv, meta);
    expect(!r.ok && r.issues.map((i) => i.path)).toEqual([
      "lines.2.central_highlands",
      "lines.3.option",
      "lines.4.item_label",
      "lines.4.option_label",
      "lines.5.item",
    ]);
  });
  it("requires every column", () => {
    const r = parseScoreTableCsv("item,item_label,option,option_label,urban\n", meta);
    expect(!r.ok && r.issues.map((i) => i.path)).toContain("lines.1.mekong_delta");
  });
  it("takes its region columns from the metadata", () => {
    const r = parseScoreTableCsv("item,item_label,option,option_label,urban,rural\nsize,Số người,one,1,5,4\n", {
      ...meta,
      regions: [
        { code: "urban", nameVi: "Thành thị" },
        { code: "rural", nameVi: "Nông thôn" },
      ],
    });
    expect(r.ok && r.value.items[0]!.options[0]!.points).toEqual({ urban: 5, rural: 4 });
  });
});
