import type { ComponentChildren } from "preact";
import { setLang, t } from "./i18n";
import { Account } from "./screens/account";
import { CommuneWork } from "./screens/commune";
import { Conflict } from "./screens/conflict";
import { Dashboard, ProvinceView, Reports, Signals } from "./screens/district";
import { HouseholdForm } from "./screens/household-form";
import { Imports } from "./screens/imports";
import { Login } from "./screens/login";
import { PublicList } from "./screens/public-list";
import { Queue } from "./screens/queue";
import { Opinions, Rules } from "./screens/rules";
import { VillageList, VillagePicker } from "./screens/village";
import { signOut } from "./session";
import { navigate, type User, useAppState } from "./state";

/** Where each role starts. */
function homeOf(me: User): string {
  switch (me.role) {
    case "enumerator":
    case "supervisor":
      return "/villages";
    case "commune_officer":
      return "/commune/review";
    case "district_admin":
    case "district_viewer":
      return "/dashboard";
    default:
      return "/province";
  }
}

function SyncBadge() {
  const s = useAppState();
  const problems = s.queue.failed + s.queue.conflict;
  const text = problems
    ? t("syncProblems", { n: problems })
    : s.queue.pending
      ? t("syncPending", { n: s.queue.pending })
      : t("syncAllSent");
  const tone = problems ? "bad" : s.queue.pending ? "wait" : "ok";
  return (
    <a href="/queue" class={`badge badge-${tone}`} aria-label={`${t("queueTitle")}: ${text}`} data-testid="sync-badge">
      <span class={`dot ${s.online ? "on" : "off"}`} aria-hidden="true" />
      <span>
        {s.online ? "" : `${t("offline")} · `}
        {text}
      </span>
    </a>
  );
}

function Nav({ me }: { me: User }) {
  const path = useAppState().route.path;
  const links: [string, string][] =
    me.role === "commune_officer"
      ? [
          ["/commune/review", t("reviewQueue")],
          ["/villages", t("households")],
          ["/commune/meeting", t("meeting")],
          ["/commune/posting", t("posting")],
          ["/commune/complaints", t("complaints")],
          ["/commune/decision", t("decision")],
          ["/imports", t("importLists")],
          ["/rules", t("rules")],
        ]
      : me.role.startsWith("district")
        ? [
            ["/dashboard", t("dashboard")],
            ["/reports", t("reports")],
            ["/signals", t("signals")],
            ["/villages", t("households")],
            ["/opinions", t("opinions")],
            ...(me.role === "district_admin" ? ([["/imports", t("importLists")]] as [string, string][]) : []),
            ["/rules", t("rules")],
          ]
        : me.role.startsWith("province")
          ? [
              ["/province", t("province")],
              ["/reports", t("reports")],
            ]
          : me.role === "supervisor"
            ? [
                ["/villages", t("households")],
                ["/commune/complaints", t("complaints")],
              ]
            : [];
  if (!links.length) return null;
  return (
    <nav class="tabs" aria-label={t("home")}>
      {links.map(([href, label]) => (
        <a key={href} href={href} aria-current={path === href ? "page" : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}

function Shell({ me, children }: { me: User; children: ComponentChildren }) {
  const s = useAppState();
  return (
    <>
      <header class="top">
        <a href="/" class="brand">
          {t("appName")}
        </a>
        <div class="top-actions">
          <SyncBadge />
          <button
            type="button"
            class="link"
            onClick={() => setLang(s.lang === "vi" ? "en" : "vi")}
            lang={s.lang === "vi" ? "en" : "vi"}
            aria-label={t("language")}
            title={t("language")}
          >
            {t("languageShort")}
          </button>
          <a href="/account" class="link" title={`${t("account")}: ${me.displayName}`}>
            <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
              <circle cx="12" cy="8" r="4" />
              <path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7z" />
            </svg>
            <span class="sr-only">{t("account")}</span>
          </a>
          <button type="button" class="link" onClick={() => void signOut()} title={me.displayName}>
            {t("signOut")}
          </button>
        </div>
      </header>
      <Nav me={me} />
      <main class="page">{children}</main>
    </>
  );
}

export function App() {
  const s = useAppState();
  const { path, query } = s.route;
  const parts = path.split("/").filter(Boolean);

  if (parts[0] === "public" && parts[1] && parts[2]) return <PublicList tenant={parts[1]} villageId={parts[2]} />;
  if (s.me === undefined) return <p class="boot">{t("loading")}</p>;
  if (s.me === null) return <Login />;
  const me = s.me;
  if (path === "/" || path === "/login") {
    queueMicrotask(() => navigate(homeOf(me), true));
    return <p class="boot">{t("loading")}</p>;
  }

  let page;
  if (parts[0] === "villages") page = <VillagePicker me={me} />;
  else if (parts[0] === "v" && parts[1] && parts[2] === "h" && parts[3])
    page = (
      <HouseholdForm key={parts[3]} me={me} villageId={parts[1]} householdId={parts[3] === "new" ? null : parts[3]} />
    );
  else if (parts[0] === "v" && parts[1]) page = <VillageList key={parts[1]} me={me} villageId={parts[1]} />;
  else if (parts[0] === "queue" && parts[1]) page = <Conflict id={parts[1]} />;
  else if (parts[0] === "queue") page = <Queue />;
  else if (parts[0] === "commune") page = <CommuneWork me={me} tab={parts[1] ?? "review"} />;
  else if (parts[0] === "dashboard") page = <Dashboard me={me} tenant={query.get("tenant")} />;
  else if (parts[0] === "reports") page = <Reports me={me} tenant={query.get("tenant")} />;
  else if (parts[0] === "signals") page = <Signals me={me} tenant={query.get("tenant")} />;
  else if (parts[0] === "province") page = <ProvinceView me={me} />;
  else if (parts[0] === "rules") page = <Rules me={me} tenant={query.get("tenant")} />;
  else if (parts[0] === "opinions") page = <Opinions me={me} tenant={query.get("tenant")} />;
  else if (parts[0] === "account") page = <Account me={me} />;
  else if (parts[0] === "imports" && me.tenant) page = <Imports me={me} />;
  else page = <p>{t("notFound")}</p>;
  return <Shell me={me}>{page}</Shell>;
}
