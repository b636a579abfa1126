// LTI pages: send the deep-linking answer back at once; open Sabaq in this window when the
// launch is not framed (a platform set to "open in a new window").
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const back = document.getElementById("lti-return");
  if (back) {
    back.submit();
    return;
  }
  const enter = document.getElementById("lti-enter");
  if (enter && window.top === window.self) {
    window.location.replace(enter.getAttribute("href"));
  }
});
