// The shape every domain function uses for input it refuses: no throwing, a list of issues each
// naming the field (dotted path, as in the API's validation `details`) and saying why in Vietnamese.

export interface Issue {
  /** Dotted path of the offending field, e.g. `deprivations.2` or `overrides.water.reason`. */
  path: string;
  /** A Vietnamese sentence a reviewer can act on. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };
