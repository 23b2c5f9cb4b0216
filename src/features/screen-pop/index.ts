// Screen pop: when the phone rings for this agent, the caller's record is already on the screen. Calls come
// from the connector's stream (./stream.ts), or from a URL any phone system can open on ring
// (`/k/{app}/?callconnect_number=%2B81312345678`). One card per call (./card.ts), in every tab of the agent.
import { EVENTS, onRecordEvent, type Platform, type RecordEvent } from "../../kintone-js/events";
import { pluginProxyTransport } from "../../kintone-js/plugin-proxy";
import { createRecordUrl, recordUrl } from "../../shared/kintone/record";
import type { LiveCall } from "../../shared/contract/live";
import { formatNational, normalizePhone, phoneFieldFor } from "../../shared/phone";
import { translator } from "../../shared/i18n";
import type { ViewContext } from "../context";
import { notify, clearNotification } from "../notify";
import { dateTimeFormatter } from "../call-history/rows";
import { removeCard, renderCard, type CardModel, type CardState } from "./card";
import { findCallers, lastCall, type PopCustomer, type Who } from "./lookup";
import { popMessages } from "./messages";
import { fetchTicket, openLiveStream } from "./stream";
import { tabSync } from "./tabs";

export const URL_PARAM = "callconnect_number";
const PREFILL = { phone: "callconnect_phone", name: "callconnect_name", company: "callconnect_company" } as const;
const CLOSED_KEY = "callconnect-pop:closed";
const FOLLOW_KEY = "callconnect-pop:follow";
const CLOSE_AFTER_END_MS = 10_000;
const CLOSE_UNTOUCHED_WRAPUP_MS = 180_000;

interface Card {
  model: CardModel;
  e164: string;
  talked: boolean;
  touched: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  /** Reused by every retry of one wrap-up, so a retry is written once. */
  wrapupKey: string;
  /** The customer ids last looked up: a message with others looks again. */
  ids: string;
}

/** Call ids this agent closed or opened elsewhere, kept for a few hours across tabs and reloads. */
const closedCalls = {
  read(): Record<string, number> {
    try {
      return JSON.parse(localStorage.getItem(CLOSED_KEY) ?? "{}") as Record<string, number>;
    } catch {
      return {};
    }
  },
  has(id: string): boolean {
    return id in this.read();
  },
  add(id: string): void {
    const now = Date.now();
    const kept = Object.fromEntries(Object.entries(this.read()).filter(([, at]) => now - at < 4 * 3600_000));
    try {
      localStorage.setItem(CLOSED_KEY, JSON.stringify({ ...kept, [id]: now }));
    } catch {
      // storage full or blocked: the card still closes in this tab
    }
  },
};

export function registerScreenPop(platform: Platform, ctx: ViewContext | null): void {
  if (!ctx || !ctx.settings.screenPop.enabled) return;
  onRecordEvent<RecordEvent>(platform === "desktop" ? ["app.record.create.show"] : ["mobile.app.record.create.show"], (event) =>
    prefill(event, ctx),
  );
  let started = false;
  onRecordEvent<RecordEvent>(EVENTS[platform].anyShow, (event) => {
    if (started) return;
    started = true;
    start(String(event.appId), event.type, ctx);
  });
}

/** The create form opened from a card: the caller's number in the right phone field, and what CallConnect knew. */
function prefill(event: RecordEvent, ctx: ViewContext): void {
  const q = new URLSearchParams(location.search);
  const e164 = normalizePhone(q.get(PREFILL.phone) ?? "");
  if (!e164) return;
  const c = ctx.settings.customer;
  const set = (code: string | undefined, value: string) => {
    const field = code ? event.record[code] : undefined;
    if (field && value && !String(field.value ?? "")) field.value = value;
  };
  set(phoneFieldFor(e164, c.phoneFields), formatNational(e164));
  set(c.fields.name, q.get(PREFILL.name) ?? "");
  set(c.fields.company, q.get(PREFILL.company) ?? "");
}

