// The village's live channel (VillageRoom WebSocket): who is viewing or editing which household,
// and each change committed by anyone, so that lists refresh without a reload.
import { useEffect, useRef, useState } from "preact/hooks";
import { state } from "./state";

export interface Presence {
  connection: string;
  userId: string;
  name: string;
  viewing: string | null;
  editing: string | null;
}

export interface Live {
  presence: Presence[];
  /** Bumped on every committed change in the village. */
  changes: number;
  /** The latest committed change: which record, by whom. */
  lastChange: { id: string; by: { id: string; name: string } } | null;
  /** My connection id: to tell myself from others. */
  me: string | null;
  send: (msg: { type: "view" | "edit" | "release"; householdId?: string }) => void;
}

export function useVillageLive(
  tenant: string | null,
  villageId: string,
  focus?: { householdId: string; editing: boolean },
): Live {
  const [presence, setPresence] = useState<Presence[]>([]);
  const [changes, setChanges] = useState(0);
  const [lastChange, setLastChange] = useState<Live["lastChange"]>(null);
  const [me, setMe] = useState<string | null>(null);
  const socket = useRef<WebSocket | null>(null);
  const focusRef = useRef(focus);
  focusRef.current = focus;

  useEffect(() => {
    if (!tenant) return;
    let closed = false;
    let retry = 1000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const announce = (ws: WebSocket) => {
      const f = focusRef.current;
      if (f && ws.readyState === WebSocket.OPEN)
        ws.send(JSON.stringify({ type: f.editing ? "edit" : "view", householdId: f.householdId }));
    };
    const connect = () => {
      if (closed) return;
      const ws = new WebSocket(
        `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/v1/tenants/${tenant}/villages/${villageId}/live`,
      );
      socket.current = ws;
      ws.onopen = () => {
        retry = 1000;
        announce(ws);
      };
      ws.onmessage = (ev) => {
        let msg: any;
        try {
          msg = JSON.parse(String(ev.data));
        } catch {
          return;
        }
        if (msg.type === "welcome") {
          setMe(msg.connection);
          setPresence(msg.presence ?? []);
        } else if (msg.type === "presence") setPresence(msg.users ?? []);
        else if (msg.type === "change") {
          setChanges((n) => n + 1);
          setLastChange({ id: msg.id, by: msg.by });
        }
      };
      ws.onclose = () => {
        socket.current = null;
        if (closed) return;
        // Patchy network: try again, a little later each time, and at once when it returns.
        timer = setTimeout(connect, retry);
        retry = Math.min(retry * 2, 30_000);
      };
    };
    const onOnline = () => {
      if (!socket.current) {
        clearTimeout(timer);
        connect();
      }
    };
    if (state.online) connect();
    addEventListener("online", onOnline);
    const ping = setInterval(
      () => socket.current?.readyState === WebSocket.OPEN && socket.current.send(JSON.stringify({ type: "ping" })),
      25_000,
    );
    return () => {
      closed = true;
      clearTimeout(timer);
      clearInterval(ping);
      removeEventListener("online", onOnline);
      const ws = socket.current;
      if (ws?.readyState === WebSocket.OPEN && focusRef.current?.editing) ws.send(JSON.stringify({ type: "release" }));
      ws?.close();
    };
  }, [tenant, villageId]);

  useEffect(() => {
    const ws = socket.current;
    if (ws?.readyState === WebSocket.OPEN && focus)
      ws.send(JSON.stringify({ type: focus.editing ? "edit" : "view", householdId: focus.householdId }));
  }, [focus?.householdId, focus?.editing]);

  return {
    presence,
    changes,
    lastChange,
    me,
    send: (msg) => socket.current?.readyState === WebSocket.OPEN && socket.current.send(JSON.stringify(msg)),
  };
}

/** Others who are editing (or viewing) each household. */
export function othersOn(live: Live, myUserId: string): Map<string, { name: string; editing: boolean }> {
  const map = new Map<string, { name: string; editing: boolean }>();
  for (const p of live.presence) {
    if (p.userId === myUserId) continue;
    if (p.editing) map.set(p.editing, { name: p.name, editing: true });
    else if (p.viewing && !map.has(p.viewing)) map.set(p.viewing, { name: p.name, editing: false });
  }
  return map;
}
