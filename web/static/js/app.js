// Sabaq: small progressive enhancements; every page works without this file.
"use strict";
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el instanceof HTMLSelectElement && el.classList.contains("autosubmit") && el.form) {
    el.form.requestSubmit();
  }
});
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("/sw.js").catch(() => {});
}
