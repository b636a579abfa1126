// Sabaq course gradebook: tapping a cell shows its score, attempts and time (phones have no hover).
"use strict";
(() => {
  const detail = document.getElementById("gb-detail");
  const table = document.querySelector("table.gb");
  if (!detail || !table) return;
  table.addEventListener("click", (event) => {
    const cell = event.target.closest("td[data-c]");
    if (!cell) return;
    const [score, attempts, seconds] = cell.dataset.c.split(" ").map(Number);
    const row = cell.parentElement.querySelector("th").textContent.trim();
    const column = table.tHead.rows[1].cells[cell.cellIndex - 3];
    detail.textContent = `${row} · ${column ? column.title : ""}: ${detail.dataset.score} ${Math.round(score * 100)}%, `
      + `${detail.dataset.attempts} ${attempts}, ${Math.round(seconds / 60)} ${detail.dataset.minutes}`;
    for (const old of table.querySelectorAll("td.gb-focus")) old.classList.remove("gb-focus");
    cell.classList.add("gb-focus");
  });
})();
