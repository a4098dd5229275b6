// The reviewer's village: the household list (search without diacritics, filters by state and
// category, windowed so that 1,000+ households scroll smoothly on a cheap phone), live presence.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { CATEGORIES, type Category, labels } from "../../../src/domain";
import { fold } from "../../../src/lib/text";
import {
  ASSESSMENT_STATES,
  type Assessment,
  type AssessmentState,
  currentCampaign,
  type HouseholdSummary,
  loadAssessments,
  loadCampaigns,
  loadHouseholds,
  loadUnits,
  type Unit,
} from "../data";
import { t } from "../i18n";
import { othersOn, useVillageLive } from "../live";
import { navigate, type User, useAppState } from "../state";

export function VillagePicker({ me }: { me: User }) {
  const [units, setUnits] = useState<Unit[] | null>(null);
  useEffect(() => {
    if (me.tenant) void loadUnits(me.tenant).then(setUnits);
  }, [me.tenant]);
  if (!units) return <p>{t("loading")}</p>;
  const mine = units.find((u) => u.id === me.unitId);
  if (mine?.level === "village") {
    queueMicrotask(() => navigate(`/v/${mine.id}`, true));
    return <p>{t("loading")}</p>;
  }
  const communes = units.filter((u) => u.level === "commune" && (!mine || u.id === mine.id));
  return (
    <section>
      <h1>{t("chooseVillage")}</h1>
      {communes.map((c) => (
        <div key={c.id} class="card">
          <h2>{c.name}</h2>
          <ul class="links">
            {units
              .filter((v) => v.parentId === c.id)
              .map((v) => (
                <li key={v.id}>
                  <a href={`/v/${v.id}`}>{v.name}</a>
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

const ROW = 68;

/** This campaign's result when there is one, else the register's latest. */
const categoryOf = (r: Row): Category | null => r.a?.category ?? r.a?.result?.category ?? r.h.category ?? null;

interface Row {
  h: HouseholdSummary & { pending?: boolean };
  a: Assessment | undefined;
  folded: string;
}

export function VillageList({ me, villageId }: { me: User; villageId: string }) {
  useAppState();
  const tenant = me.tenant!;
  const [village, setVillage] = useState<Unit | null>(null);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [fresh, setFresh] = useState(true);
  const [q, setQ] = useState("");
  const [stateFilter, setStateFilter] = useState<string>("");
  const [categoryFilter, setCategoryFilter] = useState<string>("");
  const live = useVillageLive(tenant, villageId);

  async function load() {
    const [units, campaigns] = await Promise.all([loadUnits(tenant), loadCampaigns(tenant)]);
    setVillage(units.find((u) => u.id === villageId) ?? null);
    const campaign = currentCampaign(campaigns);
    const [households, assessments] = await Promise.all([
      loadHouseholds(tenant, villageId),
      campaign
        ? loadAssessments(tenant, campaign.id, `villageId=${villageId}`)
        : Promise.resolve({ data: [] as Assessment[], fresh: true }),
    ]);
    const byHousehold = new Map(assessments.data.map((a) => [a.householdId, a]));
    setFresh(households.fresh);
    setRows(
      households.data
        .map((h) => ({ h, a: byHousehold.get(h.id), folded: fold(`${h.headName} ${h.address}`) }))
        .sort((x, y) => x.h.headName.localeCompare(y.h.headName, "vi")),
    );
  }

  useEffect(() => {
    void load();
  }, [villageId, live.changes]);

  const shown = useMemo(() => {
    if (!rows) return [];
    const needle = fold(q);
    return rows.filter(
      (r) =>
        (!needle || r.folded.includes(needle)) &&
        (!stateFilter || (stateFilter === "none" ? !r.a : r.a?.state === stateFilter)) &&
        (!categoryFilter || categoryOf(r) === categoryFilter),
    );
  }, [rows, q, stateFilter, categoryFilter]);

  const others = othersOn(live, me.id);
  const canWrite = me.role === "enumerator" || me.role === "commune_officer" || me.role === "district_admin";

  return (
    <section>
      <div class="title-row">
        <h1>{village?.name ?? t("households")}</h1>
        {canWrite && (
          <a class="button primary" href={`/v/${villageId}/h/new`}>
            {t("newHousehold")}
          </a>
        )}
      </div>
      {!fresh && <p class="note">{t("offline")}</p>}
      <div class="filters">
        <div class="field">
          <label for="q">{t("search")}</label>
          <input id="q" type="search" value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field-row">
          <div class="field">
            <label for="fs">{t("stateLabel")}</label>
            <select
              id="fs"
              value={stateFilter}
              onChange={(e) => setStateFilter((e.currentTarget as HTMLSelectElement).value)}
            >
              <option value="">{t("allStates")}</option>
              <option value="none">{t("notAssessed")}</option>
              {ASSESSMENT_STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`state_${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="fc">{t("categoryLabel")}</label>
            <select
              id="fc"
              value={categoryFilter}
              onChange={(e) => setCategoryFilter((e.currentTarget as HTMLSelectElement).value)}
            >
              <option value="">{t("allCategories")}</option>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {labels.category[c]}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      {rows === null ? (
        <p>{t("loading")}</p>
      ) : (
        <>
          <p class="count" aria-live="polite">
            {t("shown", { n: shown.length })}
          </p>
          {shown.length === 0 ? (
            <p>{t("noHouseholds")}</p>
          ) : (
            <Windowed rows={shown} villageId={villageId} others={others} />
          )}
        </>
      )}
    </section>
  );
}

/** Only the rows near the screen are in the DOM; the list keeps its full height for scrolling. */
function Windowed({
  rows,
  villageId,
  others,
}: {
  rows: Row[];
  villageId: string;
  others: Map<string, { name: string; editing: boolean }>;
}) {
  const ref = useRef<HTMLUListElement>(null);
  const [range, setRange] = useState<[number, number]>([0, 30]);
  useEffect(() => {
    const onScroll = () => {
      const top = ref.current ? ref.current.getBoundingClientRect().top : 0;
      const first = Math.max(0, Math.floor(-top / ROW) - 10);
      const last = Math.min(rows.length, first + Math.ceil(innerHeight / ROW) + 20);
      setRange((r) => (r[0] === first && r[1] === last ? r : [first, last]));
    };
    onScroll();
    addEventListener("scroll", onScroll, { passive: true });
    addEventListener("resize", onScroll);
    return () => {
      removeEventListener("scroll", onScroll);
      removeEventListener("resize", onScroll);
    };
  }, [rows.length]);
  const [first, last] = range;
  return (
    <ul class="households" ref={ref} style={{ height: `${rows.length * ROW}px` }} aria-rowcount={rows.length}>
      {rows.slice(first, last).map((r, i) => {
        const other = others.get(r.h.id);
        const category = categoryOf(r);
        return (
          <li key={r.h.id} style={{ top: `${(first + i) * ROW}px` }}>
            <a href={`/v/${villageId}/h/${r.h.id}`}>
              <span class="name">
                {r.h.headName}
                {(r.h.pending || r.a?.pending) && <span class="tag wait">{t("localOnly")}</span>}
              </span>
              <span class="meta">
                {r.h.address ? `${r.h.address} · ` : ""}
                {r.h.memberCount} NK
                {r.a && <span class={`tag state-${r.a.state}`}>{t(`state_${r.a.state as AssessmentState}`)}</span>}
                {category && <span class={`tag cat-${category}`}>{labels.category[category]}</span>}
              </span>
              {other && (
                <span class={`presence ${other.editing ? "editing" : ""}`}>
                  {t(other.editing ? "editingBy" : "viewingBy", { name: other.name })}
                </span>
              )}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
