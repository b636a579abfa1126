// Accounts pages: show only the record list that fits the chosen role, confirm risky actions,
// print the slips. Every page works without this file.
"use strict";
(() => {
  const role = document.getElementById("account-role");
  const links = document.querySelectorAll("[data-link-for]");
  const showLinks = () => {
    for (const label of links) {
      const fits = label.dataset.linkFor.split(" ").includes(role.value);
      label.hidden = !fits;
    }
  };
  if (role && links.length) {
    role.addEventListener("change", showLinks);
    showLinks();
  }
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
  for (const button of document.querySelectorAll(".print-button")) {
    button.addEventListener("click", () => window.print());
  }
})();
