// The site editor's pages: ask before deleting, and show the announcement options only for
// announcements. Every form works without this file.
"use strict";
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  if (button && button.classList.contains("danger") && button.dataset.confirm) {
    if (!window.confirm(button.dataset.confirm)) event.preventDefault();
  }
});
const kind = document.querySelector("select[name=kind]");
if (kind) {
  const options = document.querySelectorAll(".announcement-only");
  const show = () => options.forEach((el) => { el.hidden = kind.value !== "announcement"; });
  kind.addEventListener("change", show);
  show();
}
