// The gradebook: each cell is saved as soon as it changes (JSON with the CSRF header), Enter
// and the arrow keys move between cells. Without this script the form's button saves them all.
(() => {
  "use strict";
  const table = document.querySelector(".journal-grid");
  if (!table) return;
  const form = table.closest("form");
  const status = form.querySelector(".journal-status");
  const csrf = () => (document.cookie.split("; ").find((c) => c.startsWith("sabaq_csrf=")) || "").split("=")[1] || "";

  const offline = window.SabaqOffline; // queues a mark when the server cannot be reached
  const cell = (row, col) => table.querySelector(`.journal-cell[data-row="${row}"][data-col="${col}"]`);

  table.addEventListener("keydown", (event) => {
    const input = event.target.closest(".journal-cell");
    if (!input) return;
    const row = Number(input.dataset.row), col = Number(input.dataset.col);
    const moves = { Enter: [1, 0], ArrowDown: [1, 0], ArrowUp: [-1, 0] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const next = cell(row + move[0], col + move[1]);
    if (next) { next.focus(); next.select(); } else { input.blur(); }
  });

  const target = (input) => ({ assessment_id: Number(input.dataset.assessment), student_id: Number(input.dataset.student) });
  const queue = async (input, was) => {
    input.classList.remove("saving", "saved", "refused");
    await offline.enqueue("grade", target(input), input.value, was ? was.value : "", "");
    input.classList.add("queued");
    input.title = table.dataset.queued;
  };

  const save = async (input) => {
    const was = form.querySelector(`input[name="was-${input.dataset.assessment}-${input.dataset.student}"]`);
    if (was && was.value === input.value && !input.classList.contains("queued")) return;
    if (offline && (await offline.shouldQueue())) return queue(input, was);
    input.classList.remove("saved", "refused");
    input.classList.add("saving");
    try {
      const response = await fetch(table.dataset.markUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", "x-csrftoken": csrf() },
        body: JSON.stringify({ assessment_id: input.dataset.assessment, student_id: input.dataset.student, value: input.value }),
      });
      if (offline && (response.status >= 500 || response.status === 401)) return queue(input, was);
      const answer = await response.json();
      input.classList.remove("saving");
      if (!response.ok) {
        input.classList.add("refused");
        input.title = (answer.error || []).join(" ");
        if (status) status.textContent = input.title;
        return;
      }
      input.classList.add("saved");
      input.title = "";
      input.value = answer.value;
      if (was) was.value = answer.value;
      const term = table.querySelector(`[data-term-for="${input.dataset.student}"]`);
      if (term) {
        const mark = term.querySelector(".journal-mark"), why = term.querySelector(".journal-why");
        const percent = term.querySelector(".journal-percent");
        if (mark) mark.textContent = answer.mark || "—";
        if (why) why.textContent = answer.explanation;
        if (percent) percent.textContent = answer.percent === null ? "" : `${answer.percent.toFixed(1)} %`;
      }
      if (status) status.textContent = "";
      if (offline) offline.saved();
    } catch (error) {
      if (offline) return queue(input, was);
      input.classList.remove("saving");
      input.classList.add("refused");
    }
  };

  table.addEventListener("change", (event) => {
    const input = event.target.closest(".journal-cell");
    if (input) save(input);
  });

  if (!offline) return;
  const cellOf = (t) => table.querySelector(`.journal-cell[data-assessment="${t.assessment_id}"][data-student="${t.student_id}"]`);

  // Marks still queued on this phone are shown in their cells, marked as not sent yet.
  const overlay = async () => {
    for (const op of await offline.pending("grade", {})) {
      const el = cellOf(op.target);
      if (!el) continue;
      el.value = op.value;
      el.classList.add("queued");
      el.title = table.dataset.queued;
    }
  };

  document.addEventListener("sabaq:synced", (event) => {
    for (const r of event.detail) {
      const el = r.op.kind === "grade" ? cellOf(r.op.target) : null;
      if (!el) continue;
      el.classList.remove("queued", "saving");
      if (r.status === "applied" || r.status === "unchanged") {
        el.classList.add("saved");
        el.title = "";
        el.value = r.value;
        const was = form.querySelector(`input[name="was-${el.dataset.assessment}-${el.dataset.student}"]`);
        if (was) was.value = r.value;
      } else {
        el.classList.add("refused");
        el.title = r.status === "conflict" ? table.dataset.conflict : (r.messages || []).join(" ");
        if (status) status.textContent = el.title;
      }
    }
    overlay();
  });
  // The form's button offline: every changed cell is queued already (on change), nothing to post.
  form.addEventListener("submit", (event) => {
    if (!navigator.onLine || offline.hasQueued()) event.preventDefault();
  });
  overlay();
})();
