// Taking a questionnaire on a phone: one question a screen, every answer saved at once.
// Without this script each screen is a form posted to the server (same result, one reload each).
(function () {
  "use strict";
  var root = document.getElementById("survey");
  if (!root) return;
  var url = root.dataset.answerUrl;
  var total = parseInt(root.dataset.total, 10);
  var screens = Array.prototype.slice.call(root.querySelectorAll("[data-n]"));
  var progress = document.getElementById("survey-progress");
  var count = document.getElementById("survey-count");
  var pointer = false; // the last choice was a tap or a click (go on), not the keyboard (stay)
  var pending = {};

  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)sabaq_csrf=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  function answered() {
    return screens.filter(function (s) { return s.querySelector("input[type=radio]:checked"); }).length;
  }

  function refreshEnd() {
    var end = screens[screens.length - 1];
    var missing = [];
    screens.slice(0, total).forEach(function (s, n) {
      if (!s.querySelector("input[type=radio]:checked")) missing.push(n);
    });
    end.querySelector(".survey-missing").hidden = missing.length === 0;
    end.querySelector(".survey-complete").hidden = missing.length > 0;
    var links = end.querySelector(".survey-missing-links");
    links.textContent = "";
    missing.forEach(function (n, i) {
      var a = document.createElement("a");
      a.href = "?q=" + n;
      a.dataset.go = String(n);
      a.textContent = String(n + 1);
      links.appendChild(a);
      if (i < missing.length - 1) links.appendChild(document.createTextNode(", "));
    });
  }

  function show(n) {
    n = Math.max(0, Math.min(n, total));
    screens.forEach(function (s) { s.hidden = parseInt(s.dataset.n, 10) !== n; });
    if (n === total) refreshEnd();
    var target = screens[n].querySelector("legend, h2");
    if (target) target.focus();
    window.scrollTo(0, 0);
    if (window.history && history.replaceState) history.replaceState(null, "", "?q=" + n);
  }

  function counted(a) {
    progress.value = a;
    count.textContent = root.dataset.countText.replace("{a}", String(a));
  }

  function save(form) {
    var body = new URLSearchParams(new FormData(form));
    var n = form.dataset.n;
    var request = fetch(url, {
      method: "POST",
      headers: { "Accept": "application/json", "x-csrftoken": csrf() },
      body: body,
      credentials: "same-origin",
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw new Error((data.error || []).join(" "));
        counted(data.answered);
        form.classList.remove("survey-unsaved");
        return data;
      });
    }).catch(function (err) {
      form.classList.add("survey-unsaved");
      var note = form.querySelector(".survey-failed") || document.createElement("p");
      note.className = "error survey-failed";
      note.setAttribute("role", "alert");
      note.textContent = err.message || root.dataset.failedText;
      if (!note.parentNode) form.appendChild(note);
      throw err;
    });
    pending[n] = request;
    return request;
  }

  root.addEventListener("pointerdown", function () { pointer = true; });
  root.addEventListener("keydown", function () { pointer = false; });

  root.addEventListener("change", function (e) {
    var input = e.target;
    if (input.type !== "radio") return;
    var form = input.form;
    var failed = form.querySelector(".survey-failed");
    if (failed) failed.remove();
    var next = parseInt(form.dataset.n, 10) + 1;
    var tapped = pointer;
    save(form).then(function () { if (tapped) show(next); }, function () {});
  });

  root.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList.contains("survey-q")) return; // sending the answers: a real post
    e.preventDefault();
    if (!form.reportValidity()) return;
    var next = parseInt(form.dataset.n, 10) + 1;
    var waiting = pending[form.dataset.n] || save(form);
    waiting.then(function () { show(next); }, function () {});
  });

  root.addEventListener("click", function (e) {
    var link = e.target.closest("[data-go]");
    if (!link) return;
    e.preventDefault();
    show(parseInt(link.dataset.go, 10));
  });

  counted(answered());
})();
