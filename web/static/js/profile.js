// The student's own mock-result form: only the chosen test's sections are shown (without a
// script every section shows, and the server reads only the chosen test's).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("[data-mock-form]");
  if (!form) return;
  const kind = form.querySelector("[data-mock-kind]");
  const show = () => {
    for (const set of form.querySelectorAll("[data-mock-sections]")) {
      const mine = set.dataset.mockSections === kind.value;
      set.hidden = !mine;
      for (const input of set.querySelectorAll("input, select")) input.disabled = !mine;
    }
  };
  kind.addEventListener("change", show);
  show();
});
