// A campaign created with no pack takes the pack of the list it makes (DOMAIN.md §3, API.md
// "campaigns"): periodic and census reviews of Y → the list of Y + 1, rolling reviews → Y.
import { beforeAll, describe, expect, it } from "vitest";
import { createCampaign, T } from "./procedure";
import { api, world } from "./world";

beforeAll(async () => {
  await world();
});

describe("the default pack of a campaign", () => {
  it.each([
    [{ year: 2021, kind: "census" }, "ND07_2021"],
    [{ year: 2020, kind: "periodic" }, "QD59_2015"],
    [{ year: 2021, kind: "rolling", month: 6 }, "QD59_2015"],
    [{ year: 2025, kind: "periodic" }, "ND07_2021"],
    [{ year: 2026, kind: "rolling", month: 3 }, "ND07_2021"],
    [{ year: 2026, kind: "periodic" }, "ND351_2025"],
  ])("%o → %s", async (body, standard) => {
    expect((await createCampaign(body)).standard).toBe(standard);
  });

  it("refuses a named pack that does not govern the list the campaign makes, and a list no pack governs", async () => {
    const named = await api("district_admin", "POST", `${T}/campaigns`, {
      year: 2026,
      kind: "census",
      standard: "ND07_2021",
    });
    expect([named.status, named.body.error.details[0].path]).toEqual([400, "year"]);
    expect(named.body.error.details[0].message).toContain("danh sách năm 2027");
    const late = await api("district_admin", "POST", `${T}/campaigns`, { year: 2030, kind: "periodic" });
    expect([late.status, late.body.error.details[0].path]).toEqual([400, "year"]);
    const rolling2030 = await createCampaign({ year: 2030, kind: "rolling", month: 1 });
    expect(rolling2030.standard).toBe("ND351_2025");
  });
});
