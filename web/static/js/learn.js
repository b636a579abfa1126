// Sabaq lessons: answers checked without leaving the page, time on a step counted while the
// page is visible. Every form also works without this file (it posts and comes back).
"use strict";
(() => {
  const step = document.getElementById("step");
  if (!step) return;
  const csrf = () => (document.cookie.split("; ").find((c) => c.startsWith("sabaq_csrf=")) || "").split("=")[1] || "";
  const tracking = step.dataset.track === "1";
  let seconds = 0;
  let since = document.visibilityState === "visible" ? Date.now() : 0;
  const take = () => {
    if (since) seconds += (Date.now() - since) / 1000;
    since = document.visibilityState === "visible" ? Date.now() : 0;
    const whole = Math.round(seconds);
    seconds = 0;
    return whole;
  };
  const post = (url, body, keepalive) => {
    const headers = { accept: "application/json", "x-csrftoken": csrf() };
    // a file goes as multipart (the browser writes that header with its boundary)
    if (!(body instanceof FormData)) headers["content-type"] = "application/x-www-form-urlencoded";
    return fetch(url, { method: "POST", body, keepalive, credentials: "same-origin", headers });
  };
  // The teacher's live view sees which step a student has open, and that they are still on it.
  const beat = (fields) => post(step.dataset.visit, new URLSearchParams(fields), false).catch(() => {});
  if (tracking) {
    beat({ seconds: "0", open: "1" });
    setInterval(() => {
      if (document.visibilityState === "visible") beat({ seconds: String(take()) });
    }, 30000);
  }
  // Time left on the page is sent when it is hidden (tab switched, phone locked, page left).
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && tracking) {
      const spent = take();
      if (spent > 0) post(step.dataset.visit, new URLSearchParams({ seconds: String(spent) }), true).catch(() => {});
    } else if (document.visibilityState === "visible") {
      since = Date.now();
    }
  });
  // The "read, next" form carries the time too.
  for (const form of step.querySelectorAll("form.learn-next")) {
    form.addEventListener("submit", () => { form.elements.seconds.value = String(take()); });
  }
  const form = step.querySelector("form.learn-answer");
  const feedback = document.getElementById("feedback");
  if (!form || !feedback) return;
  const show = (data) => {
    feedback.innerHTML = data.feedback;
    const blanks = form.querySelectorAll("input.learn-blank");
    blanks.forEach((input, n) => {
      input.classList.toggle("is-right", data.marks[n] === true);
      input.classList.toggle("is-wrong", data.marks[n] === false);
    });
    for (const [item, ok] of data.rows || []) {
      const select = form.querySelector(`select[name="place-${item}"], select[name="match-${item}"]`);
      const label = select && select.closest("label");
      if (label) {
        label.classList.toggle("is-right", ok === true);
        label.classList.toggle("is-wrong", ok === false);
      }
    }
    const link = document.querySelector(`.learn-step-link[aria-current="step"]`);
    if (link && data.status) {
      link.classList.toggle("is-passed", data.status === "passed");
      link.classList.toggle("is-wrong", data.status === "wrong");
    }
    const set = (id, value) => { const el = document.getElementById(id); if (el) el.textContent = String(value); };
    set("lesson-percent", data.lesson_percent);
    set("course-percent", data.course_percent);
    const bar = document.getElementById("lesson-progress");
    if (bar) bar.value = data.lesson_percent;
    feedback.focus({ preventScroll: true });
    feedback.scrollIntoView({ block: "nearest", behavior: "smooth" });
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    form.elements.seconds.value = String(tracking ? take() : 0);
    const fields = new FormData(form);
    const body = form.enctype === "multipart/form-data" ? fields : new URLSearchParams(fields);
    if (button) button.disabled = true;
    try {
      const response = await post(form.action, body, false);
      const data = await response.json();
      if (!response.ok) {
        feedback.innerHTML = "";
        const p = document.createElement("p");
        p.className = "error";
        p.textContent = (data.error || []).join(" ");
        feedback.append(p);
      } else {
        show(data);
      }
    } catch (error) {
      form.submit(); // no connection to read JSON: the plain form still works
    } finally {
      if (button) button.disabled = false;
    }
  });
})();
