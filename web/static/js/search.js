// Sabaq search box: suggestions while typing (debounced fetch, arrow keys, Enter, Escape).
// Without this file the box is a plain GET form to /search. Every text from the server is put
// in with textContent; matched words become <mark> elements, so nothing is read as HTML.
"use strict";
(() => {
  if (window.sabaqSearch) return; // the page may include this file twice (nav and page)
  window.sabaqSearch = true;
  const DELAY = 180;
  let counter = 0;

  function pieces(parent, parts) {
    for (const [text, hit] of parts) {
      if (hit) {
        const mark = document.createElement("mark");
        mark.textContent = text;
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(text));
      }
    }
  }

  function setup(input) {
    const form = input.form;
    const url = input.dataset.searchSuggest;
    const list = document.createElement("ul");
    counter += 1;
    list.id = `search-suggest-${counter}`;
    list.className = "search-suggest";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.after(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    let timer = 0;
    let pending = null;
    let active = -1;

    function options() {
      return Array.from(list.querySelectorAll("[role=option]"));
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(index) {
      const all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach((el, n) => el.setAttribute("aria-selected", n === active ? "true" : "false"));
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function row(hit, n) {
      const li = document.createElement("li");
      li.id = `${list.id}-${n}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      const link = document.createElement("a");
      link.href = hit.url;
      link.tabIndex = -1;
      const label = document.createElement("span");
      label.className = "badge";
      label.textContent = hit.label;
      const title = document.createElement("span");
      title.className = "search-title";
      pieces(title, hit.title);
      link.append(label, " ", title);
      li.appendChild(link);
      if (hit.where) {
        const where = document.createElement("span");
        where.className = "muted search-where";
        where.textContent = hit.where;
        li.appendChild(where);
      }
      if (hit.snippet.length) {
        const snip = document.createElement("span");
        snip.className = "search-snippet";
        pieces(snip, hit.snippet);
        li.appendChild(snip);
      }
      li.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus
      li.addEventListener("click", () => { window.location.href = hit.url; });
      return li;
    }

    function show(data) {
      list.replaceChildren();
      active = -1;
      data.hits.forEach((hit, n) => list.appendChild(row(hit, n)));
      if (!data.hits.length && data.empty) {
        const li = document.createElement("li");
        li.className = "muted search-none";
        li.textContent = data.empty;
        list.appendChild(li);
      } else if (data.hits.length) {
        const li = document.createElement("li");
        li.className = "search-all";
        const all = document.createElement("a");
        all.href = `/search?q=${encodeURIComponent(data.q)}`;
        all.textContent = data.all;
        li.appendChild(all);
        list.appendChild(li);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    async function load(query) {
      if (pending) pending.abort();
      pending = new AbortController();
      try {
        const response = await fetch(`${url}?q=${encodeURIComponent(query)}`, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: pending.signal,
        });
        if (!response.ok) return;
        const data = await response.json();
        if (data.q === input.value.trim()) show(data);
      } catch (error) {
        if (error.name !== "AbortError") close();
      }
    }

    input.addEventListener("input", () => {
      window.clearTimeout(timer);
      const query = input.value.trim();
      if (query.length < 2) {
        if (pending) pending.abort();
        close();
        return;
      }
      timer = window.setTimeout(() => load(query), DELAY);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) return;
        event.preventDefault();
        choose(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
        event.preventDefault();
        const link = options()[active].querySelector("a");
        if (link) window.location.href = link.href;
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", () => window.setTimeout(close, 150));
    input.addEventListener("focus", () => {
      if (list.children.length && input.value.trim().length >= 2) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    });
    if (form) form.classList.add("search-live");
  }

  document.querySelectorAll("input[data-search-suggest]").forEach(setup);
})();
