// The district's records that generated requests name: the caller's own commune and village
// ("home": the first commune, its first village, where the scoped accounts live) or another
// commune's ("away"), and fresh records (a household, a village, an account, an import, a
// household's review at the stage a route needs, a meeting, a posting, a complaint, an export)
// made by the district administrator for each request that would change or use one up.
import { randomUUID } from "node:crypto";
import type { ApiClient } from "../../../scripts/lib/client";
import { type DistrictLayout, PROVINCE, TENANT } from "../../../scripts/lib/district";
import { householdsCsv } from "../../../src/demo/csv";
import { generateHouseholds } from "../../../src/demo/synthetic";
import { deriveIndicators, getStandard, vietnamDate } from "../../../src/domain";
import { usernamePrefix } from "../../../src/lib/ids";
import { type FixtureSource, type Place, type RequestContext, type Resolved, unique } from "./openapi";

const T = `/api/v1/tenants/${TENANT}`;

interface Campaign {
  id: string;
  standard: string;
  reviewDate: string;
}

/** How far a household's review has gone. */
type Stage = "saved" | "accepted" | "agreed" | "posted";

export class Fixtures implements FixtureSource {
  private codes = new Map<string, string>();
  private campaigns: Promise<{ working: Campaign; decided: Campaign; decisions: Record<Place, string> }> | undefined;
  private households = new Map<string, { members: unknown[]; facts: unknown }>();

  constructor(
    private readonly admin: ApiClient,
    private readonly layout: DistrictLayout,
    /** The province administrator, for the province's own records. */
    private readonly province?: ApiClient,
  ) {}

  /**
   * Two campaigns: last year's, already decided in the home and away communes (nothing was
   * listed), for the routes about a decision; and this year's, where the work happens.
   */
  private campaign() {
    this.campaigns ??= (async () => {
      const decided: Campaign = await this.admin.must("POST", `${T}/campaigns`, { year: 2024, kind: "periodic" });
      const decisions = {} as Record<Place, string>;
      for (const place of ["home", "away"] as Place[]) {
        // Before the 2025 reform the district chairman's opinion comes first.
        await this.admin.must("POST", `${T}/campaigns/${decided.id}/district-opinions`, {
          communeId: this.area(place).commune,
          givenOn: "2024-12-05",
        });
        decisions[place] = (
          await this.admin.must("POST", `${T}/campaigns/${decided.id}/decisions`, {
            communeId: this.area(place).commune,
            number: `${unique()}/QĐ-UBND`,
            signedOn: "2024-12-10",
            signerName: "Nguyễn Văn Bình",
            signerTitle: "Chủ tịch UBND xã",
          })
        ).id;
      }
      const working: Campaign = await this.admin.must("POST", `${T}/campaigns`, { year: 2025, kind: "periodic" });
      return { working, decided, decisions };
    })();
    return this.campaigns;
  }

  /** A new household of the place whose review has reached `stage` in this year's campaign. */
  private async reviewed(place: Place, stage: Stage, postingStartsOn = vietnamDate(new Date())) {
    const { working } = await this.campaign();
    const h = await this.household(place);
    const A = `${T}/campaigns/${working.id}/assessments/${h.id}`;
    const { members, facts } = this.households.get(h.id)!;
    const standard = getStandard(working.standard)!;
    const open = deriveIndicators(standard, { members, facts } as never, working.reviewDate).filter(
      (d) => d.value === null,
    );
    await this.admin.must("PUT", A, {
      monthlyIncomePerCapita: 1_200_000,
      indicators: Object.fromEntries(open.map((d) => [d.code, false])),
    });
    if (stage === "saved") return h;
    await this.admin.must("POST", `${A}/actions`, { action: "submit" });
    await this.admin.must("POST", `${A}/actions`, { action: "accept" });
    if (stage === "accepted") return h;
    await this.admin.must("POST", `${T}/campaigns/${working.id}/meetings`, {
      villageId: h.villageId,
      heldOn: postingStartsOn,
      chair: "Trưởng thôn",
      secretary: "Bí thư chi bộ",
      attendees: 20,
      results: [{ householdId: h.id, agree: 20 }],
    });
    if (stage === "agreed") return h;
    await this.admin.must("POST", `${T}/campaigns/${working.id}/postings`, {
      villageId: h.villageId,
      startsOn: postingStartsOn,
    });
    return h;
  }

