import { render } from "preact";
import { App } from "./app";
import { startSession } from "./session";
import { state } from "./state";
import "./styles.css";

document.documentElement.lang = state.lang;
render(<App />, document.getElementById("app")!);
void startSession();

if ("serviceWorker" in navigator && import.meta.env.PROD) {
  addEventListener("load", () => void navigator.serviceWorker.register("/sw.js"));
}
// Ask the browser not to evict the outbox and the kept data when the phone runs short of space.
void navigator.storage?.persist?.().catch(() => false);
