// Each falsification rule: a planted case is flagged with a reason a person can check, and a
// clean case next to it is not.
import { describe, expect, it } from "vitest";
import {
  type AssetRow,
  assetsVsCategory,
  bulkEntry,
  changedAfterMeeting,
  duplicatePerson,
  duplicatePersonAcrossTenants,
  type EntryRow,
  nightEntry,
  overrideRate,
  ANOMALY_THRESHOLDS as T,
  type VillageRate,
  villageRateChange,
  villageRateNeighbours,
} from "../../../src/domain";

const asset = (over: Partial<AssetRow>): AssetRow => ({
  assessmentId: "a1",
  householdId: "h1",
  villageId: "v1",
  villageName: "Thôn Khuôn Thần",
  headName: "Nguyễn Văn An",
  category: "poor",
  persons: 4,
  facts: { houseFloorAreaM2: 60 },
  pensioners: 0,
  ...over,
});

describe("assets against the result", () => {
  it("flags a poor household with a car, a large house, land or a pensioner, naming each", () => {
    const [s] = assetsVsCategory([
      asset({ facts: { ownsCar: true, houseFloorAreaM2: 200, productionLandM2: 30_000 }, pensioners: 1 }),
    ]);
    expect(s).toMatchObject({ rule: "assets_vs_category", subjectId: "a1", villageIds: ["v1"], householdIds: ["h1"] });
    expect(s!.reason).toBe(
      "Hộ Nguyễn Văn An (Thôn Khuôn Thần) được xếp hộ nghèo nhưng có ô tô; nhà 200 m² (50 m²/người); 3 ha đất sản xuất; 1 người hưởng lương hưu hoặc trợ cấp bảo hiểm xã hội hằng tháng. Cần kiểm tra lại thu nhập và tài sản của hộ.",
    );
    expect(
      assetsVsCategory([asset({ category: "near_poor", facts: { houseFloorAreaM2: 4 * T.floorAreaPerPersonM2 } })])[0]!
        .reason,
    ).toContain("hộ cận nghèo nhưng nhà 160 m² (40 m²/người)");
  });

  it("leaves modest poor households and well-off non-poor ones alone", () => {
    expect(
      assetsVsCategory([
        asset({}),
        asset({ category: "near_poor", pensioners: 2 }),
        asset({ category: "non_poor", facts: { ownsCar: true } }),
      ]),
    ).toEqual([]);
  });
});

describe("result changed after the meeting or posting", () => {
  const base = {
    assessmentId: "a2",
    householdId: "h2",
    villageId: "v1",
    villageName: "Thôn Bản Ó",
    headName: "Lương Thị Thu",
    agreedAt: "2025-10-10T03:00:00.000Z",
    postedAt: "2025-10-15T03:00:00.000Z",
    upheldComplaint: false,
  };
  it("flags a category changed after posting, with dates, who, and whether a complaint explains it", () => {
    const [s] = changedAfterMeeting([
      { ...base, changes: [{ at: "2025-10-20T02:00:00.000Z", from: "near_poor", to: "poor", by: "Hoàng Văn Bình" }] },
    ]);
    expect(s!.reason).toBe(
      "Kết quả của hộ Lương Thị Thu (Thôn Bản Ó) đã đổi từ hộ cận nghèo thành hộ nghèo ngày 20/10/2025 (Hoàng Văn Bình), sau khi niêm yết ngày 15/10/2025. Không có khiếu nại nào về hộ được chấp nhận.",
    );
    const [upheld] = changedAfterMeeting([
      {
        ...base,
        upheldComplaint: true,
        postedAt: null,
        changes: [{ at: "2025-10-12T02:00:00.000Z", from: "poor", to: "near_poor", by: "X" }],
      },
    ]);
    expect(upheld!.reason).toContain(
      "sau khi họp dân thống nhất ngày 10/10/2025. Có khiếu nại về hộ đã được chấp nhận.",
    );
  });

  it("ignores changes before the meeting and saves that kept the category", () => {
    expect(
      changedAfterMeeting([
        { ...base, changes: [{ at: "2025-10-01T02:00:00.000Z", from: "near_poor", to: "poor", by: "X" }] },
        { ...base, changes: [{ at: "2025-10-20T02:00:00.000Z", from: "poor", to: "poor", by: "X" }] },
      ]),
    ).toEqual([]);
  });
});

