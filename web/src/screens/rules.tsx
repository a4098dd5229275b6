// "Quy định áp dụng": for the pack of a campaign, every line, indicator, definition and parameter
// with its legal text and whether it was checked against the text; and the district's record of
// its chairman's opinions, the step before a commune decision signed before 1 July 2025.
import { useEffect, useState } from "preact/hooks";
import {
  formatDateVi,
  getStandard,
  provenanceKeys,
  provenanceLabel,
  provenanceOf,
  provenanceValue,
} from "../../../src/domain";
import { api, errorText } from "../api";
import { type Campaign, currentCampaign, loadCampaigns, loadUnits, type Unit } from "../data";
import { t } from "../i18n";
import { type User, useAppState } from "../state";
import { Select, TextField } from "../ui/fields";

const vnToday = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

/** The tenant's campaigns and the one chosen (the current one at first). */
function useCampaignChoice(tenant: string | null) {
  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!tenant) return;
    void loadCampaigns(tenant).then((list) => {
      setCampaigns(list);
      setChosen(currentCampaign(list)?.id);
    });
  }, [tenant]);
  const campaign = campaigns?.find((c) => c.id === chosen) ?? null;
  const picker = campaigns && campaigns.length > 0 && (
    <Select
      label={t("campaign")}
      name="campaign"
      value={chosen}
      allowEmpty={false}
      options={Object.fromEntries(campaigns.map((c) => [c.id, `${c.name ?? c.year} (${c.standard})`]))}
      onChange={setChosen}
    />
  );
  return { campaigns, campaign, picker };
}

export function Rules({ me, tenant: tenantParam }: { me: User; tenant: string | null }) {
  useAppState();
  const { campaigns, campaign, picker } = useCampaignChoice(me.tenant ?? tenantParam);
  if (!campaigns) return <p>{t("loading")}</p>;
  const pack = campaign ? getStandard(campaign.standard) : null;
  return (
    <section>
      <h1>{t("rules")}</h1>
      <p class="note">{t("rulesIntro")}</p>
      {picker}
      {!pack ? (
        <p class="note">{t("noCampaign")}</p>
      ) : (
        <>
          <h2 data-testid="rules-pack">
            {pack.code}: {pack.legalBasis}
          </h2>
          {pack.provisional && <p class="banner warn">{t("packProvisional")}</p>}
          <div class="table-wrap">
            <table class="report" data-testid="rules-table">
              <thead>
                <tr>
                  <th scope="col">{t("ruleItem")}</th>
                  <th scope="col">{t("ruleContent")}</th>
                  <th scope="col">{t("ruleSource")}</th>
                  <th scope="col">{t("ruleStatus")}</th>
                  <th scope="col">{t("ruleNote")}</th>
                </tr>
              </thead>
              <tbody>
                {provenanceKeys(pack).map((key) => {
                  const p = provenanceOf(pack, key);
                  return (
                    <tr key={key} data-key={key}>
                      <th scope="row">{provenanceLabel(pack, key)}</th>
                      <td>{provenanceValue(pack, key)}</td>
                      <td>{p.source}</td>
                      <td>
                        <span class={`badge badge-${p.status === "verified" ? "ok" : "wait"}`} data-status={p.status}>
                          {t(p.status === "verified" ? "status_verified" : "status_provisional")}
                        </span>
                      </td>
                      <td>{p.note}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

interface Opinion {
  id: string;
  communeId: string;
  givenOn: string;
  number: string | null;
  text: string | null;
}

export function Opinions({ me, tenant: tenantParam }: { me: User; tenant: string | null }) {
  useAppState();
  const tenant = me.tenant ?? tenantParam;
  const { campaigns, campaign, picker } = useCampaignChoice(tenant);
  const [communes, setCommunes] = useState<Unit[]>([]);
  const [opinions, setOpinions] = useState<Opinion[]>([]);
  const [communeId, setCommuneId] = useState<string | undefined>(undefined);
  const [givenOn, setGivenOn] = useState(vnToday());
  const [number, setNumber] = useState("");
  const [text, setText] = useState("");
  const [message, setMessage] = useState<{ tone: string; text: string } | null>(null);
  const base = tenant && campaign ? `/api/v1/tenants/${tenant}/campaigns/${campaign.id}/district-opinions` : null;

  const reload = async () => {
    if (!base) return;
    const r = await api<{ items: Opinion[] }>("GET", base).catch(() => null);
    if (r?.status === 200) setOpinions(r.body.items);
  };
  useEffect(() => {
    if (tenant) void loadUnits(tenant).then((u) => setCommunes(u.filter((x) => x.level === "commune")));
  }, [tenant]);
  useEffect(() => void reload(), [base]);

  async function record(e: Event) {
    e.preventDefault();
    if (!base) return;
    const body = { communeId, givenOn, ...(number ? { number } : {}), ...(text ? { text } : {}) };
    const r = await api("POST", base, body, { "Idempotency-Key": crypto.randomUUID() }).catch(() => null);
    if (!r) return setMessage({ tone: "bad", text: t("offline") });
    if (r.status !== 201) return setMessage({ tone: "bad", text: errorText(r.body, t("error")) });
    setMessage({ tone: "ok", text: t("opinionRecorded") });
    await reload();
  }

  if (!campaigns) return <p>{t("loading")}</p>;
  const communeName = new Map(communes.map((c) => [c.id, c.name]));
  return (
    <section>
      <h1>{t("opinionsTitle")}</h1>
      <p class="note">{t("opinionsIntro")}</p>
      {picker}
      {!campaign ? (
        <p class="note">{t("noCampaign")}</p>
      ) : (
        <>
          {opinions.length === 0 ? (
            <p class="note">{t("noOpinions")}</p>
          ) : (
            <ul class="list" data-testid="opinions">
              {opinions.map((o) => (
                <li key={o.id}>
                  <strong>{communeName.get(o.communeId) ?? o.communeId}</strong> — {formatDateVi(o.givenOn)}
                  {o.number ? ` · ${o.number}` : ""}
                  {o.text ? <p>{o.text}</p> : null}
                </li>
              ))}
            </ul>
          )}
          {me.role === "district_admin" && (
            <form onSubmit={record} class="card">
              <Select
                label={t("commune")}
                name="communeId"
                value={communeId}
                options={Object.fromEntries(communes.map((c) => [c.id, c.name]))}
                onChange={setCommuneId}
              />
              <TextField
                label={t("givenOn")}
                name="givenOn"
                type="date"
                value={givenOn}
                onInput={setGivenOn}
                required
              />
              <TextField label={t("opinionNumber")} name="opinionNumber" value={number} onInput={setNumber} />
              <TextField label={t("opinionText")} name="opinionText" value={text} onInput={setText} />
              {message && (
                <p role={message.tone === "bad" ? "alert" : "status"} class={`banner ${message.tone}`}>
                  {message.text}
                </p>
              )}
              <button type="submit" class="primary">
                {t("recordOpinion")}
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}
