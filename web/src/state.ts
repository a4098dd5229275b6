// The app's shared state (who is signed in, language, network, outbox counts, current page) and
// the hook that re-renders a component when it changes. Small enough not to need a library.
import { useEffect, useState } from "preact/hooks";
import type { EntryStatus } from "./sync/engine";

export type Role =
  | "province_admin"
  | "province_viewer"
  | "district_admin"
  | "district_viewer"
  | "commune_officer"
  | "enumerator"
  | "supervisor";

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  tenant: string | null;
  unitId: string | null;
}

export interface Route {
  path: string;
  query: URLSearchParams;
}

export interface AppState {
  lang: "vi" | "en";
  /** undefined while the app starts */
  me: User | null | undefined;
  online: boolean;
  queue: Record<EntryStatus, number>;
  route: Route;
}

const savedLang = (): "vi" | "en" => {
  try {
    return localStorage.getItem("lang") === "en" ? "en" : "vi";
  } catch {
    return "vi";
  }
};

export const state: AppState = {
  lang: savedLang(),
  me: undefined,
  online: typeof navigator === "undefined" ? true : navigator.onLine,
  queue: { pending: 0, sent: 0, failed: 0, conflict: 0 },
  route: { path: location.pathname, query: new URLSearchParams(location.search) },
};

const listeners = new Set<() => void>();

export function update(patch: Partial<AppState>) {
  Object.assign(state, patch);
  for (const fn of listeners) fn();
}

/** Re-renders the calling component whenever the shared state changes. */
export function useAppState(): AppState {
  const [, tick] = useState(0);
  useEffect(() => {
    const fn = () => tick((n) => n + 1);
    listeners.add(fn);
    return () => void listeners.delete(fn);
  }, []);
  return state;
}

export function navigate(to: string, replace = false) {
  const url = new URL(to, location.origin);
  if (url.pathname + url.search === location.pathname + location.search) return;
  history[replace ? "replaceState" : "pushState"](null, "", url.pathname + url.search);
  update({ route: { path: url.pathname, query: url.searchParams } });
  window.scrollTo(0, 0);
}

addEventListener("popstate", () =>
  update({ route: { path: location.pathname, query: new URLSearchParams(location.search) } }),
);

/** Internal links are handled here, so that a tap never reloads the page. */
addEventListener("click", (event) => {
  const e = event as MouseEvent;
  const a = (e.target as Element | null)?.closest?.("a");
  if (
    !a ||
    e.defaultPrevented ||
    e.button !== 0 ||
    e.metaKey ||
    e.ctrlKey ||
    e.shiftKey ||
    a.target ||
    a.hasAttribute("download")
  )
    return;
  const href = a.getAttribute("href");
  if (!href || !href.startsWith("/") || href.startsWith("/api/")) return;
  e.preventDefault();
  navigate(href);
});