describe("overrides per reviewer", () => {
  it("flags the reviewer who overrides far more than the district", () => {
    const rows = [
      { reviewerId: "r1", reviewerName: "Nông Văn Tùng", forms: 20, withOverrides: 14, villageIds: ["v1"] },
      { reviewerId: "r2", reviewerName: "Hà Thị Mai", forms: 200, withOverrides: 6, villageIds: ["v2"] },
      { reviewerId: "r3", reviewerName: "Vi Văn Nam", forms: 5, withOverrides: 5, villageIds: ["v3"] },
    ];
    const signals = overrideRate(rows);
    expect(signals.map((s) => s.subjectId)).toEqual(["r1"]);
    expect(signals[0]!.reason).toBe(
      "Rà soát viên Nông Văn Tùng đã ghi đè chỉ số tự xác định từ thông tin của hộ ở 14/20 phiếu (70%), trong khi mức chung của huyện là 11,11%. Cần xem lý do ghi đè của các phiếu này.",
    );
  });

  it("flags nobody when overrides are common everywhere", () => {
    expect(
      overrideRate([
        { reviewerId: "r1", reviewerName: "A", forms: 20, withOverrides: 8, villageIds: [] },
        { reviewerId: "r2", reviewerName: "B", forms: 20, withOverrides: 7, villageIds: [] },
      ]),
    ).toEqual([]);
  });
});

const entries = (reviewerId: string, startIso: string, n: number, gapSeconds: number): EntryRow[] =>
  Array.from({ length: n }, (_, i) => ({
    assessmentId: `${reviewerId}-${startIso}-${i}`,
    reviewerId,
    reviewerName: reviewerId === "r1" ? "Nông Văn Tùng" : "Hà Thị Mai",
    villageId: "v1",
    householdId: `h${i}`,
    at: new Date(Date.parse(startIso) + i * gapSeconds * 1000).toISOString(),
  }));

describe("entry times", () => {
  it("flags a burst of new forms and reports it once, with its span", () => {
    // 25 forms, 30 seconds apart, from 09:40 Vietnam time (02:40 UTC)
    const signals = bulkEntry([
      ...entries("r1", "2025-10-12T02:40:00.000Z", 25, 30),
      ...entries("r2", "2025-10-12T02:00:00.000Z", 25, 20 * 60),
    ]);
    expect(signals).toHaveLength(1);
    expect(signals[0]!.subjectId).toBe("r1@2025-10-12T02:40:00.000Z");
    expect(signals[0]!.householdIds).toHaveLength(25);
    expect(signals[0]!.reason).toBe(
      "Rà soát viên Nông Văn Tùng đã nhập 25 phiếu mới trong 12 phút (09:40–09:52 ngày 12/10/2025), trung bình 30 giây một phiếu. Cần xác minh các hộ này đã thực sự được phỏng vấn.",
    );
  });

  it("does not flag steady work, even a long day of it", () => {
    expect(bulkEntry(entries("r1", "2025-10-12T01:00:00.000Z", 40, 5 * 60))).toEqual([]);
    expect(bulkEntry(entries("r1", "2025-10-12T01:00:00.000Z", T.bulkForms - 1, 10))).toEqual([]);
  });

  it("flags forms entered at night, naming the night by its evening", () => {
    // 23:10 on 12/10 to 00:30 on 13/10 in Vietnam
    const signals = nightEntry(entries("r1", "2025-10-12T16:10:00.000Z", 5, 20 * 60));
    expect(signals).toHaveLength(1);
    expect(signals[0]!.subjectId).toBe("r1@2025-10-12");
    expect(signals[0]!.reason).toBe(
      "Rà soát viên Nông Văn Tùng đã nhập 5 phiếu mới trong đêm 12/10/2025 (23:10–00:30). Cần xác minh các phiếu được nhập từ phỏng vấn thực tế.",
    );
  });

  it("does not flag evening work before 22:00 or a single late form", () => {
    expect(nightEntry(entries("r1", "2025-10-12T12:00:00.000Z", 10, 10 * 60))).toEqual([]); // 19:00–20:30
    expect(nightEntry(entries("r1", "2025-10-12T17:00:00.000Z", 1, 60))).toEqual([]);
  });
});

