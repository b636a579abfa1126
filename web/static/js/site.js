// The school website: the "copy link" button (the link stays visible in a field without script).
"use strict";
document.querySelectorAll("button.copy-link").forEach((button) => {
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(button.dataset.url || "").then(() => {
      const label = button.textContent;
      button.textContent = button.dataset.done || label;
      setTimeout(() => { button.textContent = label; }, 2000);
    }, () => {});
  });
});
