// The commune officer's work: the review queue (accept, or return with a comment), the village
// meeting (attendance, votes, result), posting the list, complaints and re-checks, the decision.
import { useEffect, useRef, useState } from "preact/hooks";
import { type Category, formatDateVi, labels, needsDistrictOpinion } from "../../../src/domain";
import { api, errorText } from "../api";
import {
  type Assessment,
  assessmentAction,
  type Campaign,
  currentCampaign,
  type HouseholdSummary,
  loadAssessments,
  loadCampaigns,
  loadHouseholds,
  loadUnits,
  type Unit,
} from "../data";
import { t } from "../i18n";
import { type User, useAppState } from "../state";
import { sync } from "../sync/client";
import { NumberField, Select, TextField } from "../ui/fields";

const vnToday = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

interface Context {
  tenant: string;
  campaign: Campaign | null;
  villages: Unit[];
  names: Map<string, HouseholdSummary>;
}

function useCommune(me: User): Context | null {
  const [ctx, setCtx] = useState<Context | null>(null);
  useEffect(() => {
    void (async () => {
      const tenant = me.tenant!;
      const [units, campaigns] = await Promise.all([loadUnits(tenant), loadCampaigns(tenant)]);
      const villages = units.filter(
        (u) => u.level === "village" && (!me.unitId || u.parentId === me.unitId || u.id === me.unitId),
      );
      const names = new Map<string, HouseholdSummary>();
      for (const v of villages) for (const h of (await loadHouseholds(tenant, v.id)).data) names.set(h.id, h);
      setCtx({ tenant, campaign: currentCampaign(campaigns), villages, names });
    })();
  }, [me.id]);
  return ctx;
}

export function CommuneWork({ me, tab }: { me: User; tab: string }) {
  useAppState();
  const ctx = useCommune(me);
  if (!ctx) return <p>{t("loading")}</p>;
  if (!ctx.campaign) return <p class="note">{t("noCampaign")}</p>;
  switch (tab) {
    case "meeting":
      return <Meeting ctx={ctx} />;
    case "posting":
      return <Posting ctx={ctx} />;
    case "complaints":
      return <Complaints ctx={ctx} canResolve={me.role === "commune_officer" || me.role === "district_admin"} />;
    case "decision":
      return <Decision ctx={ctx} me={me} />;
    default:
      return <Review ctx={ctx} />;
  }
}

const categoryOf = (a: Assessment): Category | null => a.category ?? a.result?.category ?? null;
const villageName = (ctx: Context, id: string | undefined) => ctx.villages.find((v) => v.id === id)?.name ?? "";
const headOf = (ctx: Context, a: Assessment) =>
  ctx.names.get(a.householdId)?.headName ?? a.headName ?? a.householdId.slice(0, 8);