function start(app: string, pageType: string, ctx: ViewContext): void {
  const t = translator(popMessages, ctx.lang);
  const user = kintone.getLoginUser();
  const settings = ctx.settings;
  const tabs = tabSync(app, user.code);
  const cards = new Map<string, Card>();
  const editing = /\.(create|edit)\.show$/.test(pageType);
  const transport = pluginProxyTransport(ctx.pluginId);
  const when = dateTimeFormatter(ctx.timeZone, ctx.lang);
  const following = sessionStorage.getItem(FOLLOW_KEY);

  const go = (url: string, callId: string) => {
    // Opened here: the other tabs close the card (and a reload does not bring it back); this tab's next page keeps
    // following the call.
    closedCalls.add(callId);
    tabs.closed(callId);
    sessionStorage.setItem(FOLLOW_KEY, callId);
    // Never navigate away from a form being filled in: the record opens in a new tab instead.
    if (editing) window.open(url, "_blank", "noopener");
    else location.assign(url);
  };

  function close(callId: string, everywhere: boolean): void {
    const card = cards.get(callId);
    if (card?.timer) clearTimeout(card.timer);
    cards.delete(callId);
    removeCard(callId);
    if (everywhere) {
      closedCalls.add(callId);
      tabs.closed(callId);
    }
  }
  // The tab that closed it has already written it to the (shared) localStorage.
  tabs.onClosed((callId) => close(callId, false));

  function draw(card: Card): void {
    const callId = card.model.callId;
    renderCard(card.model, t, {
      open: (c: PopCustomer) => go(recordUrl(location, app, c.id), callId),
      create: () => go(createRecordUrl(location, app, { [PREFILL.phone]: card.e164, [PREFILL.name]: card.model.contactName }), callId),
      close: () => close(callId, true),
      touched: () => {
        card.touched = true;
        if (card.timer) clearTimeout(card.timer);
      },
      save: (result, memo) => saveWrapup(card, result, memo),
    });
  }

  async function saveWrapup(card: Card, result: string, memo: string): Promise<string | null> {
    const base = settings.connector.url.endsWith("/") ? settings.connector.url : `${settings.connector.url}/`;
    try {
      const res = await transport({
        url: `${base}api/apps/${app}/calls/${encodeURIComponent(card.model.callId)}/wrapup`,
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ user: user.code, result, memo, e164: card.e164, key: card.wrapupKey }),
      });
      if (res.status !== 202) return `HTTP ${res.status}`;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
    card.wrapupKey = crypto.randomUUID();
    const callId = card.model.callId;
    setTimeout(() => close(callId, true), 3000);
    return null;
  }

  async function lookUp(card: Card, knownIds: string[]): Promise<void> {
    const [who, last] = await Promise.all([
      findCallers(app, settings, card.e164, knownIds).catch((e: unknown): Who => ({ kind: "error", reason: "failed", message: String(e) })),
      lastCall(settings, card.e164).catch(() => null),
    ]);
    // Closed meanwhile, or a newer message asked again with other ids: this answer is stale.
    if (!cards.has(card.model.callId) || card.ids !== knownIds.join(",")) return;
    card.model.who = who;
    card.model.lastCall = last
      ? t("last.call", { when: when(last.datetime), what: [last.status || last.direction, last.result].filter(Boolean).join(" · ") })
      : "";
    draw(card);
    const one = who.kind === "found" && who.customers.length === 1 ? who.customers[0] : undefined;
    const fresh = card.model.state === "ringing" || card.model.state === "url";
    if (one && fresh && settings.screenPop.openAtOnce && !editing && document.visibilityState === "visible") {
      go(recordUrl(location, app, one.id), card.model.callId);
    }
  }

  function show(input: {
    callId: string;
    state: CardState;
    outgoing: boolean;
    e164: string;
    number: string;
    contactName: string;
    customerIds: string[];
    creating: boolean;
  }): void {
    if (closedCalls.has(input.callId) && following !== input.callId) return;
    let card = cards.get(input.callId);
    // An end for a call this page never showed (opened after the ring, or a colleague's) pops nothing.
    if (!card && input.state === "ended") return;
    const isNew = !card;
    card ??= {
      model: {
        callId: input.callId,
        state: input.state,
        outgoing: input.outgoing,
        number: "",
        who: "loading",
        contactName: "",
        lastCall: "",
        wrapup: null,
      },
      e164: input.e164,
      talked: false,
      touched: false,
      timer: null,
      wrapupKey: crypto.randomUUID(),
      ids: "",
    };
    cards.set(input.callId, card);
    const m = card.model;
    m.state = input.state;
    m.number = input.e164 ? formatNational(input.e164) : input.number;
    m.contactName = input.contactName || m.contactName;
    card.talked ||= input.state === "talking";
    const canWrapUp =
      card.talked &&
      settings.screenPop.results.length > 0 &&
      settings.history.enabled &&
      !!settings.connector.url &&
      !input.callId.startsWith("url:");
    m.wrapup = canWrapUp && (input.state === "talking" || input.state === "ended") ? { results: settings.screenPop.results } : null;
    if (card.timer) clearTimeout(card.timer);
    card.timer = null;
    if (input.state === "ended" && !card.touched) {
      const wait = m.wrapup ? CLOSE_UNTOUCHED_WRAPUP_MS : CLOSE_AFTER_END_MS;
      card.timer = setTimeout(() => close(input.callId, false), wait);
    }
    if (!input.e164) {
      m.who = "not_a_number";
      draw(card);
      return;
    }
    if (input.creating) {
      // The connector is registering the caller: a message naming the new customer follows.
      m.who = "creating";
      return draw(card);
    }
    const ids = input.customerIds.join(",");
    const again = isNew || m.who === "creating" || ids !== card.ids;
    card.ids = ids;
    if (again && m.who === "creating") m.who = "loading";
    draw(card);
    if (again) void lookUp(card, input.customerIds);
  }

  const fromStream = (c: LiveCall) =>
    show({
      callId: c.callId,
      state: c.state,
      outgoing: c.direction === "outgoing",
      e164: c.e164,
      number: c.number,
      contactName: c.contact.name,
      customerIds: c.customerIds,
      creating: c.creatingCustomer,
    });

  const asked = new URLSearchParams(location.search).get(URL_PARAM);
  if (asked !== null) {
    const e164 = normalizePhone(asked) ?? "";
    show({
      callId: `url:${e164 || asked}`,
      state: "url",
      outgoing: false,
      e164,
      number: asked,
      contactName: "",
      customerIds: [],
      creating: false,
    });
  }

  if (!settings.connector.url) return;
  let lostSince: number | null = null;
  let told = false;
  const REFUSED_KEY = "callconnect-pop:refused";
  openLiveStream({
    ticket: () => fetchTicket(transport, settings.connector.url, app, { code: user.code, email: user.email }),
    onCall: fromStream,
    onStatus: (s) => {
      if (s.kind === "connected") {
        lostSince = null;
        if (told) clearNotification("screen-pop");
        told = false;
        sessionStorage.removeItem(REFUSED_KEY);
      } else if (s.kind === "refused") {
        // The settings are wrong (an administrator's to fix): said once per browser session, not on every page.
        if (sessionStorage.getItem(REFUSED_KEY) === null)
          notify(
            t(s.status === 404 ? "stream.not_registered" : s.status === 401 ? "stream.bad_secret" : "stream.refused", { status: s.status }),
            "error",
            "screen-pop",
          );
        sessionStorage.setItem(REFUSED_KEY, String(s.status));
      } else if (lostSince === null) lostSince = Date.now();
      // A blip is not worth a message; a drop of more than a few seconds is, once until the stream is back.
      else if (!told && Date.now() - lostSince > 5000) {
        told = true;
        notify(t("stream.lost"), "info", "screen-pop");
      }
    },
  });
}