describe("the same person twice", () => {
  const person = (
    householdId: string,
    headName: string,
    villageName: string,
    key = "hash-1",
    by: "id_number" | "name_birth_date" = "id_number",
  ) => ({
    key,
    by,
    memberId: `m-${householdId}`,
    fullName: "Triệu Văn Sơn",
    birthYear: 1984,
    householdId,
    headName,
    villageId: `v-${villageName}`,
    villageName,
  });

  it("flags one ID number in two households, without showing the number", () => {
    const [s] = duplicatePerson([
      person("h1", "Triệu Văn Sơn", "Thôn Khuôn Thần"),
      person("h2", "Triệu Thị Lan", "Thôn Bản Ó"),
    ]);
    expect(s).toMatchObject({ rule: "duplicate_person", subjectId: "hash-1", householdIds: ["h1", "h2"] });
    expect(s!.reason).toBe(
      "Triệu Văn Sơn (sinh năm 1984) có tên ở 2 hộ: hộ Triệu Văn Sơn (Thôn Khuôn Thần), hộ Triệu Thị Lan (Thôn Bản Ó), cùng một số căn cước công dân. Một người chỉ được có tên trong một hộ.",
    );
    const [byName] = duplicatePerson([
      person("h1", "A", "X", "Triệu Văn Sơn|1984-03-02", "name_birth_date"),
      person("h3", "B", "Y", "Triệu Văn Sơn|1984-03-02", "name_birth_date"),
    ]);
    expect(byName!.reason).toContain("cùng họ tên và ngày sinh");
  });

  it("does not flag a person listed once", () => {
    expect(duplicatePerson([person("h1", "A", "X"), person("h2", "B", "Y", "hash-2")])).toEqual([]);
  });

  it("flags a person found in another tenant by the province, naming the tenant", () => {
    const member = {
      memberId: "m1",
      fullName: "Dương Văn Hải",
      birthYear: 1990,
      householdId: "h1",
      headName: "Dương Văn Hải",
      villageId: "v1",
      villageName: "Thôn Nà Hoa",
    };
    const [s] = duplicatePersonAcrossTenants([
      { idHash: "hash-9", otherTenants: ["Huyện Sơn Động"], members: [member] },
      { idHash: "hash-8", otherTenants: [], members: [member] },
    ]);
    expect(s!.reason).toBe(
      "Dương Văn Hải (sinh năm 1990, hộ Dương Văn Hải, Thôn Nà Hoa) có cùng số căn cước công dân với một người trong sổ hộ của Huyện Sơn Động. Cần xác minh người này thường trú ở đâu.",
    );
    expect(duplicatePersonAcrossTenants([{ idHash: "hash-8", otherTenants: ["Huyện Sơn Động"], members: [] }])).toEqual(
      [],
    );
  });
});

describe("villages", () => {
  const v = (
    id: string,
    poor: number,
    previousPoor: number | null,
    households = 100,
    communeId = "c1",
  ): VillageRate => ({ villageId: id, villageName: `Thôn ${id}`, communeId, households, poor, previousPoor });

  it("flags a village whose poverty rate moved far since last year", () => {
    const signals = villageRateChange([v("A", 3, 12), v("B", 10, 12), v("C", 30, 10, 10)]);
    expect(signals.map((s) => s.subjectId)).toEqual(["A"]);
    expect(signals[0]!.reason).toBe(
      "Tỷ lệ hộ nghèo của Thôn A là 3% (3/100 hộ), năm trước 12% (12 hộ): giảm 9 điểm phần trăm. Cần rà lại các hộ ra khỏi danh sách.",
    );
    expect(villageRateChange([v("A", 3, null)])).toEqual([]);
  });

  it("flags a village far from the other villages of its commune", () => {
    const signals = villageRateNeighbours([
      v("A", 30, 0),
      v("B", 5, 0),
      v("C", 6, 0),
      v("D", 4, 0),
      v("E", 40, 0, 100, "c2"),
      v("F", 5, 0, 100, "c2"),
    ]);
    expect(signals.map((s) => s.subjectId)).toEqual(["A"]);
    expect(signals[0]!.reason).toBe(
      "Tỷ lệ hộ nghèo của Thôn A là 30%, cao hơn nhiều so với các thôn khác cùng xã (trung vị 5%). Cần kiểm tra cách rà soát ở thôn này.",
    );
  });
});
