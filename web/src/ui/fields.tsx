// Form fields with their labels (every control is labelled; touch targets are at least 44 px).
import { t } from "../i18n";

let counter = 0;
const nextId = () => `f${++counter}`;

interface Base {
  label: string;
  hint?: string;
  error?: string | undefined;
  name?: string;
}

export function TextField(
  p: Base & {
    value: string;
    onInput: (v: string) => void;
    required?: boolean;
    type?: string;
    autocomplete?: string;
    inputMode?: "numeric" | "text";
  },
) {
  const id = p.name ?? nextId();
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <input
        id={id}
        name={p.name}
        type={(p.type ?? "text") as "text"}
        value={p.value}
        required={p.required}
        autocomplete={p.autocomplete}
        inputMode={p.inputMode}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={p.error ? `${id}-err` : undefined}
        onInput={(e) => p.onInput((e.currentTarget as HTMLInputElement).value)}
      />
      {p.hint && <small>{p.hint}</small>}
      {p.error && (
        <small id={`${id}-err`} class="error">
          {p.error}
        </small>
      )}
    </div>
  );
}

export function NumberField(
  p: Base & {
    value: number | undefined;
    onInput: (v: number | undefined) => void;
    min?: number;
    max?: number;
    step?: number;
  },
) {
  return (
    <TextField
      {...p}
      type="text"
      inputMode="numeric"
      value={p.value === undefined ? "" : String(p.value)}
      onInput={(v) => {
        const digits = v.replace(/[.\s đ]/g, "").replace(",", ".");
        p.onInput(digits === "" || Number.isNaN(Number(digits)) ? undefined : Number(digits));
      }}
    />
  );
}

/** A choice among codes, shown with their labels; "" = not asked. */
export function Select<C extends string>(
  p: Base & {
    value: C | undefined;
    options: Record<C, string>;
    onChange: (v: C | undefined) => void;
    allowEmpty?: boolean;
    emptyLabel?: string;
  },
) {
  const id = p.name ?? nextId();
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <select
        id={id}
        name={p.name}
        value={p.value ?? ""}
        onChange={(e) => p.onChange(((e.currentTarget as HTMLSelectElement).value || undefined) as C | undefined)}
      >
        {p.allowEmpty !== false && <option value="">{p.emptyLabel ?? t("notAsked")}</option>}
        {(Object.entries(p.options) as [C, string][]).map(([code, label]) => (
          <option key={code} value={code}>
            {label}
          </option>
        ))}
      </select>
      {p.error && <small class="error">{p.error}</small>}
    </div>
  );
}

/** Yes / no / not asked. */
export function YesNo(p: Base & { value: boolean | undefined; onChange: (v: boolean | undefined) => void }) {
  return (
    <Select
      label={p.label}
      name={p.name}
      value={p.value === undefined ? undefined : p.value ? "yes" : "no"}
      options={{ yes: t("yes"), no: t("no") }}
      onChange={(v) => p.onChange(v === undefined ? undefined : v === "yes")}
    />
  );
}
