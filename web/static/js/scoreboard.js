// Sabaq olympiads: keeps the standings, the projector board and the monitoring page current over
// server-sent events, and scrolls the projector board by itself. Without this file every page
// still shows the board as it was when it was drawn (reload for news).
"use strict";

(() => {
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };

  // ---- standings ----
  function cellNode(cell) {
    if (!cell) return el("td", "c cell k-none");
    const td = el("td", `c cell k-${cell.k}`, cell.t);
    if (cell.u) td.appendChild(el("small", "", cell.u));
    return td;
  }

  function rowNode(row, rules, me) {
    const tr = el("tr");
    tr.dataset.id = row.id;
    if (row.id === me) tr.className = "me";
    tr.append(el("td", "c", row.place), el("td", "", row.name), el("td", "school", row.school));
    for (const cell of row.cells) tr.appendChild(cellNode(cell));
    if (rules === "ioi") tr.appendChild(el("td", "c total", row.score));
    else tr.append(el("td", "c total", row.solved), el("td", "c", row.penalty));
    return tr;
  }

  function drawBoard(box, board) {
    const table = box.querySelector("table[data-board]");
    if (!table) return;
    const me = Number(table.dataset.me || 0);
    const body = table.tBodies[0];
    const rows = board.rows.map((row) => rowNode(row, board.rules, me));
    if (rows.length) body.replaceChildren(...rows);
    const frozen = box.querySelector("[data-frozen]");
    if (frozen) frozen.hidden = !board.frozen;
    const phase = box.querySelector("[data-phase]");
    const word = box.querySelector(`[data-phase-word="${board.phase}"]`);
    if (phase && word) phase.textContent = word.textContent;
  }

  // ---- monitoring ----
  function verdictBadge(verdict) {
    return el("span", `badge verdict v-${verdict || "wait"}`, verdict || "…");
  }

  function drawMonitor(box, data) {
    const part = (name) => box.querySelector(`[data-part="${name}"] tbody`);
    const tasks = data.tasks.map((t) => {
      const tr = el("tr");
      const label = el("td", "c");
      label.appendChild(el("strong", "", t.label));
      const verdicts = el("td");
      for (const [v, n] of Object.entries(t.verdicts).sort()) {
        const badge = verdictBadge(v);
        badge.textContent = `${v || "…"} ${n}`;
        verdicts.append(badge, " ");
      }
      tr.append(label, el("td", "c", t.sent), el("td", "c", t.solvers),
        el("td", "c", t.median ?? "—"), el("td", "c", t.mean ?? "—"), verdicts);
      return tr;
    });
    const schools = data.schools.map((s) => {
      const tr = el("tr");
      tr.append(el("td", "", s.school), el("td", "c", s.participants));
      for (const n of s.solved) tr.appendChild(el("td", "c", n));
      tr.appendChild(el("td", "c total", s.total));
      return tr;
    });
    const upsolving = box.querySelector("[data-word-upsolving]");
    const feed = data.feed.map((f) => {
      const tr = el("tr");
      tr.dataset.id = f.id;
      const minute = el("td", "c", f.minute);
      if (f.upsolving && upsolving) minute.append(" ", el("span", "badge", upsolving.textContent));
      const verdict = el("td");
      verdict.appendChild(verdictBadge(f.verdict));
      tr.append(minute, el("td", "", f.name), el("td", "", f.school), el("td", "c", f.label),
        el("td", "", f.language), verdict);
      return tr;
    });
    for (const [name, rows] of [["tasks", tasks], ["schools", schools], ["feed", feed]]) {
      const body = part(name);
      if (body) body.replaceChildren(...rows);
    }
  }

  // ---- live updates ----
  function follow(box) {
    const url = box.dataset.live;
    if (!url || !("EventSource" in window)) return;
    const source = new EventSource(url);
    const monitor = box.hasAttribute("data-monitor");
    const show = (event) => {
      const data = JSON.parse(event.data);
      if (monitor) drawMonitor(box, data);
      else drawBoard(box, data);
      box.dataset.updates = String(Number(box.dataset.updates || 0) + 1);
    };
    for (const name of ["public", "full", "monitor"]) source.addEventListener(name, show);
    window.addEventListener("pagehide", () => source.close());
  }

  // ---- the projector scrolls down slowly, waits, and starts again from the top ----
  function autoscroll() {
    const PAUSE_MS = 4000;
    const STEP_PX = 1;
    let waitUntil = performance.now() + PAUSE_MS;
    const tick = (now) => {
      const bottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      if (now >= waitUntil) {
        if (bottom) {
          window.scrollTo(0, 0);
          waitUntil = now + PAUSE_MS;
        } else {
          window.scrollBy(0, STEP_PX);
          if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) {
            waitUntil = now + PAUSE_MS;
          }
        }
      }
      window.requestAnimationFrame(tick);
    };
    window.requestAnimationFrame(tick);
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const box of document.querySelectorAll("[data-live]")) follow(box);
    if (document.querySelector("[data-autoscroll]")) autoscroll();
  });
})();
