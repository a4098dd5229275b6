// The household form as short steps: the household, its members (one card each), the dwelling,
// income, the indicators (derived ones filled in, an override asks for a reason), and the result.
// The result is computed on the phone, as the person types, by the same rules code as the server.
import { useEffect, useMemo, useState } from "preact/hooks";
import {
  DEVICES,
  type DerivedIndicator,
  defaultStandard,
  deriveIndicators,
  type Evaluation,
  evaluate,
  formatDong,
  getStandard,
  labels,
  type Standard,
} from "../../../src/domain";
import type { Member } from "../../../src/schemas/household";
import {
  type Answers,
  type Assessment,
  assessmentAction,
  type Campaign,
  currentCampaign,
  type HouseholdDraft,
  type LocalHousehold,
  loadAssessment,
  loadCampaigns,
  loadHousehold,
  loadUnits,
  saveAssessment,
  saveHousehold,
  type Unit,
} from "../data";
import { effectiveAnswers, memberErrors, sameAnswers } from "../form-rules";
import { t } from "../i18n";
import { kv } from "../idb";
import { othersOn, useVillageLive } from "../live";
import { navigate, state, type User, useAppState } from "../state";
import { outbox, sync } from "../sync/client";
import { NumberField, Select, TextField, YesNo } from "../ui/fields";
import { ResultCard } from "../ui/result";

type DraftMember = Partial<Member> & { id: string };
type Dwelling = NonNullable<NonNullable<HouseholdDraft["facts"]>["dwelling"]>;

const STEPS = ["stepHousehold", "stepMembers", "stepDwelling", "stepIncome", "stepIndicators", "stepResult"] as const;
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const EDITABLE = new Set(["draft", "returned", "rechecking"]);
const WRITERS = new Set(["enumerator", "commune_officer", "district_admin"]);

function newMember(relationToHead: Member["relationToHead"] = "child"): DraftMember {
  return { id: crypto.randomUUID(), relationToHead };
}

