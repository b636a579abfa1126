// Sabaq offline queue: changes entered without a connection (attendance, marks), kept in
// IndexedDB per account until the server has answered for each of them. Shared by the pages
// (offline.js) and the service worker (sw.js), so it touches no DOM.
"use strict";
(function (root) {
  const NAME = "sabaq-offline";
  const OPS = "ops"; // {seq, id, user, kind, target, value, base, why, entered_at, tried}
  const META = "meta"; // {key, value}: the page's account, the CSRF token for background sync
  const BATCH = 50;
  let opening = null;

  function open() {
    if (!opening) {
      opening = new Promise((resolve, reject) => {
        const request = indexedDB.open(NAME, 1);
        request.onupgradeneeded = () => {
          const db = request.result;
          db.createObjectStore(OPS, { keyPath: "seq", autoIncrement: true }).createIndex("user", "user");
          db.createObjectStore(META, { keyPath: "key" });
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => { opening = null; reject(request.error); };
      });
    }
    return opening;
  }

  const asked = (request) => new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const finished = (tx) => new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error);
  });

  function uuid() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    const b = root.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const byEntry = (a, b) => a.seq - b.seq;

  // The account's queued operations, oldest first.
  async function all(user) {
    const db = await open();
    const rows = await asked(db.transaction(OPS).objectStore(OPS).index("user").getAll(user));
    return rows.sort(byEntry);
  }

  // Queues a change. A change not yet sent replaces an earlier one of the same cell (keeping the
  // value the phone first saw as its base, or vanishing when it restores that value); after a
  // change was sent once (its answer may have been lost), the next one builds on its value.
  async function add(op) {
    const db = await open();
    const tx = db.transaction(OPS, "readwrite");
    const store = tx.objectStore(OPS);
    const mine = await asked(store.index("user").getAll(op.user));
    const earlier = mine.filter((o) => o.kind === op.kind && same(o.target, op.target)).sort(byEntry).pop();
    let base = op.base;
    let row = null;
    if (earlier && !earlier.tried) {
      base = earlier.base;
      store.delete(earlier.seq);
    } else if (earlier) {
      base = earlier.value;
    }
    if (op.kind === "taken" || !same(base, op.value)) {
      row = { ...op, base, id: uuid(), entered_at: new Date().toISOString(), tried: false };
      store.add(row);
    }
    await finished(tx);
    return row;
  }

  async function update(seqs, change) {
    const db = await open();
    const tx = db.transaction(OPS, "readwrite");
    const store = tx.objectStore(OPS);
    for (const seq of seqs) {
      const row = await asked(store.get(seq));
      if (!row) continue;
      if (change) store.put(change(row)); else store.delete(seq);
    }
    await finished(tx);
  }

  async function meta(key, value) {
    const db = await open();
    if (value === undefined) {
      const row = await asked(db.transaction(META).objectStore(META).get(key));
      return row ? row.value : undefined;
    }
    const tx = db.transaction(META, "readwrite");
    tx.objectStore(META).put({ key, value });
    await finished(tx);
    return value;
  }

  const wire = (o) => ({ id: o.id, kind: o.kind, value: o.value, base: o.base, why: o.why || "",
    entered_at: o.entered_at, ...o.target });

  // Sends the account's queue in order, BATCH at a time. An operation leaves the queue only when
  // the server answered for it (applied, unchanged, or kept there as a conflict or refusal).
  // Returns {results, open, error}: error is "network", an HTTP status, or null.
  async function send(user, csrf) {
    const results = [];
    let waiting = null;
    for (;;) {
      const batch = (await all(user)).slice(0, BATCH);
      if (!batch.length) break;
      await update(batch.map((o) => o.seq), (o) => ({ ...o, tried: true }));
      let response;
      const abort = new AbortController(); // a request hanging on a bad network must not hold the queue
      const timer = setTimeout(() => abort.abort(), 30000);
      try {
        response = await fetch("/api/sync", {
          method: "POST", credentials: "same-origin", signal: abort.signal,
          headers: { "content-type": "application/json", accept: "application/json", "x-csrftoken": csrf },
          body: JSON.stringify({ user, ops: batch.map(wire) }),
        });
      } catch (_) {
        return { results, open: waiting, error: "network" };
      } finally {
        clearTimeout(timer);
      }
      if (!response.ok) return { results, open: waiting, error: response.status };
      const answer = await response.json();
      const sent = new Map(batch.map((o) => [o.id, o]));
      const answered = (answer.results || []).filter((r) => sent.has(r.id));
      await update(answered.map((r) => sent.get(r.id).seq), null);
      for (const r of answered) results.push({ ...r, op: sent.get(r.id) });
      waiting = answer.open;
      if (answered.length < batch.length) break; // never expected: do not loop on it
    }
    return { results, open: waiting, error: null };
  }

  // One sender at a time, across tabs and the service worker.
  function flush(user, csrf) {
    const run = () => send(user, csrf);
    const locks = root.navigator && root.navigator.locks;
    return locks ? locks.request("sabaq-sync", run) : run();
  }

  root.SabaqQueue = { all, add, meta, flush, uuid };
})(self);
