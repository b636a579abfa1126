// Sabaq timetable office: live generation progress, and moving lessons by drag and drop or keyboard.
// Every page works without this file (reload links, "Move" / "Put here" links and forms).
"use strict";

(() => {
  const csrf = () => {
    const m = document.cookie.match(/(?:^|;\s*)sabaq_csrf=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  };

  // ---- generation progress (server-sent events) ----
  function followJob(box) {
    const url = box.dataset.events;
    if (!url || !("EventSource" in window)) return;
    const words = document.getElementById("job-words");
    const word = (attr, code) => {
      const li = words && words.querySelector(`[data-${attr}="${code}"]`);
      return li ? li.textContent : code;
    };
    const set = (id, text) => { const el = document.getElementById(id); if (el) el.textContent = text; };
    const live = document.getElementById("job-live");
    if (live) live.hidden = false;
    const source = new EventSource(url);
    const show = (event) => {
      const job = JSON.parse(event.data);
      const bar = document.getElementById("job-bar");
      if (bar && job.time_limit) { bar.max = job.time_limit; bar.value = Math.min(job.elapsed || 0, job.time_limit); }
      set("job-elapsed", job.elapsed == null ? "—" : job.elapsed.toFixed(1));
      set("job-best", job.best == null ? "—" : String(Math.round(job.best)));
      set("job-bound", job.bound == null ? "—" : String(Math.round(job.bound)));
      set("job-phase", job.phase && !job.finished ? word("phase", job.phase) : "");
      const badge = document.querySelector("#job-state .badge");
      if (badge) { badge.textContent = word("state", job.status); badge.dataset.state = job.status; }
    };
    source.addEventListener("progress", show);
    source.addEventListener("end", (event) => {
      show(event);
      source.close();
      window.location.reload(); // the finished page: the new version's link, or why there is none
    });
  }

  // ---- editing by hand ----
  const STATUS = { ok: "drop-ok", cost: "drop-cost", hard: "drop-bad" };
  const COLOURS = Object.values(STATUS);

  function editGrid(table) {
    if (table.dataset.editable !== "1") return;
    const report = document.getElementById("move-report");
    const body = document.getElementById("move-body");
    const form = document.getElementById("move-form");
    const state = { lesson: null, cursor: null, pending: null };
    const cells = () => Array.from(table.querySelectorAll("td[data-day]"));
    const cellAt = (day, period) => table.querySelector(`td[data-day="${day}"][data-period="${period}"]`);

    function clear() {
      for (const td of cells()) td.classList.remove(...COLOURS, "drop-target");
      for (const el of table.querySelectorAll(".lesson.selected")) {
        el.classList.remove("selected");
        el.setAttribute("aria-grabbed", "false");
      }
    }

    async function colour(lesson) {
      const q = new URLSearchParams({ kind: table.dataset.kind, code: table.dataset.code, lesson });
      const response = await fetch(`${table.dataset.cellsUrl}?${q}`, { headers: { accept: "application/json" } });
      if (!response.ok || state.lesson !== lesson) return;
      const data = await response.json();
      for (const c of data.cells) {
        const td = cellAt(c.day, c.period);
        if (td) td.classList.add(STATUS[c.status]);
      }
    }

    function select(el) {
      clear();
      state.lesson = el.dataset.lesson;
      el.classList.add("selected");
      el.setAttribute("aria-grabbed", "true");
      state.cursor = el.closest("td");
      state.cursor.classList.add("drop-target");
      colour(state.lesson);
    }

    function cancel() {
      clear();
      state.lesson = null;
      state.cursor = null;
      report.hidden = true;
    }

    function line(list, items, cls) {
      const ul = document.createElement("ul");
      ul.className = cls;
      for (const item of items) {
        const li = document.createElement("li");
        li.textContent = item.text;
        li.className = item.hard ? "hard" : "soft";
        ul.appendChild(li);
      }
      list.appendChild(ul);
    }

    function para(text, cls) {
      const p = document.createElement("p");
      p.textContent = text;
      if (cls) p.className = cls;
      return p;
    }

    function showReport(result, td) {
      const t = report.dataset;
      body.replaceChildren();
      if (result.error) {
        body.appendChild(para(result.error.join(" "), "error"));
      } else {
        if (result.swap) body.appendChild(para(t.tSwap));
        if (result.added.length) { body.appendChild(para(t.tBreaks)); line(body, result.added, "move-added"); }
        else body.appendChild(para(t.tNothing));
        if (result.removed.length) { body.appendChild(para(t.tMends)); line(body, result.removed, "move-removed"); }
        body.appendChild(para(t.tCost.replace("{before}", result.cost_before).replace("{after}", result.cost_after)));
        if (!result.allowed) body.appendChild(para(t.tHard, "error"));
      }
      form.elements.lesson.value = state.lesson;
      form.elements.day.value = td.dataset.day;
      form.elements.period.value = td.dataset.period;
      const apply = document.getElementById("move-apply");
      if (apply) { apply.disabled = Boolean(result.error); apply.focus(); }
      report.hidden = false;
    }

    async function drop(td) {
      if (state.lesson == null || !td) return;
      td.classList.add("drop-target");
      const payload = {
        kind: table.dataset.kind, code: table.dataset.code, lesson: Number(state.lesson),
        day: Number(td.dataset.day), period: Number(td.dataset.period),
      };
      const response = await fetch(table.dataset.checkUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", "x-csrftoken": csrf() },
        body: JSON.stringify(payload),
      });
      const result = await response.json().catch(() => ({ error: [String(response.status)] }));
      showReport(result, td);
    }

    // drag and drop
    table.addEventListener("dragstart", (event) => {
      const el = event.target.closest && event.target.closest(".lesson[draggable='true']");
      if (!el) return;
      event.dataTransfer.setData("text/plain", el.dataset.lesson);
      event.dataTransfer.effectAllowed = "move";
      select(el);
    });
    table.addEventListener("dragover", (event) => {
      const td = event.target.closest && event.target.closest("td[data-day]");
      if (td && state.lesson != null) {
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
      }
    });
    table.addEventListener("drop", (event) => {
      const td = event.target.closest && event.target.closest("td[data-day]");
      if (!td) return;
      event.preventDefault();
      for (const other of table.querySelectorAll("td.drop-target")) other.classList.remove("drop-target");
      drop(td);
    });

    // keyboard: Enter/Space selects, arrows move the cursor, Enter drops, Escape cancels
    const MOVES = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
    table.addEventListener("keydown", (event) => {
      const lesson = event.target.closest && event.target.closest(".lesson[draggable='true']");
      if (event.key === "Escape") { cancel(); return; }
      if (state.lesson == null) {
        if (lesson && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); select(lesson); }
        return;
      }
      if (MOVES[event.key]) {
        event.preventDefault();
        const [dx, dy] = MOVES[event.key];
        const row = state.cursor.parentElement;
        const rows = Array.from(table.tBodies[0].rows);
        const r = rows.indexOf(row) + dy;
        const c = state.cursor.cellIndex + dx;
        if (r < 0 || r >= rows.length || c < 1 || c >= rows[r].cells.length) return;
        state.cursor.classList.remove("drop-target");
        state.cursor = rows[r].cells[c];
        state.cursor.classList.add("drop-target");
      } else if (event.key === "Enter") {
        event.preventDefault();
        drop(state.cursor);
      }
    });
    const cancelLink = document.getElementById("move-cancel");
    if (cancelLink) cancelLink.addEventListener("click", (event) => { event.preventDefault(); cancel(); });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const job = document.getElementById("job");
    if (job) followJob(job);
    const grid = document.getElementById("edit-grid");
    if (grid) editGrid(grid);
  });
})();
