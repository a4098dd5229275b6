// The village's posted list for citizens (niêm yết): head of household and category only — no ID
// numbers, no members — with the posting window and how to complain. Printable on one page.
import { useEffect, useState } from "preact/hooks";
import { type Category, formatDateVi, labels } from "../../../src/domain";
import { api } from "../api";
import { setLang, t } from "../i18n";
import { useAppState } from "../state";

interface PostedList {
  villageName: string;
  communeName: string;
  tenantName: string;
  startsOn: string;
  endsOn: string;
  households: { headName: string; address: string; category: Category }[];
}

export function PublicList({ tenant, villageId }: { tenant: string; villageId: string }) {
  const s = useAppState();
  const [list, setList] = useState<PostedList | null | undefined>(undefined);
  useEffect(() => {
    void api<PostedList>("GET", `/api/v1/public/${tenant}/villages/${villageId}/posted-list`)
      .then((r) => setList(r.status === 200 ? r.body : null))
      .catch(() => setList(null));
  }, [tenant, villageId]);

  return (
    <main class="page public">
      <div class="no-print top-actions">
        <button type="button" class="link" onClick={() => setLang(s.lang === "vi" ? "en" : "vi")}>
          {t("language")}
        </button>
        {list && (
          <button type="button" class="secondary" onClick={() => print()}>
            {t("print")}
          </button>
        )}
      </div>
      {list === undefined ? (
        <p>{t("loading")}</p>
      ) : list === null ? (
        <p>{t("noPosting")}</p>
      ) : (
        <>
          <p class="authority">
            {list.tenantName} · {list.communeName}
          </p>
          <h1>
            {t("publicList")}: {list.villageName}
          </h1>
          <p>{t("publicIntro", { from: formatDateVi(list.startsOn), to: formatDateVi(list.endsOn) })}</p>
          {(["poor", "near_poor"] as const).map((cat) => {
            const rows = list.households.filter((h) => h.category === cat);
            return (
              <section key={cat}>
                <h2>
                  {labels.category[cat]} ({rows.length})
                </h2>
                {rows.length === 0 ? (
                  <p>{t("nothingPosted")}</p>
                ) : (
                  <table class="posted">
                    <thead>
                      <tr>
                        <th scope="col">TT</th>
                        <th scope="col">{t("headName")}</th>
                        <th scope="col">{t("address")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((h, i) => (
                        <tr key={i}>
                          <td class="num">{i + 1}</td>
                          <td>{h.headName}</td>
                          <td>{h.address}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
            );
          })}
          {list.households.some((h) => h.category !== "poor" && h.category !== "near_poor") && (
            <section>
              <h2>Hộ khác trong danh sách rà soát</h2>
              <table class="posted">
                <tbody>
                  {list.households
                    .filter((h) => h.category !== "poor" && h.category !== "near_poor")
                    .map((h, i) => (
                      <tr key={i}>
                        <td>{h.headName}</td>
                        <td>{labels.category[h.category]}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </section>
          )}
          <section class="complain">
            <h2>Khiếu nại</h2>
            <p>{t("howToComplain")}</p>
          </section>
        </>
      )}
    </main>
  );
}
