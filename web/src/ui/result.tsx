// The live result with its explanation, as the rules compute it on the phone.
import { type Evaluation, labels } from "../../../src/domain";
import { t } from "../i18n";

export function ResultCard({
  evaluation,
  full,
  onOpen,
}: {
  evaluation: Evaluation | null;
  full: boolean;
  onOpen?: () => void;
}) {
  const r = evaluation?.result;
  if (!r)
    return (
      <aside class="result empty" aria-live="polite" data-testid="live-result">
        <span>{t("liveResult")}: </span>
        {evaluation?.issues.length
          ? evaluation.issues.map((i) => (
              <span key={i.path} class="error">
                {i.message}{" "}
              </span>
            ))
          : t("noResultYet")}
      </aside>
    );
  return (
    <aside class={`result cat-${r.category}`} aria-live="polite" data-testid="live-result">
      <button type="button" class="result-head" onClick={onOpen} aria-expanded={full}>
        <span>{t("liveResult")}</span>
        <strong data-testid="live-category">{labels.category[r.category]}</strong>
        <span>
          {r.deprivationCount}/{r.indicators.length} {t("deprived").toLowerCase()}
        </span>
      </button>
      {full && (
        <>
          <h3>{t("explanation")}</h3>
          <ul class="explanation">
            {r.explanation.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
          {evaluation!.missing.length > 0 && (
            <p class="note">{t("missingIndicators", { n: evaluation!.missing.length })}</p>
          )}
        </>
      )}
    </aside>
  );
}