  area(place: Place) {
    const c = place === "home" ? 0 : 1;
    return { commune: this.layout.communes[c]!, village: this.layout.villages[c]![0]! };
  }

  /** A new household of two members in the place's village. */
  async household(place: Place): Promise<{ id: string; version: number; memberIds: string[]; villageId: string }> {
    const { village } = this.area(place);
    const [h] = generateHouseholds({
      seed: Math.floor(Math.random() * 1e9),
      count: 1,
      villageIds: [village],
      year: 2025,
    });
    const { monthlyIncomePerCapita: _i, ...body } = h!;
    const members = [
      { fullName: "Nguyễn Văn Thử", sex: "male", birthYear: 1980, ethnicity: "kinh", relationToHead: "head" },
      { fullName: "Trần Thị Thử", sex: "female", birthYear: 1982, ethnicity: "kinh", relationToHead: "spouse" },
    ];
    const made = await this.admin.must("POST", `${T}/households`, { ...body, headName: "Nguyễn Văn Thử", members });
    this.households.set(made.id, { members: made.members, facts: made.facts });
    return {
      id: made.id,
      version: made.version,
      memberIds: made.members.map((m: { id: string }) => m.id),
      villageId: village,
    };
  }

  private async villageCode(villageId: string): Promise<string> {
    if (!this.codes.has(villageId))
      this.codes.set(villageId, (await this.admin.must("GET", `${T}/units/${villageId}`)).code);
    return this.codes.get(villageId)!;
  }

