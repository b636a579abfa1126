// Sabaq live view of a lesson: the class's rows read again every five seconds (while the tab is
// visible) and updated in place; times shown on the reader's clock.
"use strict";
(() => {
  const table = document.getElementById("lms-live");
  if (!table) return;
  const clock = (iso) => iso ? new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "";
  const paint = (data) => {
    for (const row of data.rows) {
      const tr = table.querySelector(`tr[data-id="${row.id}"]`);
      if (!tr) continue;
      tr.className = `lms-live-${row.state}`;
      tr.querySelector('[data-f="label"]').textContent = row.label;
      tr.querySelector('[data-f="where"]').textContent = row.where;
      tr.querySelector('[data-f="wrong"]').textContent = row.wrong ? String(row.wrong) : "";
      const time = tr.querySelector('[data-f="seen"] time');
      time.dateTime = row.seen;
      time.textContent = clock(row.seen);
    }
    for (const [state, n] of Object.entries(data.counts)) {
      const el = document.querySelector(`[data-count="${state}"]`);
      if (el) el.textContent = String(n);
    }
    const at = document.getElementById("lms-live-at");
    if (at) at.textContent = new Date().toLocaleTimeString();
  };
  for (const time of table.querySelectorAll("time[datetime]")) time.textContent = clock(time.dateTime);
  const tick = async () => {
    if (document.visibilityState !== "visible") return;
    try {
      const response = await fetch(table.dataset.url, { credentials: "same-origin", headers: { accept: "application/json" } });
      if (response.ok) paint(await response.json());
    } catch (error) { /* the next tick tries again */ }
  };
  window.setInterval(tick, 5000);
})();
