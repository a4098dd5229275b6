// A conflict (409): my change and the server's record side by side, field by field; the person
// chooses per field, and the choice goes back to the outbox based on the server's version.
import { useMemo, useState } from "preact/hooks";
import { labels } from "../../../src/domain";
import { t } from "../i18n";
import { kv } from "../idb";
import { navigate } from "../state";
import { localKeyOf, outbox, sync } from "../sync/client";
import { diffFields, mergeChoice } from "../sync/engine";
import { useEntries } from "./queue";

const FIELD_NAMES: Record<string, string> = {
  headName: "Họ tên chủ hộ",
  address: "Địa chỉ",
  members: "Thành viên",
  monthlyIncomePerCapita: "Thu nhập bình quân",
  basis: "Cách xác định thu nhập",
  "facts.dwelling.wallMaterial": "Tường",
  "facts.dwelling.frameMaterial": "Khung, cột",
  "facts.dwelling.roofMaterial": "Mái",
  "facts.dwelling.livingAreaM2": "Diện tích ở",
  "facts.dwelling.waterSource": "Nguồn nước",
  "facts.dwelling.latrine": "Nhà tiêu",
  "facts.dwelling.internetUse": "Dùng Internet",
  "facts.dwelling.loudspeakerReach": "Loa truyền thanh",
};

function fieldName(path: string): string {
  if (FIELD_NAMES[path]) return FIELD_NAMES[path]!;
  const [head, code] = path.split(".");
  if ((head === "indicators" || head === "overrides") && code && code in labels.indicator)
    return `${labels.indicator[code as keyof typeof labels.indicator]}${head === "overrides" ? " (ghi đè)" : ""}`;
  return path;
}

function show(v: unknown): string {
  if (v === undefined || v === null || v === "") return "—";
  if (typeof v === "boolean") return v ? t("yes") : t("no");
  if (Array.isArray(v))
    return v
      .map((m) =>
        typeof m === "object" && m && "fullName" in m
          ? String((m as { fullName: string }).fullName)
          : JSON.stringify(m),
      )
      .join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function Conflict({ id }: { id: string }) {
  const entries = useEntries();
  const entry = entries.find((e) => e.id === id);
  const diffs = useMemo(() => (entry?.current ? diffFields(entry.body, entry.current) : []), [entry]);
  const [theirs, setTheirs] = useState<Set<string>>(new Set());
  if (!entry) return <p>{t("queueEmpty")}</p>;

  async function done(body: Record<string, unknown> | null) {
    // Keeping the server's version: the phone's copy becomes the server's record.
    const local = localKeyOf(entry!);
    if (body === null && local && entry!.current) await kv.put(local, entry!.current);
    await outbox.resolve(id, body);
    await sync();
    navigate("/queue");
  }

  return (
    <section>
      <h1>{t("conflictTitle")}</h1>
      <p>
        <strong>{entry.label}</strong>
      </p>
      <p>{t("conflictIntro")}</p>
      <table class="diff">
        <thead>
          <tr>
            <th scope="col">{t("field")}</th>
            <th scope="col">{t("mine")}</th>
            <th scope="col">{t("theirs")}</th>
          </tr>
        </thead>
        <tbody>
          {diffs.map((d) => {
            const pickTheirs = theirs.has(d.path);
            const choose = (take: boolean) => {
              const next = new Set(theirs);
              if (take) next.add(d.path);
              else next.delete(d.path);
              setTheirs(next);
            };
            return (
              <tr key={d.path} data-field={d.path}>
                <th scope="row">{fieldName(d.path)}</th>
                <td>
                  <label class="check">
                    <input type="radio" name={`c-${d.path}`} checked={!pickTheirs} onChange={() => choose(false)} />
                    {show(d.mine)}
                  </label>
                </td>
                <td>
                  <label class="check">
                    <input type="radio" name={`c-${d.path}`} checked={pickTheirs} onChange={() => choose(true)} />
                    {show(d.theirs)}
                  </label>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div class="actions">
        <button type="button" class="primary" onClick={() => void done(mergeChoice(entry.body, diffs, theirs))}>
          {t("keepChoices")}
        </button>
        <button type="button" class="secondary" onClick={() => void done(null)}>
          {t("keepServer")}
        </button>
      </div>
    </section>
  );
}
