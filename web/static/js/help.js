/* Help: the guide's print button, and the first-login tour shown once (progressive enhancement:
   without JavaScript the tour is reached from the help page and works as plain pages). */
(function () {
  "use strict";
  var button = document.querySelector(".help-print");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }
})();