  async resolve(
    name: string,
    where: "path" | "query" | "body",
    place: Place,
    context: RequestContext,
  ): Promise<Resolved | undefined> {
    const { commune, village } = this.area(place);
    const made = context.made;
    const route = `${context.op.method} ${context.op.path}`;
    const home = [commune, village];
    if (name === "tenant") return { value: TENANT };
    if (name === "campaign" || name === "campaignId") {
      const { working, decided } = await this.campaign();
      return { value: route.includes("/decisions/{id}") ? decided.id : working.id };
    }
    if (name === "subjectId") {
      // Signals are reviewed district-wide; a household without a signal is answered 404 by the route.
      return { value: (await this.household(place)).id };
    }
    if (where === "path" && name === "householdId") {
      // A review to read or act on has been saved; a form to save may be new.
      const h = context.op.method === "PUT" ? await this.household(place) : await this.reviewed(place, "saved");
      return { value: h.id, unitPath: home };
    }
    if (where === "body" && name === "householdId") {
      const stage: Stage | null = route.endsWith("/meetings")
        ? "accepted"
        : route.endsWith("/complaints")
          ? "posted"
          : null;
      const h = stage ? await this.reviewed(place, stage) : await this.household(place);
      return { value: h.id, unitPath: home };
    }
    if (
      where === "body" &&
      name === "villageId" &&
      route === "POST /api/v1/tenants/{tenant}/campaigns/{campaign}/postings"
    ) {
      // A posting takes the village's agreed households: there must be one.
      await this.reviewed(place, "agreed");
      return { value: village, unitPath: home };
    }
    if (where === "path" && name === "id") {
      const { working, decisions } = await this.campaign();
      const P = `${T}/campaigns/${working.id}`;
      switch (context.segment) {
        case "meetings": {
          const h = await this.reviewed(place, "accepted");
          const m = await this.admin.must("POST", `${P}/meetings`, {
            villageId: h.villageId,
            heldOn: "2025-10-20",
            chair: "Trưởng thôn",
            secretary: "Thư ký",
            attendees: 9,
            results: [{ householdId: h.id, agree: 9 }],
          });
          return { value: m.id, unitPath: home };
        }
        case "postings": {
          const h = await this.reviewed(place, "agreed");
          const posting = await this.admin.must("POST", `${P}/postings`, {
            villageId: h.villageId,
            startsOn: "2025-10-27",
          });
          return { value: posting.id, unitPath: home };
        }
        case "complaints": {
          const h = await this.reviewed(place, "posted");
          const complaint = await this.admin.must("POST", `${P}/complaints`, {
            householdId: h.id,
            type: "data_error",
            channel: "trực tiếp",
            text: "Sai năm sinh của chủ hộ.",
          });
          return { value: complaint.id, unitPath: home };
        }
        case "decisions":
          return { value: decisions[place], unitPath: [commune] };
        case "exports": {
          if (context.op.path.startsWith("/api/v1/province/")) {
            const e = await this.province!.must("POST", "/api/v1/province/exports", { year: 2025, format: "csv" });
            return { value: e.id };
          }
          const e = await this.admin.must("POST", `${T}/exports`, {
            campaignId: working.id,
            form: "results",
            format: "csv",
            unitId: commune,
          });
          return { value: e.id, unitPath: [commune] };
        }
      }
    }
    if (where === "path" && name === "id") {
      switch (context.segment) {
        case "households": {
          const h = await this.household(place);
          made.set("record", h);
          return { value: h.id, unitPath: [commune, village] };
        }
        case "units": {
          const v = await this.admin.must("POST", `${T}/units`, {
            code: `T${unique()}`,
            name: `Thôn thử ${unique()}`,
            level: "village",
            parentId: commune,
          });
          made.set("record", { id: v.id, version: v.version });
          return { value: v.id, unitPath: [commune, v.id] };
        }
        case "users": {
          // Accounts are managed tenant-wide: no unit scope applies to them.
          const u = await this.admin.must("POST", `${T}/users`, {
            username: `${usernamePrefix(TENANT)}thu${unique()}`,
            password: "mat-khau-thu-123",
            displayName: "Người thử",
            role: "enumerator",
            unitId: village,
          });
          made.set("record", { id: u.id, version: u.version });
          return { value: u.id };
        }
        case "imports": {
          // A finished import with one bad row, so that its error report exists too.
          const csv = `${await this.csv(village)}${await this.villageCode(village)},X${unique()},,Người Sai Năm,Nam,1800,Kinh,Chủ hộ,,\r\n`;
          let job = await this.admin.must("POST", `${T}/imports?villageId=${village}&fileName=thu.csv`, csv, [202], {
            "Content-Type": "text/csv",
          });
          while (job.status !== "done" && job.status !== "failed") {
            await new Promise((r) => setTimeout(r, 50));
            job = await this.admin.must("GET", `${T}/imports/${job.id}`);
          }
          return { value: job.id, unitPath: [commune, village] };
        }
        case "sessions":
          // One of the caller's own sessions is theirs to end; an unknown id is answered 404 by the route.
          return { value: randomUUID().replace(/-/g, "") };
        default:
          return undefined;
      }
    }
    switch (name) {
      case "villageId":
        return { value: village, unitPath: [commune, village] };
      case "communeId":
      case "parentId":
      case "unitId":
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
        return {
          value: `${usernamePrefix(context.op.path.startsWith("/api/v1/province/") ? PROVINCE : TENANT)}thu${unique()}`,
        };
      case "password":
        return { value: "mat-khau-thu-123" };
      case "id":
        return where === "body" ? { value: randomUUID() } : undefined;
      default:
        return undefined;
    }
  }

  private async csv(villageId: string): Promise<string> {
    const list = generateHouseholds({
      seed: Math.floor(Math.random() * 1e9),
      count: 1,
      villageIds: [villageId],
      year: 2025,
    });
    const code = await this.villageCode(villageId);
    return householdsCsv(list, () => code, `K${unique()}-`);
  }

  async rawBody(type: string, place: Place): Promise<string | undefined> {
    return type === "text/csv" ? this.csv(this.area(place).village) : undefined;
  }
}
