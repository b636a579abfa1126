// Sabaq offline: the banner (offline, changes waiting, decisions waiting), the queue's sync when
// the connection returns (online event, Background Sync, every page load), and the service
// worker's page cache kept for the signed-in account. Register and gradebook scripts queue
// their changes through window.SabaqOffline when a save cannot reach the server.
"use strict";
(() => {
  const Q = self.SabaqQueue;
  const tag = document.querySelector('meta[name="sabaq-user"]');
  const user = tag && tag.content ? Number(tag.content) : 0;
  if (!Q || !window.indexedDB || !user) return;
  const banner = document.getElementById("offline-banner");
  const root = document.documentElement;
  const openKey = `sabaq-open-${user}`;
  let queued = 0;
  let lastError = null;
  // Offline: the browser says so, this page is the phone's copy, or the server was not reached.
  let down = !navigator.onLine || root.dataset.kept !== undefined;
  let waiting = Number(localStorage.getItem(openKey) || 0);

  const csrf = () => {
    const pair = document.cookie.split("; ").find((c) => c.startsWith("sabaq_csrf="));
    return pair ? decodeURIComponent(pair.slice("sabaq_csrf=".length)) : "";
  };
  const worker = () => ("serviceWorker" in navigator ? navigator.serviceWorker.ready : Promise.reject());
  const tell = (message) => worker().then((reg) => reg.active && reg.active.postMessage(message)).catch(() => {});

  function text(key, n) {
    return (banner ? banner.dataset[key] || "" : "").replace("{n}", String(n));
  }

  async function show() {
    queued = (await Q.all(user)).length;
    root.dataset.queued = String(queued);
    root.dataset.open = String(waiting);
    if (!banner) return;
    const lines = [];
    if (down) lines.push(text("offline"));
    if (queued && !down && (lastError === 401 || lastError === 403)) lines.push(text("signin"));
    if (queued) lines.push(text("queued", queued));
    banner.querySelector(".offline-text").textContent = lines.join(" ");
    const decide = banner.querySelector(".offline-open");
    decide.hidden = !waiting;
    decide.textContent = text("open", waiting);
    banner.querySelector(".offline-login").hidden = !(queued && (lastError === 401 || lastError === 403));
    banner.hidden = !lines.length && !waiting;
    banner.classList.toggle("offline-down", down);
  }

  function setWaiting(n) {
    if (n === null || n === undefined) return;
    waiting = Number(n);
    localStorage.setItem(openKey, String(waiting));
  }

  function announce(results) {
    if (results && results.length) document.dispatchEvent(new CustomEvent("sabaq:synced", { detail: results }));
  }

  // Keeps the service worker's copy of this page as the server now has it.
  let refreshTimer = 0;
  function saved() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => tell({ type: "refresh", urls: [location.pathname + location.search] }), 1500);
  }

  async function reachable() {
    try {
      return (await fetch("/manifest.webmanifest", { cache: "no-store" })).ok;
    } catch (_) {
      return false;
    }
  }

  let syncing = null;
  // Tried whatever the browser says: its "offline" flag can be stale, a request is not.
  function sync() {
    if (!syncing) {
      syncing = (async () => {
        if (!(await Q.all(user)).length) {
          if (down) down = !(await reachable());
          return;
        }
        const token = csrf();
        if (token) await Q.meta("csrf", token);
        const outcome = await Q.flush(user, token);
        lastError = outcome.error;
        down = outcome.error === "network";
        setWaiting(outcome.open);
        announce(outcome.results);
        if (outcome.results.length) saved();
      })().catch(() => {}).finally(() => { syncing = null; return show(); });
    }
    return syncing;
  }

  async function enqueue(kind, target, value, base, why) {
    const row = await Q.add({ user, kind, target, value, base, why: why || "" });
    await show();
    worker().then((reg) => reg.sync && reg.sync.register("sabaq-sync")).catch(() => {});
    if (!down) setTimeout(sync, 3000); // the request failed while "online": retry soon
    return row;
  }

  // The account's queued changes of one kind whose target has every field of `where`.
  async function pending(kind, where) {
    const rows = await Q.all(user);
    return rows.filter((o) => o.kind === kind && Object.entries(where).every(([k, v]) => String(o.target[k]) === String(v)));
  }

  // Offline, or earlier changes still queued (they go first, in order).
  async function shouldQueue() {
    return down || !navigator.onLine || (await Q.all(user)).length > 0;
  }

  navigator.serviceWorker && navigator.serviceWorker.addEventListener("message", (event) => {
    const data = event.data || {};
    if (data.type === "synced") {
      setWaiting(data.open);
      announce(data.results);
      show();
    } else if (data.type === "precached") {
      setWaiting(data.open);
      root.dataset.offlineReady = String(data.count);
      show();
    }
  });
  window.addEventListener("online", () => { down = false; sync(); });
  window.addEventListener("offline", () => { down = true; show(); });
  setInterval(() => { if (down || queued) sync(); }, 10000); // the connection may return unannounced

  // Logging out keeps queued changes on the phone (sent when this account signs in again) and
  // forgets the pages kept for it; the teacher is told first.
  for (const form of document.querySelectorAll('form[action="/logout"]')) {
    form.addEventListener("submit", (event) => {
      if (queued && banner && !window.confirm(text("logout", queued))) {
        event.preventDefault();
        return;
      }
      tell({ type: "forget" });
    });
  }

  const hasQueued = () => queued > 0 || down;
  window.SabaqOffline = { enqueue, pending, shouldQueue, hasQueued, sync, saved, user };
  if (location.pathname === "/offline/conflicts" && !root.dataset.kept) {
    setWaiting(document.querySelectorAll(".offline-item").length); // the list is the count
  }
  show().then(sync);
  if (location.pathname === "/registers") tell({ type: "precache" }); // the day's pages, for later
})();
