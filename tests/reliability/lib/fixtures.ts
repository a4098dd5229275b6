// The district's records that generated requests name: the caller's own commune and village
// ("home": the first commune, its first village, where the scoped accounts live) or another
// commune's ("away"), and fresh records (a household, a village, an account, an import) made by
// the district administrator for each request that would change or use one up.
import { randomUUID } from "node:crypto";
import type { ApiClient } from "../../../scripts/lib/client";
import { type DistrictLayout, TENANT } from "../../../scripts/lib/district";
import { householdsCsv } from "../../../src/demo/csv";
import { generateHouseholds } from "../../../src/demo/synthetic";
import { type FixtureSource, type Place, type RequestContext, type Resolved, unique } from "./openapi";

const T = `/api/v1/tenants/${TENANT}`;

export class Fixtures implements FixtureSource {
  private codes = new Map<string, string>();

  constructor(
    private readonly admin: ApiClient,
    private readonly layout: DistrictLayout,
  ) {}

  area(place: Place) {
    const c = place === "home" ? 0 : 1;
    return { commune: this.layout.communes[c]!, village: this.layout.villages[c]![0]! };
  }

  /** A new household of two members in the place's village. */
  async household(place: Place): Promise<{ id: string; version: number; memberIds: string[]; villageId: string }> {
    const { village } = this.area(place);
    const [h] = generateHouseholds({ seed: Math.floor(Math.random() * 1e9), count: 1, villageIds: [village], year: 2025 });
    const { monthlyIncomePerCapita: _i, ...body } = h!;
    const members = [
      { fullName: "Nguyễn Văn Thử", sex: "male", birthYear: 1980, ethnicity: "kinh", relationToHead: "head" },
      { fullName: "Trần Thị Thử", sex: "female", birthYear: 1982, ethnicity: "kinh", relationToHead: "spouse" },
    ];
    const made = await this.admin.must("POST", `${T}/households`, { ...body, headName: "Nguyễn Văn Thử", members });
    return { id: made.id, version: made.version, memberIds: made.members.map((m: { id: string }) => m.id), villageId: village };
  }

  private async villageCode(villageId: string): Promise<string> {
    if (!this.codes.has(villageId)) this.codes.set(villageId, (await this.admin.must("GET", `${T}/units/${villageId}`)).code);
    return this.codes.get(villageId)!;
  }

  async resolve(name: string, where: "path" | "query" | "body", place: Place, context: RequestContext): Promise<Resolved | undefined> {
    const { commune, village } = this.area(place);
    const made = context.made;
    if (name === "tenant") return { value: TENANT };
    if (where === "path" && name === "id") {
      switch (context.segment) {
        case "households": {
          const h = await this.household(place);
          made.set("record", h);
          return { value: h.id, unitPath: [commune, village] };
        }
        case "units": {
          const v = await this.admin.must("POST", `${T}/units`, { code: `T${unique()}`, name: `Thôn thử ${unique()}`, level: "village", parentId: commune });
          made.set("record", { id: v.id, version: v.version });
          return { value: v.id, unitPath: [commune, v.id] };
        }
        case "users": {
          // Accounts are managed tenant-wide: no unit scope applies to them.
          const u = await this.admin.must("POST", `${T}/users`, { username: `thu.${unique()}`, password: "mat-khau-thu-123", displayName: "Người thử", role: "enumerator", unitId: village });
          made.set("record", { id: u.id, version: u.version });
          return { value: u.id };
        }
        case "imports": {
          // A finished import with one bad row, so that its error report exists too.
          const csv = `${await this.csv(village)}${await this.villageCode(village)},X${unique()},,Người Sai Năm,Nam,1800,Kinh,Chủ hộ,,\r\n`;
          let job = await this.admin.must("POST", `${T}/imports?villageId=${village}&fileName=thu.csv`, csv, [202], { "Content-Type": "text/csv" });
          while (job.status !== "done" && job.status !== "failed") {
            await new Promise((r) => setTimeout(r, 50));
            job = await this.admin.must("GET", `${T}/imports/${job.id}`);
          }
          return { value: job.id, unitPath: [commune, village] };
        }
        default:
          return undefined;
      }
    }
    switch (name) {
      case "villageId":
        return { value: village, unitPath: [commune, village] };
      case "communeId":
      case "parentId":
        return { value: commune, unitPath: [commune] };
      case "householdId":
      case "entityId": {
        const h = await this.household(place);
        return { value: h.id, unitPath: [commune, village] };
      }
      case "version":
        return made.has("record") ? { value: made.get("record")!.version } : undefined;
      case "intoId": {
        const into = await this.household(place);
        made.set("into", into);
        return { value: into.id, unitPath: [commune, village] };
      }
      case "intoVersion":
        return made.has("into") ? { value: made.get("into")!.version } : undefined;
      case "memberIds":
        return made.get("record")?.memberIds ? { value: made.get("record")!.memberIds!.slice(0, 1) } : undefined;
      case "username":
        return { value: `thu.${unique()}` };
      case "password":
        return { value: "mat-khau-thu-123" };
      case "id":
        return where === "body" ? { value: randomUUID() } : undefined;
      default:
        return undefined;
    }
  }

  private async csv(villageId: string): Promise<string> {
    const list = generateHouseholds({ seed: Math.floor(Math.random() * 1e9), count: 1, villageIds: [villageId], year: 2025 });
    const code = await this.villageCode(villageId);
    return householdsCsv(list, () => code, `K${unique()}-`);
  }

  async rawBody(type: string, place: Place): Promise<string | undefined> {
    return type === "text/csv" ? this.csv(this.area(place).village) : undefined;
  }
}
