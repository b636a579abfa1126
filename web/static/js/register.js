// Sabaq register: a tap on a student cycles present → absent → late → excused and saves at once.
// Without this file the page is a plain form (one select per student and a save button).
"use strict";
(() => {
  const form = document.getElementById("reg-form");
  if (!form || !window.fetch || !form.dataset.markUrl) return;
  const order = (form.dataset.order || "present absent late excused").split(" ");
  const label = (status) => form.dataset["label" + status[0].toUpperCase() + status.slice(1)] || status;
  const csrf = () => {
    const pair = document.cookie.split("; ").find((c) => c.startsWith("sabaq_csrf="));
    return pair ? decodeURIComponent(pair.slice("sabaq_csrf=".length)) : "";
  };
  form.classList.add("reg-js");
  const offline = window.SabaqOffline; // queues a change when the server cannot be reached
  const lesson = { day: form.dataset.day, lesson_id: Number(form.dataset.lesson), unit: Number(form.dataset.unit) };

  function parts(li) {
    return {
      tap: li.querySelector(".reg-tap"),
      state: li.querySelector(".reg-state"),
      select: li.querySelector("select"),
      minutes: li.querySelector(".reg-minutes input"),
      reason: li.querySelector(".reg-reason input"),
      error: li.querySelector(".reg-error"),
    };
  }

  function show(li, status, minutes) {
    const p = parts(li);
    for (const s of order) li.classList.remove("reg-" + s);
    li.classList.add("reg-" + status);
    p.select.value = status;
    p.state.textContent = label(status) + (status === "late" && minutes ? " · " + minutes + "′" : "");
  }

  function say(li, text) {
    const p = parts(li);
    p.error.textContent = text || "";
    p.error.hidden = !text;
  }

  // The mark as the page shows it: what an offline change is based on.
  function shown(li) {
    const p = parts(li);
    const status = p.select.value;
    const minutes = status === "late" && p.minutes.value ? Number(p.minutes.value) : null;
    return { status, minutes, reason: status === "excused" ? p.reason.value : "" };
  }

  async function queue(li, body) {
    li.classList.remove("reg-saving", "reg-refused", "reg-saved");
    const value = { status: body.status, minutes: body.minutes, reason: body.reason };
    await offline.enqueue("attendance", { ...lesson, student_id: body.student }, value, li.regBase, body.why);
    li.classList.add("reg-queued");
    say(li, form.dataset.queued);
  }

  function counts(numbers) {
    for (const [status, n] of Object.entries(numbers || {})) {
      const el = form.querySelector(`[data-count="${status}"]`);
      if (el) el.textContent = String(n);
    }
  }

  async function send(li) {
    const p = parts(li);
    const status = p.select.value;
    if (status === "excused" && !p.reason.value.trim() && !li.dataset.note) {
      li.classList.add("reg-pending");
      say(li, form.dataset.needReason);
      return;
    }
    li.classList.remove("reg-pending", "reg-refused", "reg-saved");
    li.classList.add("reg-saving");
    const why = document.getElementById("reg-why");
    const body = {
      student: Number(li.dataset.student), status,
      minutes: status === "late" && p.minutes.value ? Number(p.minutes.value) : null,
      reason: status === "excused" ? p.reason.value : "",
      why: why ? why.value : "",
    };
    if (offline && (await offline.shouldQueue())) return queue(li, body);
    let answer = null;
    let ok = false;
    let unreachable = false;
    try {
      const response = await fetch(form.dataset.markUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "content-type": "application/json", accept: "application/json", "x-csrftoken": csrf() },
        body: JSON.stringify(body),
      });
      answer = await response.json().catch(() => null);
      ok = response.ok && answer && answer.ok;
      unreachable = response.status >= 500 || response.status === 401;
    } catch (_) {
      unreachable = true;
    }
    if (unreachable && offline) return queue(li, body);
    li.classList.remove("reg-saving");
    if (!ok) {
      li.classList.add("reg-refused");
      say(li, answer && answer.error ? answer.error.join(" ") : form.dataset.failed);
      return;
    }
    say(li, "");
    li.classList.add("reg-saved");
    if (answer.mark) {
      show(li, answer.mark.status, answer.mark.minutes);
      li.regBase = { status: answer.mark.status, minutes: answer.mark.minutes, reason: answer.mark.reason };
    }
    counts(answer.counts);
    if (offline) offline.saved();
  }

  // one save at a time per student, the last state wins; a burst of taps sends only the last
  function schedule(li, delay) {
    clearTimeout(li.regTimer);
    li.regTimer = setTimeout(() => {
      li.regChain = (li.regChain || Promise.resolve()).then(() => send(li));
    }, delay);
  }

  for (const li of form.querySelectorAll(".reg-student")) {
    const p = parts(li);
    if (!p.tap || !p.select) continue;
    li.regBase = shown(li);
    p.tap.hidden = false;
    p.tap.addEventListener("click", () => {
      const next = order[(order.indexOf(p.select.value) + 1) % order.length];
      show(li, next, p.minutes.value);
      schedule(li, 450);
    });
    p.minutes.addEventListener("input", () => {
      show(li, p.select.value, p.minutes.value);
      schedule(li, 700);
    });
    p.reason.addEventListener("input", () => schedule(li, 900));
  }

  if (!offline) return;
  const row = (id) => form.querySelector(`.reg-student[data-student="${id}"]`);

  // Changes still queued on this phone are shown over the page, marked as not sent yet.
  async function overlay() {
    for (const op of await offline.pending("attendance", lesson)) {
      const li = row(op.target.student_id);
      if (!li) continue;
      show(li, op.value.status, op.value.minutes);
      parts(li).minutes.value = op.value.minutes || "";
      parts(li).reason.value = op.value.reason || "";
      li.classList.add("reg-queued");
      say(li, form.dataset.queued);
    }
  }

  document.addEventListener("sabaq:synced", (event) => {
    for (const r of event.detail) {
      const t = r.op.target;
      if (r.op.kind !== "attendance" || t.day !== lesson.day || t.lesson_id !== lesson.lesson_id || t.unit !== lesson.unit) continue;
      const li = row(t.student_id);
      if (!li) continue;
      li.classList.remove("reg-queued", "reg-saving");
      if (r.status === "applied" || r.status === "unchanged") {
        li.classList.add("reg-saved");
        say(li, "");
        if (r.mark) { show(li, r.mark.status, r.mark.minutes); li.regBase = r.mark; }
        if (r.counts) counts(r.counts);
      } else {
        li.classList.add("reg-refused");
        say(li, r.status === "conflict" ? form.dataset.conflict : (r.messages || []).join(" "));
      }
    }
    overlay();
  });

  // "Save attendance" offline: the marks are queued one by one already; attendance taken too.
  form.addEventListener("submit", async (event) => {
    if (navigator.onLine && !offline.hasQueued()) return;
    event.preventDefault();
    const why = document.getElementById("reg-why");
    await offline.enqueue("taken", lesson, true, null, why ? why.value : "");
    const note = form.querySelector(".reg-taken");
    if (note) note.textContent = form.dataset.queued;
  });
  overlay();
})();