export function HouseholdForm({
  me,
  villageId,
  householdId,
}: {
  me: User;
  villageId: string;
  householdId: string | null;
}) {
  useAppState();
  const tenant = me.tenant!;
  const [loaded, setLoaded] = useState(false);
  const [base, setBase] = useState<LocalHousehold | null>(null);
  const [assessment, setAssessment] = useState<Assessment | null>(null);
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [village, setVillage] = useState<Unit | null>(null);
  const [draft, setDraft] = useState<HouseholdDraft>(() => ({
    id: householdId ?? crypto.randomUUID(),
    villageId,
    headName: "",
    address: "",
    members: [],
    facts: {},
  }));
  const [answers, setAnswers] = useState<Answers>({ basis: "income", indicators: {}, overrides: {} });
  const [step, setStep] = useState(0);
  const [message, setMessage] = useState<{ tone: "ok" | "bad"; text: string } | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const live = useVillageLive(tenant, villageId, householdId ? { householdId, editing: true } : undefined);

  useEffect(() => {
    void (async () => {
      const [units, campaigns] = await Promise.all([loadUnits(tenant), loadCampaigns(tenant)]);
      const c = currentCampaign(campaigns);
      setCampaign(c);
      setVillage(units.find((u) => u.id === villageId) ?? null);
      if (householdId) {
        const h = await loadHousehold(tenant, householdId);
        if (h) {
          setBase(h);
          setDraft({
            id: h.id,
            villageId: h.villageId,
            headName: h.headName,
            address: h.address ?? "",
            members: h.members,
            facts: h.facts ?? {},
          });
        }
        const a = c ? await loadAssessment(tenant, c.id, householdId) : null;
        if (a) {
          setAssessment(a);
          if (a.answers)
            setAnswers({
              ...a.answers,
              basis: a.answers.basis ?? "income",
              indicators: a.answers.indicators ?? {},
              overrides: a.answers.overrides ?? {},
            });
        }
      } else setDraft((d) => ({ ...d, members: [newMember("head") as Member] }));
      setLoaded(true);
    })();
  }, [householdId]);

  const standard: Standard | null = useMemo(
    () =>
      (campaign ? getStandard(campaign.standard) : null) ??
      // No campaign on the phone: the review of today (periodic from September, else rolling), by its list year.
      defaultStandard(Number(today().slice(0, 4)), Number(today().slice(5, 7)) >= 9 ? "periodic" : "rolling") ??
      getStandard("ND07_2021"),
    [campaign],
  );
  const area = village?.area ?? "rural";
  const members = draft.members as DraftMember[];
  const reviewDate = campaign?.reviewDate ?? today();
  const derived = useMemo(
    () => (standard ? deriveIndicators(standard, { members, facts: draft.facts }, reviewDate) : []),
    [standard, draft, reviewDate],
  );
  const effective = useMemo(() => effectiveAnswers(answers, derived), [answers, derived]);
  const evaluation: Evaluation | null = useMemo(
    () =>
      standard &&
      evaluate({
        standard: standard.code,
        area,
        basis: answers.basis,
        monthlyIncomePerCapita: answers.monthlyIncomePerCapita,
        scoreA: answers.scoreA,
        household: { members, facts: draft.facts },
        indicators: effective.indicators,
        overrides: answers.overrides,
        reviewDate,
      }),
    [standard, area, effective, draft],
  );

  if (!loaded) return <p>{t("loading")}</p>;
  // Supervisors (MTTQ) and viewers read; the register and the form are written by these roles.
  const editable = WRITERS.has(me.role) && (!assessment || EDITABLE.has(assessment.state));
  const other = householdId ? othersOn(live, me.id).get(householdId) : undefined;
  const errors = memberErrors(members, new Date().getFullYear());
  const headError = draft.headName.trim() ? undefined : "Cần nhập họ tên chủ hộ.";

  const setMember = (i: number, patch: Partial<DraftMember>) =>
    setDraft((d) => ({ ...d, members: d.members.map((m, j) => (j === i ? ({ ...m, ...patch } as Member) : m)) }));
  const setDwelling = (patch: Partial<Dwelling>) =>
    setDraft((d) => ({ ...d, facts: { ...d.facts, dwelling: { ...d.facts?.dwelling, ...patch } } }));
  const dwelling: Dwelling = draft.facts?.dwelling ?? {};

  async function save(submit: boolean) {
    setShowErrors(true);
    setMessage(null);
    const problems = [
      ...(headError ? [headError] : []),
      ...errors.values(),
      ...(evaluation?.issues.map((i) => i.message) ?? []),
    ];
    if (submit && evaluation?.missing.length) problems.push(t("missingIndicators", { n: evaluation.missing.length }));
    if (submit && !evaluation?.result) problems.push(t("noResultYet"));
    if (problems.length) {
      setMessage({ tone: "bad", text: `${t("fixFirst")} ${problems.join(" ")}` });
      return;
    }
    const clean: HouseholdDraft = {
      ...draft,
      headName: draft.headName.trim(),
      address: draft.address.trim(),
      members: draft.members.map((m) => ({ ...m, fullName: m.fullName.trim() })),
    };
    // The register is written only when the household itself changed (often only the answers do).
    const facts = (h: Pick<HouseholdDraft, "headName" | "address" | "members" | "facts">) =>
      JSON.stringify([h.headName, h.address ?? "", h.members, h.facts ?? {}]);
    if (!base || base.pending || facts(base) !== facts(clean))
      setBase(await saveHousehold(tenant, clean, base, `${clean.headName} — ${t("queueHousehold")}`));
    // The form is written only when its answers changed: a register-only edit leaves it alone
    // (and cannot collide with someone else's save of the form).
    if (campaign && sameAnswers(effective, assessment?.answers ?? null)) {
      if (submit)
        await assessmentAction(tenant, campaign.id, clean.id, "submit", "", `${clean.headName} — ${t("submit")}`);
    } else if (campaign) {
      const category = evaluation?.result?.category ?? null;
      // Fields this form does not show (Phiếu A, notes) are kept as saved.
      await saveAssessment(
        tenant,
        campaign.id,
        clean.id,
        { ...assessment?.answers, ...effective },
        assessment,
        `${clean.headName} — ${t("queueAssessment")}`,
        { category, villageId, headName: clean.headName, ...(submit ? { state: "submitted" } : {}) },
      );
      if (submit)
        await assessmentAction(tenant, campaign.id, clean.id, "submit", "", `${clean.headName} — ${t("submit")}`);
    }
    await sync();
    // What the server stored (or the phone's copy while offline) is the base of the next save.
    setBase((await kv.get<LocalHousehold>(`h:${tenant}:${clean.id}`)) ?? null);
    if (campaign) setAssessment((await kv.get<Assessment>(`a:${tenant}:${campaign.id}:${clean.id}`)) ?? null);
    const unsent = (await outbox.unsent()).length;
    setMessage({ tone: "ok", text: submit ? t("submitted") : unsent ? t("saved") : t("savedSent") });
    if (submit) navigate(`/v/${villageId}`);
    // A new household now has its address; the form stays as it is (same component, same draft).
    else if (!householdId) history.replaceState(null, "", `/v/${villageId}/h/${clean.id}`);
  }

  const stepBody = () => {
    switch (STEPS[step]) {
      case "stepHousehold":
        return (
          <>
            <TextField
              label={t("headName")}
              name="headName"
              value={draft.headName}
              error={showErrors ? headError : undefined}
              required
              onInput={(v) => {
                setDraft((d) => ({
                  ...d,
                  headName: v,
                  members: d.members.map((m) =>
                    m.relationToHead === "head" && (!m.fullName || m.fullName === d.headName)
                      ? { ...m, fullName: v }
                      : m,
                  ),
                }));
              }}
            />
            <TextField
              label={t("address")}
              name="address"
              value={draft.address}
              onInput={(v) => setDraft((d) => ({ ...d, address: v }))}
            />
          </>
        );
      case "stepMembers":
        return (
          <>
            {errors.get("members") && showErrors && <p class="error">{errors.get("members")}</p>}
            {members.map((m, i) => (
              <fieldset key={m.id} class="card member" data-testid="member-card">
                <legend>{t("member", { i: i + 1 })}</legend>
                <TextField
                  label={t("fullName")}
                  name={`m${i}-fullName`}
                  value={m.fullName ?? ""}
                  error={showErrors ? errors.get(`${i}.fullName`) : undefined}
                  onInput={(v) => setMember(i, { fullName: v })}
                />
                <div class="field-row">
                  <Select
                    label={t("sex")}
                    name={`m${i}-sex`}
                    value={m.sex}
                    options={labels.sex}
                    error={showErrors ? errors.get(`${i}.sex`) : undefined}
                    onChange={(v) => setMember(i, { sex: v })}
                  />
                  <NumberField
                    label={t("birthYear")}
                    name={`m${i}-birthYear`}
                    value={m.birthYear}
                    error={showErrors ? errors.get(`${i}.birthYear`) : undefined}
                    onInput={(v) => setMember(i, { birthYear: v })}
                  />
                </div>
                <div class="field-row">
                  <Select
                    label={t("ethnicity")}
                    name={`m${i}-ethnicity`}
                    value={m.ethnicity as keyof typeof labels.ethnicity | undefined}
                    options={labels.ethnicity}
                    error={showErrors ? errors.get(`${i}.ethnicity`) : undefined}
                    onChange={(v) => setMember(i, { ethnicity: v })}
                  />
                  <Select
                    label={t("relation")}
                    name={`m${i}-relation`}
                    value={m.relationToHead}
                    options={labels.relationToHead}
                    error={showErrors ? errors.get(`${i}.relationToHead`) : undefined}
                    onChange={(v) => setMember(i, { relationToHead: v })}
                  />
                </div>
                <details>
                  <summary>{t("memberDetails")}</summary>
                  <YesNo
                    label={t("healthInsurance")}
                    name={`m${i}-bhyt`}
                    value={m.healthInsurance}
                    onChange={(v) => setMember(i, { healthInsurance: v })}
                  />
                  <div class="field-row">
                    <YesNo
                      label={t("inSchool")}
                      name={`m${i}-inSchool`}
                      value={m.inSchool}
                      onChange={(v) => setMember(i, { inSchool: v })}
                    />
                    <Select
                      label={t("schoolLevel")}
                      value={m.schoolLevel}
                      options={labels.schoolLevel}
                      onChange={(v) => setMember(i, { schoolLevel: v })}
                    />
                  </div>
                  <Select
                    label={t("diploma")}
                    value={m.highestDiploma}
                    options={labels.diploma}
                    onChange={(v) => setMember(i, { highestDiploma: v })}
                  />
                  <YesNo
                    label={t("inTraining")}
                    value={m.inTraining}
                    onChange={(v) => setMember(i, { inTraining: v })}
                  />
                  <Select
                    label={t("workingCapacity")}
                    value={m.workingCapacity}
                    options={labels.workingCapacity}
                    onChange={(v) => setMember(i, { workingCapacity: v })}
                  />
                  <Select
                    label={t("employment")}
                    value={m.employment}
                    options={labels.employment}
                    onChange={(v) => setMember(i, { employment: v })}
                  />
                  <Select
                    label={t("nutrition")}
                    value={m.nutrition}
                    options={labels.nutrition}
                    onChange={(v) => setMember(i, { nutrition: v })}
                  />
                </details>
                {members.length > 1 && (
                  <button
                    type="button"
                    class="link danger"
                    onClick={() => setDraft((d) => ({ ...d, members: d.members.filter((_, j) => j !== i) }))}
                  >
                    {t("removeMember")}
                  </button>
                )}
              </fieldset>
            ))}
            <button
              type="button"
              class="secondary"
              onClick={() => setDraft((d) => ({ ...d, members: [...d.members, newMember() as Member] }))}
            >
              {t("addMember")}
            </button>
          </>
        );
      case "stepDwelling":
        return (
          <>
            <YesNo label={t("noHome")} value={dwelling.noHome} onChange={(v) => setDwelling({ noHome: v })} />
            <Select
              label={t("wall")}
              name="wall"
              value={dwelling.wallMaterial}
              options={labels.wallMaterial}
              onChange={(v) => setDwelling({ wallMaterial: v })}
            />
            <Select
              label={t("frame")}
              name="frame"
              value={dwelling.frameMaterial}
              options={labels.frameMaterial}
              onChange={(v) => setDwelling({ frameMaterial: v })}
            />
            <Select
              label={t("roof")}
              name="roof"
              value={dwelling.roofMaterial}
              options={labels.roofMaterial}
              onChange={(v) => setDwelling({ roofMaterial: v })}
            />
            <NumberField
              label={t("livingArea")}
              name="area"
              value={dwelling.livingAreaM2}
              onInput={(v) => setDwelling({ livingAreaM2: v })}
            />
            <Select
              label={t("water")}
              name="water"
              value={dwelling.waterSource}
              options={labels.waterSource}
              onChange={(v) => setDwelling({ waterSource: v })}
            />
            <Select
              label={t("latrine")}
              name="latrine"
              value={dwelling.latrine}
              options={labels.latrine}
              onChange={(v) => setDwelling({ latrine: v })}
            />
            <YesNo
              label={t("internet")}
              name="internet"
              value={dwelling.internetUse}
              onChange={(v) => setDwelling({ internetUse: v })}
            />
            <fieldset class="checks">
              <legend>{t("devices")}</legend>
              {DEVICES.map((d) => (
                <label key={d} class="check">
                  <input
                    type="checkbox"
                    checked={dwelling.devices?.[d] === true}
                    onChange={(e) =>
                      setDwelling({
                        devices: { ...dwelling.devices, [d]: (e.currentTarget as HTMLInputElement).checked },
                      })
                    }
                  />
                  {labels.device[d]}
                </label>
              ))}
            </fieldset>
            <YesNo
              label={t("loudspeaker")}
              name="loudspeaker"
              value={dwelling.loudspeakerReach}
              onChange={(v) => setDwelling({ loudspeakerReach: v })}
            />
          </>
        );
      case "stepIncome":
        return (
          <>
            {assessment?.listReason?.startsWith("request_") && (
              <fieldset class="card">
                <legend>{t("phieuA")}</legend>
                <YesNo
                  label={t("phieuAPassed")}
                  name="phieuA"
                  value={answers.phieuA?.passed}
                  onChange={(passed) =>
                    setAnswers((a) => ({
                      ...a,
                      phieuA: passed === undefined ? undefined : { passed, reason: a.phieuA?.reason ?? "" },
                    }))
                  }
                />
                {answers.phieuA?.passed === false && (
                  <TextField
                    label={t("reason")}
                    name="phieuA-reason"
                    value={answers.phieuA.reason ?? ""}
                    onInput={(reason) => setAnswers((a) => ({ ...a, phieuA: { passed: false, reason } }))}
                  />
                )}
              </fieldset>
            )}
            <Select
              label={t("basis")}
              name="basis"
              value={answers.basis}
              allowEmpty={false}
              options={{ income: t("basisIncome"), score: t("basisScore") }}
              onChange={(v) => setAnswers((a) => ({ ...a, basis: v ?? "income" }))}
            />
            {answers.basis === "income" ? (
              <NumberField
                label={t("incomeLabel")}
                name="income"
                value={answers.monthlyIncomePerCapita}
                hint={
                  answers.monthlyIncomePerCapita !== undefined ? formatDong(answers.monthlyIncomePerCapita) : undefined
                }
                onInput={(v) => setAnswers((a) => ({ ...a, monthlyIncomePerCapita: v }))}
              />
            ) : (
              <NumberField
                label={t("scoreLabel")}
                name="scoreA"
                value={answers.scoreA}
                onInput={(v) => setAnswers((a) => ({ ...a, scoreA: v }))}
              />
            )}
            {standard && (
              <p class="note">
                {t("line", {
                  area: state.lang === "en" ? area : labels.area[area].toLowerCase(),
                  line: formatDong(standard.lines[area].poverty),
                })}
              </p>
            )}
          </>
        );
      case "stepIndicators":
        return (
          <Indicators
            standard={standard!}
            derived={derived}
            evaluation={evaluation}
            answers={answers}
            setAnswers={setAnswers}
          />
        );
      case "stepResult":
        return null;
    }
  };

  return (
    <section class="form">
      <p class="crumbs">
        <a href={`/v/${villageId}`}>{village?.name ?? t("households")}</a>
        {campaign ? ` · ${t("campaign")} ${campaign.year}` : ""}
        {assessment && ` · ${t(`state_${assessment.state}`)}`}
      </p>
      <h1>{draft.headName || t("newHousehold")}</h1>
      {other?.editing && (
        <p class="banner warn" role="status">
          {t("editingBy", { name: other.name })}
        </p>
      )}
      {live.lastChange?.id === householdId && live.lastChange.by.id !== me.id && (
        <p class="banner warn" role="status">
          {t("changedBy", { name: live.lastChange.by.name })}
        </p>
      )}
      {!campaign && <p class="note">{t("noCampaign")}</p>}
      {assessment?.returnComment && (
        <p class="banner warn">
          {t("comment")}: {assessment.returnComment}
        </p>
      )}
      <ol class="steps" aria-label={t("step", { i: step + 1, n: STEPS.length })}>
        {STEPS.map((s, i) => (
          <li key={s}>
            <button
              type="button"
              class={i === step ? "current" : ""}
              aria-current={i === step ? "step" : undefined}
              onClick={() => setStep(i)}
            >
              <span class="num">{i + 1}</span>
              <span class="lbl">{t(s)}</span>
            </button>
          </li>
        ))}
      </ol>
      <h2>{t(STEPS[step]!)}</h2>
      <div class="step-body">{stepBody()}</div>
      <ResultCard
        evaluation={evaluation}
        full={STEPS[step] === "stepResult"}
        onOpen={() => setStep(STEPS.length - 1)}
      />
      {message && (
        <p role={message.tone === "bad" ? "alert" : "status"} class={`banner ${message.tone}`}>
          {message.text}
        </p>
      )}
      <div class="actions">
        {step > 0 && (
          <button type="button" class="secondary" onClick={() => setStep(step - 1)}>
            {t("back")}
          </button>
        )}
        {step < STEPS.length - 1 && (
          <button type="button" class="secondary" onClick={() => setStep(step + 1)}>
            {t("next")}
          </button>
        )}
        {editable && (
          <button type="button" class="secondary" onClick={() => void save(false)}>
            {t("save")}
          </button>
        )}
        {editable && campaign && STEPS[step] === "stepResult" && (
          <button type="button" class="primary" onClick={() => void save(true)}>
            {t("submit")}
          </button>
        )}
      </div>
    </section>
  );
}

