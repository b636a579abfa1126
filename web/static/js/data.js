// Sabaq data forms: tick or untick a whole day or period of an availability grid, and mirror
// travel minutes into the lower half of the matrix. Every form works without this file.
"use strict";

function toggleAll(boxes) {
  // all ticked -> untick all; otherwise tick all
  const tick = boxes.some((box) => !box.checked);
  boxes.forEach((box) => { box.checked = tick; });
}

function gridBoxes(table, button) {
  const rows = Array.from(table.tBodies[0].rows);
  if (button.dataset.period !== undefined) {
    const row = button.closest("tr");
    return Array.from(row.querySelectorAll("input[type=checkbox]"));
  }
  const column = button.closest("th").cellIndex;
  return rows.map((row) => row.cells[column].querySelector("input[type=checkbox]")).filter(Boolean);
}

document.querySelectorAll("table.avail-grid").forEach((table) => {
  table.querySelectorAll("button.toggle").forEach((button) => {
    button.hidden = false;
    const plain = button.previousElementSibling;
    if (plain && plain.classList.contains("nojs")) plain.hidden = true;
    button.addEventListener("click", () => toggleAll(gridBoxes(table, button)));
  });
});

document.querySelectorAll("table.travel-matrix input[data-mirror]").forEach((input) => {
  const mirror = document.querySelector(`td[data-mirror-of="${CSS.escape(input.dataset.mirror)}"]`);
  if (!mirror) return;
  input.addEventListener("input", () => { mirror.textContent = input.value; });
});

// A multiple choice shows what is chosen below it, as the page drew it after a save.
document.querySelectorAll("[data-chosen-for]").forEach((line) => {
  const select = document.getElementById(line.dataset.chosenFor);
  const list = line.querySelector(".chosen-list");
  if (!select || !list) return;
  select.addEventListener("change", () => {
    list.textContent = Array.from(select.selectedOptions).map((o) => `${o.textContent.trim()}; `).join("");
  });
});
