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
    let answer = null;
    let ok = false;
    try {
      const response = await fetch(form.dataset.markUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "content-type": "application/json", accept: "application/json", "x-csrftoken": csrf() },
        body: JSON.stringify(body),
      });
      answer = await response.json().catch(() => null);
      ok = response.ok && answer && answer.ok;
    } catch (_) {
      ok = false;
    }
    li.classList.remove("reg-saving");
    if (!ok) {
      li.classList.add("reg-refused");
      say(li, answer && answer.error ? answer.error.join(" ") : form.dataset.failed);
      return;
    }
    say(li, "");
    li.classList.add("reg-saved");
    if (answer.mark) show(li, answer.mark.status, answer.mark.minutes);
    counts(answer.counts);
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
})();
