// Every legal value of every pack carries its source and status (DOMAIN.md §3), and ND351_2025 is
// the final Decree 351/2025 as far as its publication confirms it.
import { describe, expect, it } from "vitest";
import {
  definePack,
  ND07_2021,
  ND351_2025,
  PROVENANCE_STATUSES,
  provenanceKeys,
  provenanceLabel,
  STANDARDS,
} from "../../../src/domain";

describe("provenance", () => {
  it.each(Object.values(STANDARDS))("$code: every value has a source, a status and a note, and nothing else", (s) => {
    const keys = provenanceKeys(s);
    expect(keys.length).toBeGreaterThan(30);
    expect(Object.keys(s.provenance).sort()).toEqual([...keys].sort());
    for (const k of keys) {
      const p = s.provenance[k]!;
      expect(p.source.trim(), k).not.toBe("");
      expect(p.note.trim(), k).not.toBe("");
      expect(PROVENANCE_STATUSES, k).toContain(p.status);
      expect(provenanceLabel(s, k), k).not.toBe(k);
    }
  });
  it("covers each line, indicator and derivation parameter of a pack", () => {
    const keys = provenanceKeys(ND07_2021);
    for (const k of ["lines.rural", "lines.urban", "averageLiving.urban", "scoreCutoffs.rural", "deprivationThreshold"])
      expect(keys).toContain(k);
    for (const i of ND07_2021.indicators) expect(keys).toContain(`indicator.${i.code}`);
    for (const d of Object.keys(ND07_2021.derivation)) expect(keys).toContain(`derivation.${d}`);
  });
  it("a pack with a value left uncited, or a citation of no value, is refused when defined", () => {
    const { provisional: _, ...pack } = ND07_2021;
    const { "lines.urban": __, ...withoutLine } = pack.provenance;
    expect(() => definePack({ ...pack, provenance: withoutLine })).toThrow(/lines\.urban/);
    const stray = { ...pack.provenance, "lines.suburban": pack.provenance["lines.urban"]! };
    expect(() => definePack({ ...pack, provenance: stray })).toThrow(/lines\.suburban/);
  });
  it("a pack is provisional exactly when a value of its classification rule is", () => {
    expect(ND07_2021.provisional).toBe(false);
    expect(ND351_2025.provisional).toBe(true);
    const { provisional: _, ...pack } = ND07_2021;
    const line = { ...pack.provenance["lines.rural"]!, status: "provisional" as const };
    expect(definePack({ ...pack, provenance: { ...pack.provenance, "lines.rural": line } }).provisional).toBe(true);
  });
});

describe("ND351_2025 from Decree 351/2025/NĐ-CP", () => {
  it("cites the final decree, not a draft", () => {
    expect(ND351_2025.legalBasis).toContain("Nghị định số 351/2025/NĐ-CP ngày 30/12/2025");
    expect(ND351_2025.legalBasis.toLowerCase()).not.toContain("dự thảo");
    expect(ND351_2025.years).toEqual({ from: 2027, to: 2030 });
  });
  it("lines 2.200.000 / 2.800.000 and the threshold of 3 are verified by the decree's publication", () => {
    expect(ND351_2025.lines.rural.poverty).toBe(2_200_000);
    expect(ND351_2025.lines.urban.poverty).toBe(2_800_000);
    for (const k of ["lines.rural", "lines.urban", "deprivationThreshold"])
      expect(ND351_2025.provenance[k]!.status).toBe("verified");
  });
  it("12 indicators in 6 dimensions: no means-of-information indicator, digital services and waste added", () => {
    const codes = ND351_2025.indicators.map((i) => i.code);
    expect(codes).toHaveLength(12);
    expect(codes).not.toContain("information_access");
    expect(codes).toEqual(expect.arrayContaining(["telecom", "waste", "dependents"]));
    expect(new Set(ND351_2025.indicators.map((i) => i.service.code)).size).toBe(6);
    for (const c of ["water", "sanitation", "waste"])
      expect(ND351_2025.indicators.find((i) => i.code === c)!.service.nameVi).toBe(
        "Nước sinh hoạt, vệ sinh và môi trường",
      );
    expect(ND351_2025.indicators.find((i) => i.code === "telecom")!.nameVi).toContain("dịch vụ số");
  });
  it("keeps unconfirmed values provisional and publishes no band or score cut-offs it could not find", () => {
    expect(ND351_2025.averageLiving).toEqual({ rural: null, urban: null });
    expect(ND351_2025.scoreCutoffs).toBeNull();
    for (const k of [
      "averageLiving.rural",
      "scoreCutoffs.urban",
      "indicators",
      "indicator.waste",
      "derivation.dependents",
    ])
      expect(ND351_2025.provenance[k]!.status).toBe("provisional");
  });
});