function Review({ ctx }: { ctx: Context }) {
  const [items, setItems] = useState<Assessment[] | null>(null);
  const [comments, setComments] = useState<Record<string, string>>({});
  const [error, setError] = useState("");
  const campaign = ctx.campaign!;
  const load = async () =>
    setItems(
      (await loadAssessments(ctx.tenant, campaign.id, "state=submitted")).data.filter((a) => a.state === "submitted"),
    );
  useEffect(() => void load(), []);

  async function act(a: Assessment, action: "accept" | "return") {
    const comment = comments[a.householdId]?.trim() ?? "";
    if (action === "return" && !comment) return setError(t("commentRequired"));
    setError("");
    await assessmentAction(
      ctx.tenant,
      campaign.id,
      a.householdId,
      action,
      comment,
      `${headOf(ctx, a)} — ${t(action === "accept" ? "accept" : "returnIt")}`,
    );
    await sync();
    await load();
  }

  if (!items) return <p>{t("loading")}</p>;
  return (
    <section>
      <h1>{t("reviewQueue")}</h1>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {items.length === 0 && <p>{t("nothingToReview")}</p>}
      <ul class="cards">
        {items.map((a) => (
          <li key={a.householdId} class="card" data-household={a.householdId}>
            <h2>{headOf(ctx, a)}</h2>
            <p class="meta">
              {villageName(ctx, a.villageId ?? ctx.names.get(a.householdId)?.villageId)}
              {categoryOf(a) && <span class={`tag cat-${categoryOf(a)}`}>{labels.category[categoryOf(a)!]}</span>}
            </p>
            {a.result?.explanation && (
              <details>
                <summary>{t("explanation")}</summary>
                <ul class="explanation">
                  {a.result.explanation.map((l, i) => (
                    <li key={i}>{l}</li>
                  ))}
                </ul>
              </details>
            )}
            <TextField
              label={t("comment")}
              value={comments[a.householdId] ?? ""}
              onInput={(v) => setComments({ ...comments, [a.householdId]: v })}
            />
            <div class="actions">
              <button type="button" class="primary" onClick={() => void act(a, "accept")}>
                {t("accept")}
              </button>
              <button type="button" class="secondary" onClick={() => void act(a, "return")}>
                {t("returnIt")}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function VillageSelect({ ctx, value, onChange }: { ctx: Context; value: string; onChange: (v: string) => void }) {
  return (
    <Select
      label={t("village")}
      name="village"
      value={value || undefined}
      allowEmpty={false}
      options={Object.fromEntries(ctx.villages.map((v) => [v.id, v.name]))}
      onChange={(v) => onChange(v ?? "")}
    />
  );
}

/**
 * The village a screen works on: at first one with households at `stage` (ready for its meeting,
 * or for posting), until the person picks one.
 */
function useVillageChoice(ctx: Context, stage: "accepted" | "agreed"): [string, (v: string) => void] {
  const [villageId, setVillageId] = useState(ctx.villages[0]?.id ?? "");
  const chosen = useRef(false);
  useEffect(() => {
    void loadAssessments(ctx.tenant, ctx.campaign!.id, `state=${stage}`).then(({ data }) => {
      const ready = data.find((a) => a.state === stage)?.villageId;
      if (ready && !chosen.current) setVillageId(ready);
    });
  }, []);
  return [villageId, (v) => ((chosen.current = true), setVillageId(v))];
}

function Meeting({ ctx }: { ctx: Context }) {
  const campaign = ctx.campaign!;
  const [villageId, chooseVillage] = useVillageChoice(ctx, "accepted");
  const [accepted, setAccepted] = useState<Assessment[]>([]);
  const [heldOn, setHeldOn] = useState(vnToday());
  const [chair, setChair] = useState("");
  const [secretary, setSecretary] = useState("");
  const [attendees, setAttendees] = useState<number | undefined>(undefined);
  const [votes, setVotes] = useState<Record<string, number | undefined>>({});
  const [message, setMessage] = useState<{ tone: string; text: string } | null>(null);

  const load = async () =>
    setAccepted(
      (await loadAssessments(ctx.tenant, campaign.id, `villageId=${villageId}&state=accepted`)).data.filter(
        (a) => a.state === "accepted",
      ),
    );
  useEffect(() => void load(), [villageId]);

  async function record(e: Event) {
    e.preventDefault();
    const results = accepted
      .filter((a) => votes[a.householdId] !== undefined)
      .map((a) => ({ householdId: a.householdId, agree: votes[a.householdId]! }));
    const r = await api(
      "POST",
      `/api/v1/tenants/${ctx.tenant}/campaigns/${campaign.id}/meetings`,
      { villageId, heldOn, chair, secretary, attendees, results },
      { "Idempotency-Key": crypto.randomUUID() },
    ).catch(() => null);
    if (!r) return setMessage({ tone: "bad", text: t("offline") });
    if (r.status !== 201 && r.status !== 200) return setMessage({ tone: "bad", text: errorText(r.body, t("error")) });
    const out = (r.body.results ?? []) as { agreed: boolean }[];
    setMessage({
      tone: "ok",
      text: t("meetingSaved", {
        agreed: out.filter((x) => x.agreed).length,
        returned: out.filter((x) => !x.agreed).length,
      }),
    });
    setVotes({});
    await load();
  }

  return (
    <section>
      <h1>{t("meeting")}</h1>
      <form onSubmit={record} class="card">
        <VillageSelect ctx={ctx} value={villageId} onChange={chooseVillage} />
        <TextField label={t("heldOn")} name="heldOn" type="date" value={heldOn} onInput={setHeldOn} />
        <TextField label={t("chair")} name="chair" value={chair} onInput={setChair} required />
        <TextField label={t("secretary")} name="secretary" value={secretary} onInput={setSecretary} required />
        <NumberField label={t("attendees")} name="attendees" value={attendees} onInput={setAttendees} />
        {accepted.length === 0 ? (
          <p class="note">{t("noAccepted")}</p>
        ) : (
          <table class="votes">
            <thead>
              <tr>
                <th scope="col">{t("headName")}</th>
                <th scope="col">{t("stepResult")}</th>
                <th scope="col">{t("agreeVotes")}</th>
              </tr>
            </thead>
            <tbody>
              {accepted.map((a) => (
                <tr key={a.householdId}>
                  <th scope="row">{headOf(ctx, a)}</th>
                  <td>{categoryOf(a) ? labels.category[categoryOf(a)!] : "—"}</td>
                  <td>
                    <input
                      aria-label={`${t("agreeVotes")}: ${headOf(ctx, a)}`}
                      name={`agree-${a.householdId}`}
                      inputMode="numeric"
                      value={votes[a.householdId] ?? ""}
                      onInput={(e) => {
                        const v = (e.currentTarget as HTMLInputElement).value;
                        setVotes({ ...votes, [a.householdId]: v === "" ? undefined : Number(v) });
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {message && (
          <p role={message.tone === "bad" ? "alert" : "status"} class={`banner ${message.tone}`}>
            {message.text}
          </p>
        )}
        <button type="submit" class="primary" disabled={!accepted.length}>
          {t("recordMeeting")}
        </button>
      </form>
    </section>
  );
}

function Posting({ ctx }: { ctx: Context }) {
  const campaign = ctx.campaign!;
  const [villageId, chooseVillage] = useVillageChoice(ctx, "agreed");
  const [startsOn, setStartsOn] = useState(vnToday());
  const [workingDays, setWorkingDays] = useState<number | undefined>(undefined);
  const [message, setMessage] = useState<{ tone: string; text: string; link?: string } | null>(null);

  async function post(e: Event) {
    e.preventDefault();
    const r = await api(
      "POST",
      `/api/v1/tenants/${ctx.tenant}/campaigns/${campaign.id}/postings`,
      { villageId, startsOn, ...(workingDays ? { workingDays } : {}) },
      { "Idempotency-Key": crypto.randomUUID() },
    ).catch(() => null);
    if (!r) return setMessage({ tone: "bad", text: t("offline") });
    if (r.status !== 201) return setMessage({ tone: "bad", text: errorText(r.body, t("error")) });
    setMessage({
      tone: "ok",
      text: t("postingSaved", { from: formatDateVi(r.body.startsOn), to: formatDateVi(r.body.endsOn) }),
      link: `/public/${ctx.tenant}/${villageId}`,
    });
  }

  return (
    <section>
      <h1>{t("posting")}</h1>
      <form onSubmit={post} class="card">
        <VillageSelect ctx={ctx} value={villageId} onChange={chooseVillage} />
        <TextField label={t("startsOn")} name="startsOn" type="date" value={startsOn} onInput={setStartsOn} />
        <NumberField label={t("workingDays")} name="workingDays" value={workingDays} onInput={setWorkingDays} />
        {message && (
          <p role={message.tone === "bad" ? "alert" : "status"} class={`banner ${message.tone}`}>
            {message.text} {message.link && <a href={message.link}>{t("publicList")}</a>}
          </p>
        )}
        <button type="submit" class="primary">
          {t("post")}
        </button>
      </form>
      <ul class="links">
        {ctx.villages.map((v) => (
          <li key={v.id}>
            <a href={`/public/${ctx.tenant}/${v.id}`}>
              {t("publicList")}: {v.name}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

const COMPLAINT_TYPES = {
  wrongly_excluded: "Hộ đủ điều kiện nhưng không có tên",
  wrongly_included: "Hộ có tên nhưng không đủ điều kiện",
  data_error: "Sai thông tin",
};

interface ComplaintRow {
  id: string;
  householdId: string;
  type: keyof typeof COMPLAINT_TYPES;
  text: string;
  status: "open" | "upheld" | "rejected";
}

function Complaints({ ctx, canResolve }: { ctx: Context; canResolve: boolean }) {
  const campaign = ctx.campaign!;
  const base = `/api/v1/tenants/${ctx.tenant}/campaigns/${campaign.id}`;
  const [posted, setPosted] = useState<Assessment[]>([]);
  const [list, setList] = useState<ComplaintRow[] | null>(null);
  const [form, setForm] = useState({
    householdId: "",
    type: "wrongly_included" as keyof typeof COMPLAINT_TYPES,
    channel: "Trực tiếp",
    text: "",
  });
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: string; text: string } | null>(null);

  const load = async () => {
    const all = (await loadAssessments(ctx.tenant, campaign.id, "")).data;
    setPosted(all.filter((a) => a.state === "posted" || a.state === "rechecking"));
    const r = await api("GET", `${base}/complaints`).catch(() => null);
    setList(r?.status === 200 ? (r.body.items as ComplaintRow[]) : null);
  };
  useEffect(() => void load(), []);

  async function call(path: string, body: unknown, okText: string): Promise<boolean> {
    const r = await api("POST", path, body, { "Idempotency-Key": crypto.randomUUID() }).catch(() => null);
    if (!r) return (setMessage({ tone: "bad", text: t("offline") }), false);
    if (r.status >= 300) return (setMessage({ tone: "bad", text: errorText(r.body, t("error")) }), false);
    setMessage({ tone: "ok", text: okText });
    await load();
    return true;
  }

  return (
    <section>
      <h1>{t("complaints")}</h1>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          void call(`${base}/complaints`, form, t("complaintFiled")).then(
            (ok) => ok && setForm({ ...form, householdId: "", text: "" }),
          );
        }}
      >
        <Select
          label={t("headName")}
          name="complaint-household"
          value={form.householdId || undefined}
          options={Object.fromEntries(posted.map((a) => [a.householdId, headOf(ctx, a)]))}
          onChange={(v) => setForm({ ...form, householdId: v ?? "" })}
        />
        <Select
          label={t("complaintType")}
          name="complaint-type"
          value={form.type}
          allowEmpty={false}
          options={COMPLAINT_TYPES}
          onChange={(v) => setForm({ ...form, type: v ?? "data_error" })}
        />
        <TextField label={t("channel")} value={form.channel} onInput={(v) => setForm({ ...form, channel: v })} />
        <TextField
          label={t("text")}
          name="complaint-text"
          value={form.text}
          onInput={(v) => setForm({ ...form, text: v })}
        />
        <button type="submit" class="primary" disabled={!form.householdId || !form.text.trim()}>
          {t("file")}
        </button>
      </form>
      {message && (
        <p role={message.tone === "bad" ? "alert" : "status"} class={`banner ${message.tone}`}>
          {message.text}
        </p>
      )}
      {list && (
        <ul class="cards">
          {list.map((c) => (
            <li key={c.id} class="card">
              <strong>{ctx.names.get(c.householdId)?.headName ?? c.householdId.slice(0, 8)}</strong>{" "}
              <span class={`tag ${c.status === "open" ? "pending" : "sent"}`}>{t(`complaint_${c.status}`)}</span>
              <p>
                {COMPLAINT_TYPES[c.type]}: {c.text}
              </p>
              {c.status === "open" && canResolve && (
                <>
                  <TextField
                    label={t("reason")}
                    value={reasons[c.id] ?? ""}
                    onInput={(v) => setReasons({ ...reasons, [c.id]: v })}
                  />
                  <div class="actions">
                    <button
                      type="button"
                      class="primary"
                      onClick={() =>
                        void call(
                          `${base}/complaints/${c.id}/resolve`,
                          { outcome: "upheld", reason: reasons[c.id] ?? "" },
                          t("complaintResolved"),
                        )
                      }
                    >
                      {t("upheld")}
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      onClick={() =>
                        void call(
                          `${base}/complaints/${c.id}/resolve`,
                          { outcome: "rejected", reason: reasons[c.id] ?? "" },
                          t("complaintResolved"),
                        )
                      }
                    >
                      {t("rejected")}
                    </button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Decision({ ctx, me }: { ctx: Context; me: User }) {
  const campaign = ctx.campaign!;
  const [number, setNumber] = useState("");
  const [signedOn, setSignedOn] = useState(vnToday());
  const [signerName, setSignerName] = useState("");
  const [signerTitle, setSignerTitle] = useState("Chủ tịch UBND xã");
  const [opinionOn, setOpinionOn] = useState<string | null | undefined>(undefined);
  const [message, setMessage] = useState<{ tone: string; text: string } | null>(null);
  const base = `/api/v1/tenants/${ctx.tenant}/campaigns/${campaign.id}`;

  useEffect(() => {
    void api<{ items: { givenOn: string }[] }>("GET", `${base}/district-opinions?communeId=${me.unitId}`)
      .then((r) => setOpinionOn(r.status === 200 ? (r.body.items[0]?.givenOn ?? null) : undefined))
      .catch(() => setOpinionOn(undefined));
  }, [base]);

  async function record(e: Event) {
    e.preventDefault();
    const r = await api(
      "POST",
      `${base}/decisions`,
      { communeId: me.unitId, number, signedOn, signerName, signerTitle },
      { "Idempotency-Key": crypto.randomUUID() },
    ).catch(() => null);
    if (!r) return setMessage({ tone: "bad", text: t("offline") });
    if (r.status !== 201) return setMessage({ tone: "bad", text: errorText(r.body, t("error")) });
    const b = r.body as Record<string, string[]>;
    setMessage({
      tone: "ok",
      text: `${t("poor")}: ${b.poor?.length ?? 0} · ${t("nearPoor")}: ${b.nearPoor?.length ?? 0} · Thoát nghèo: ${b.escapedPoor?.length ?? 0} · Thoát cận nghèo: ${b.escapedNearPoor?.length ?? 0}`,
    });
  }

  return (
    <section>
      <h1>{t("decision")}</h1>
      <form onSubmit={record} class="card">
        <TextField label={t("decisionNumber")} name="number" value={number} onInput={setNumber} required />
        <TextField label={t("signedOn")} name="signedOn" type="date" value={signedOn} onInput={setSignedOn} />
        <TextField label={t("signerName")} name="signerName" value={signerName} onInput={setSignerName} required />
        <TextField label={t("signerTitle")} name="signerTitle" value={signerTitle} onInput={setSignerTitle} required />
        <div class="note" role="note" aria-label={t("decisionRule")} data-testid="decision-rule">
          <strong>{t("decisionRule")}: </strong>
          {needsDistrictOpinion(signedOn) ? (
            <>
              {t("ruleBeforeReform")}{" "}
              {opinionOn === undefined
                ? ""
                : opinionOn
                  ? t("opinionGiven", { date: formatDateVi(opinionOn) })
                  : t("opinionMissing")}
            </>
          ) : (
            t("ruleAfterReform")
          )}
        </div>
        {message && (
          <p role={message.tone === "bad" ? "alert" : "status"} class={`banner ${message.tone}`}>
            {message.text}
          </p>
        )}
        <button type="submit" class="primary">
          {t("recordDecision")}
        </button>
      </form>
    </section>
  );
}