/** The indicators: what the facts decide (with why), a direct answer for the others, overrides with a reason. */
function Indicators(p: {
  standard: Standard;
  derived: DerivedIndicator[];
  evaluation: Evaluation | null;
  answers: Answers;
  setAnswers: (f: (a: Answers) => Answers) => void;
}) {
  const { standard, evaluation, answers, setAnswers } = p;
  const [open, setOpen] = useState<string | null>(null);
  // Derived from the facts alone: known before the income is (the result needs the income).
  const facts = new Map(p.derived.map((d) => [d.code, d]));
  const issues = new Map((evaluation?.issues ?? []).map((i) => [i.path, i.message]));
  return (
    <ul class="indicators">
      {standard.indicators.map((ind) => {
        const d = facts.get(ind.code);
        const override = answers.overrides[ind.code];
        const derived = d?.value ?? null;
        const value = override ? override.value : (derived ?? answers.indicators[ind.code] ?? null);
        const setOverride = (o: { value: boolean; reason: string } | null) =>
          setAnswers((s) => {
            const overrides = { ...s.overrides };
            if (o) overrides[ind.code] = o;
            else delete overrides[ind.code];
            return { ...s, overrides };
          });
        return (
          <li
            key={ind.code}
            class={`indicator ${value === true ? "deprived" : value === false ? "fine" : "open"}`}
            data-code={ind.code}
          >
            <div class="ind-head">
              <strong>{ind.nameVi}</strong>
              <span class="tag">{value === null ? t("undecided") : value ? t("deprived") : t("notDeprived")}</span>
            </div>
            {derived !== null && !override && (
              <p class="because">
                {t("derived")}: {d?.because}{" "}
                <button type="button" class="link" onClick={() => setOpen(open === ind.code ? null : ind.code)}>
                  {t("override")}
                </button>
              </p>
            )}
            {derived === null && !override && (
              <YesNo
                label={ind.ruleVi}
                name={`ind-${ind.code}`}
                value={answers.indicators[ind.code] === undefined ? undefined : answers.indicators[ind.code]}
                onChange={(v) =>
                  setAnswers((s) => {
                    const indicators = { ...s.indicators };
                    if (v === undefined) delete indicators[ind.code];
                    else indicators[ind.code] = v;
                    return { ...s, indicators };
                  })
                }
              />
            )}
            {(override || open === ind.code) && (
              <div class="override">
                <YesNo
                  label={`${t("override")}: ${t("deprived")}?`}
                  name={`ovr-${ind.code}`}
                  value={override?.value ?? (derived === null ? undefined : !derived)}
                  onChange={(v) => setOverride(v === undefined ? null : { value: v, reason: override?.reason ?? "" })}
                />
                <TextField
                  label={t("overrideReason")}
                  name={`ovr-${ind.code}-reason`}
                  value={override?.reason ?? ""}
                  error={issues.get(`overrides.${ind.code}.reason`)}
                  onInput={(reason) =>
                    setOverride({ value: override?.value ?? (derived === null ? true : !derived), reason })
                  }
                />
                <button type="button" class="link" onClick={() => (setOverride(null), setOpen(null))}>
                  {t("cancelOverride")}
                </button>
              </div>
            )}
            {issues.get(`indicators.${ind.code}`) && <p class="error">{issues.get(`indicators.${ind.code}`)}</p>}
          </li>
        );
      })}
    </ul>
  );
}
