// The virtual expert: answers as you type (/expert/search), the page works without it.
(function () {
  "use strict";
  var input = document.getElementById("expert-q");
  var out = document.getElementById("expert-results");
  if (!input || !out) { return; }
  var timer = null;
  var asked = 0;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }

  function link(item) {
    var a = el("a", "", item.title);
    a.href = item.url;
    return a;
  }

  function show(data) {
    out.textContent = "";
    if (!data.best) {
      if (data.q) { out.appendChild(el("p", "", input.dataset.none)); }
      return;
    }
    var card = el("section", "card expert-best");
    var h = el("h2");
    h.appendChild(link(data.best));
    card.appendChild(h);
    var facts = el("ul");
    data.best.facts.forEach(function (f) { facts.appendChild(el("li", "", f)); });
    card.appendChild(facts);
    out.appendChild(card);
    if (data.others.length) {
      out.appendChild(el("h2", "", input.dataset.more));
      var list = el("ul", "expert-others");
      data.others.forEach(function (d) {
        var li = el("li");
        li.appendChild(link(d));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", "muted", d.summary.length > 120 ? d.summary.slice(0, 117) + "..." : d.summary));
        list.appendChild(li);
      });
      out.appendChild(list);
    }
  }

  function ask() {
    var q = input.value.trim();
    var mine = ++asked;
    fetch(input.dataset.endpoint + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && mine === asked) { show(data); } })
      .catch(function () { /* the form still works by submitting */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 200);
  });
})();
