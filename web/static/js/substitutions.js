// Substitutions: the absence form shows only the field its kind needs. Without this file every
// field shows and the server reads the one that matches the chosen kind.
"use strict";
(() => {
  const sync = (form) => {
    const kind = form.querySelector("select.absence-kind");
    if (!kind) return;
    for (const label of form.querySelectorAll("label[data-kind]")) {
      const shown = label.dataset.kind === kind.value;
      label.hidden = !shown;
      const field = label.querySelector("select, input");
      if (field) field.required = shown;
    }
  };
  document.addEventListener("DOMContentLoaded", () => {
    for (const form of document.querySelectorAll("form.absence-form")) sync(form);
  });
  document.addEventListener("change", (event) => {
    const el = event.target;
    if (el instanceof HTMLSelectElement && el.classList.contains("absence-kind") && el.form) {
      sync(el.form);
    }
  });
})();
