/* Help: the guide's print button, and the first-login tour opened once (progressive enhancement:
   without JavaScript the tour is reached from the help page and works as plain pages). */
(function () {
  "use strict";
  var button = document.querySelector(".help-print");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }
  // Escape skips the tour, as the Skip button does.
  var skip = document.querySelector(".tour-skip");
  if (skip) {
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") { skip.click(); } });
  }
})();

/* The tour's first showing: once per account, asked of the server once per browser. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="sabaq-user"]');
  var user = meta && meta.content;
  var path = window.location.pathname;
  if (!user || path.indexOf("/onboarding") === 0 || path === "/account/password") { return; }
  var key = "sabaq-tour-seen-" + user;
  try { if (window.localStorage.getItem(key)) { return; } } catch (e) { return; }
  fetch("/onboarding/state", { credentials: "same-origin", headers: { accept: "application/json" } })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (state) {
      if (!state) { return; }
      if (state.pending) {
        window.location.assign("/onboarding?next=" + encodeURIComponent(path + window.location.search));
      } else {
        try { window.localStorage.setItem(key, "1"); } catch (e) { /* private mode */ }
      }
    })
    .catch(function () { /* offline: try again on the next page */ });
})();
