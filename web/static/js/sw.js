// Sabaq service worker: the installable app's shell, and a teacher's pages for a day without a
// connection. Static files: from the cache, refreshed in the background. Pages a teacher needs in
// class (registers, gradebooks, timetables): from the network, the last copy when offline; the
// copies are kept per account and forgotten when another account (or nobody) signs in, so one
// person's pages are never shown to another. Queued changes are sent by Background Sync too.
"use strict";
importScripts("/static/js/offline-queue.js");

const SHELL = "sabaq-shell-v2";
const PAGES = "sabaq-pages-"; // + the account's id
const ASSETS = [
  "/static/css/app.css", "/static/js/app.js", "/static/js/offline-queue.js", "/static/js/offline.js",
  "/static/js/register.js", "/static/js/grades.js", "/static/icons/sabaq.svg",
];
// Pages kept for offline use; everything else always comes from the network.
const KEPT = [/^\/registers(\/\d{4}-\d{2}-\d{2}\/\d+\/\d+)?$/, /^\/grades\/book$/, /^\/my\/timetable$/,
  /^\/timetables(\/[^/]+\/[^/]+)?$/, /^\/offline$/];
const USER = /<meta name="sabaq-user" content="(\d*)">/;
const FLASH = /<p class="flash [^"]*"[^>]*>[\s\S]*?<\/p>/g; // one-time notices: not kept

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) =>
    Promise.all(ASSETS.map((a) => cache.add(a).catch(() => {})))).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((k) => !k.startsWith(PAGES) && k !== SHELL).map((k) => caches.delete(k)),
  )).then(() => self.clients.claim()));
});

let account = null; // the account the last page was for ("" when signed out)

async function currentAccount() {
  if (account === null) account = (await SabaqQueue.meta("pageUser")) || "";
  return account;
}

// Another account (or nobody) now: the pages kept for anyone else are deleted.
async function signedIn(user) {
  if (user === (await currentAccount())) return;
  account = user;
  await SabaqQueue.meta("pageUser", user);
  const keys = await caches.keys();
  await Promise.all(keys.filter((k) => k.startsWith(PAGES) && k !== PAGES + user).map((k) => caches.delete(k)));
}

const keyOf = (url) => url.pathname + url.search;
const kept = (url) => KEPT.some((re) => re.test(url.pathname));

// Reads who a page was rendered for; keeps a copy of a page worth keeping.
async function keep(url, response) {
  if (!(response.headers.get("content-type") || "").includes("text/html")) return;
  const html = await response.text();
  const found = USER.exec(html);
  if (!found) return;
  await signedIn(found[1]);
  if (!found[1] || !response.ok || response.redirected || !kept(url)) return;
  const headers = { "content-type": response.headers.get("content-type") };
  const csp = response.headers.get("content-security-policy");
  if (csp) headers["content-security-policy"] = csp;
  const cache = await caches.open(PAGES + found[1]);
  // marked, so the page knows it is the phone's copy (the server was not reached)
  const copy = html.replace(FLASH, "").replace("<html ", `<html data-kept="${Date.now()}" `);
  await cache.put(keyOf(url), new Response(copy, { headers }));
}

async function lastCopy(url) {
  const user = await currentAccount();
  if (!user) return null;
  const cache = await caches.open(PAGES + user);
  return (await cache.match(keyOf(url))) || (await cache.match("/offline")) || null;
}

async function page(event, url) {
  try {
    const response = await fetch(event.request);
    event.waitUntil(keep(url, response.clone()).catch(() => {}));
    return response;
  } catch (error) {
    const copy = await lastCopy(url);
    if (copy) return copy;
    throw error;
  }
}

async function asset(event) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(event.request);
  const fresh = fetch(event.request).then((response) => {
    if (response.ok) return cache.put(event.request, response.clone()).then(() => response);
    return response;
  });
  if (hit) {
    event.waitUntil(fresh.catch(() => {}));
    return hit;
  }
  return fresh;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) event.respondWith(asset(event));
  else if (request.mode === "navigate") event.respondWith(page(event, url));
});

async function fetchAndKeep(path) {
  const url = new URL(path, self.location.origin);
  const response = await fetch(url, { credentials: "same-origin" });
  await keep(url, response);
  return response.ok;
}

// The teacher's pages of today and the next school day, listed by the server.
async function precache(client) {
  const response = await fetch("/api/offline", { credentials: "same-origin", headers: { accept: "application/json" } });
  if (!response.ok) return;
  const data = await response.json();
  await signedIn(String(data.user));
  let count = 0;
  for (const path of data.pages) { // one at a time: gentle on a school's server
    if (await fetchAndKeep(path).catch(() => false)) count += 1;
  }
  if (client) client.postMessage({ type: "precached", count, open: data.open });
}

async function backgroundSync() {
  const user = await currentAccount();
  const csrf = await SabaqQueue.meta("csrf");
  if (!user || !csrf) return;
  const outcome = await SabaqQueue.flush(Number(user), csrf);
  const windows = await self.clients.matchAll({ type: "window" });
  for (const w of windows) w.postMessage({ type: "synced", results: outcome.results, open: outcome.open });
  if (outcome.error === "network") throw new Error("still offline"); // the browser tries again later
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "precache") event.waitUntil(precache(event.source).catch(() => {}));
  else if (data.type === "refresh") event.waitUntil(Promise.all((data.urls || []).map((u) => fetchAndKeep(u).catch(() => false))));
  else if (data.type === "forget") event.waitUntil(signedIn(""));
});

self.addEventListener("sync", (event) => {
  if (event.tag === "sabaq-sync") event.waitUntil(backgroundSync());
});
