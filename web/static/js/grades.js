// The gradebook: each cell is saved as soon as it changes (JSON with the CSRF header), Enter
// and the arrow keys move between cells. Without this script the form's button saves them all.
(() => {
  "use strict";
  const table = document.querySelector(".journal-grid");
  if (!table) return;
  const form = table.closest("form");
  const status = form.querySelector(".journal-status");
  const csrf = () => (document.cookie.split("; ").find((c) => c.startsWith("sabaq_csrf=")) || "").split("=")[1] || "";

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

  const save = async (input) => {
    const was = form.querySelector(`input[name="was-${input.dataset.assessment}-${input.dataset.student}"]`);
    if (was && was.value === input.value) return;
    input.classList.remove("saved", "refused");
    input.classList.add("saving");
    try {
      const response = await fetch(table.dataset.markUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", "x-csrftoken": csrf() },
        body: JSON.stringify({ assessment_id: input.dataset.assessment, student_id: input.dataset.student, value: input.value }),
      });
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
    } catch (error) {
      input.classList.remove("saving");
      input.classList.add("refused");
    }
  };

  table.addEventListener("change", (event) => {
    const input = event.target.closest(".journal-cell");
    if (input) save(input);
  });
})();
