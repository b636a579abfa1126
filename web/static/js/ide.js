// Sabaq programming tasks: the IDE (CodeMirror when it loads, a plain text box when it does not;
// drafts kept as one types; run and submit with live per-test results over server-sent events)
// and the task editor (live statement preview, adding test rows). Every page works without it:
// the forms post and the result page reloads itself until the verdict is there.
"use strict";

(() => {
  const csrf = () => {
    const m = document.cookie.match(/(?:^|;\s*)sabaq_csrf=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  };
  const debounce = (fn, ms) => {
    let timer = null;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  };
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v; else node.setAttribute(k, v);
    }
    for (const child of children) {
      if (child !== null && child !== undefined && child !== "") {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  };
  const post = (url, body, json) => fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: {
      "x-csrftoken": csrf(),
      accept: "application/json",
      "content-type": json ? "application/json" : "application/x-www-form-urlencoded",
    },
    body: json ? JSON.stringify(body) : new URLSearchParams(body),
  });

  // ---- the task editor ----
  function taskEditor(form) {
    for (const area of form.querySelectorAll("textarea[data-preview]")) {
      const box = document.getElementById(area.dataset.preview);
      const show = debounce(async () => {
        if (!area.value.trim()) { box.hidden = true; return; }
        try {
          const answer = await post("/tasks/preview", { text: area.value }, true);
          if (!answer.ok) return;
          box.innerHTML = (await answer.json()).html; // Markdown rendered by the server, HTML escaped
          box.hidden = false;
        } catch (e) { /* the preview is a convenience; saving still works */ }
      }, 400);
      area.addEventListener("input", show);
      show();
    }
    const add = document.getElementById("add-test");
    const rows = document.getElementById("test-rows");
    const template = document.getElementById("test-row-template");
    if (!add || !rows || !template) return;
    add.hidden = false;
    add.addEventListener("click", () => {
      const used = Array.from(form.querySelectorAll("[name^=test_]"))
        .map((f) => Number((f.name.match(/_(\d+)$/) || [0, -1])[1]));
      const next = Math.max(-1, ...used) + 1;
      const html = template.innerHTML.replaceAll("__i__", String(next))
        .replaceAll("__n__", String(rows.children.length + 1));
      rows.insertAdjacentHTML("beforeend", html);
      rows.lastElementChild.querySelector("textarea").focus();
    });
  }

  // ---- the IDE ----
  const MODES = { py: "python", cpp: "text/x-c++src", java: "text/x-java", pas: "text/x-pascal" };

  function editorFor(area, language) {
    if (!window.CodeMirror) { // the plain text box still works
      return { get: () => area.value, set: (v) => { area.value = v; }, mode: () => {}, onChange: (f) => area.addEventListener("input", f), focus: () => area.focus() };
    }
    const cm = window.CodeMirror.fromTextArea(area, {
      mode: MODES[language], lineNumbers: true, indentUnit: 4, tabSize: 4, matchBrackets: true,
      autoCloseBrackets: true, viewportMargin: 20,
      extraKeys: { Tab: (c) => c.somethingSelected() ? c.indentSelection("add") : c.replaceSelection("    ") },
    });
    return {
      get: () => cm.getValue(), set: (v) => cm.setValue(v), mode: (l) => cm.setOption("mode", MODES[l]),
      onChange: (f) => cm.on("change", f), focus: () => cm.focus(),
    };
  }

  function renderView(box, words, view) {
    box.replaceChildren();
    const good = view.verdict === "AC" || view.verdict === "OK";
    const state = el("p", { class: "ide-state" },
      el("span", { class: `badge ${good ? "ok" : view.finished ? "bad" : ""}` }, view.verdict ? view.verdict_text : view.state_text));
    if (view.purpose !== "run" && view.finished && !["CE", "IE", ""].includes(view.verdict)) state.append(` ${words.scoreWord}: ${view.score}`);
    if (!view.finished && view.total) state.append(` ${view.done} / ${view.total}`);
    box.append(state);
    if (view.sentence) box.append(el("p", { class: "ide-sentence" }, view.sentence));
    if (view.detail) box.append(el("p", { class: "muted" }, view.detail));
    if (view.compile_message) box.append(el("pre", { class: "ide-compiler" }, view.compile_message));
    if (view.purpose === "run" && view.finished && !["CE", "IE"].includes(view.verdict)) {
      box.append(el("h3", {}, words.outputWord, view.truncated ? ` ${words.cutWord}` : ""), el("pre", { class: "ide-output" }, view.output));
      if (view.stderr) box.append(el("h3", {}, words.stderrWord), el("pre", { class: "ide-output" }, view.stderr));
    }
    if (!view.tests.length) return;
    const list = el("ol", { class: "ide-tests" });
    for (const t of view.tests) {
      const ok = t.verdict === "AC";
      const item = el("li", { class: `ide-test ${ok ? "ok" : "bad"}` },
        el("span", { class: `badge ${ok ? "ok" : "bad"}` }, t.verdict),
        ` ${words.testsWord} ${t.test} · ${Number(t.time).toFixed(2)} ${words.timeWord} · ${t.verdict_text}`);
      if (t.message) item.append(el("div", { class: "muted" }, t.message));
      if (t.input !== undefined) {
        const pair = el("div", { class: "example" },
          el("div", {}, el("h4", {}, words.inputWord), el("pre", {}, t.input)),
          el("div", {}, el("h4", {}, words.expectedWord), el("pre", {}, t.expected)));
        if (t.got !== undefined) pair.append(el("div", {}, el("h4", {}, words.gotWord), el("pre", {}, t.got)));
        item.append(pair);
      }
      list.append(item);
    }
    box.append(list);
  }

  function follow(id, events, box, words, done) {
    const show = (data) => { const view = JSON.parse(data); renderView(box, words, view); return view; };
    if (!("EventSource" in window)) { // poll the JSON state instead
      const tick = async () => {
        const answer = await fetch(`/submissions/${id}/state`, { headers: { accept: "application/json" } });
        const view = show(await answer.text());
        if (view.finished) done(view); else setTimeout(tick, 500);
      };
      tick();
      return;
    }
    const source = new EventSource(events);
    source.addEventListener("progress", (e) => show(e.data));
    source.addEventListener("end", (e) => { source.close(); done(show(e.data)); });
  }

  function addToHistory(view, languageName) {
    const body = document.querySelector("#ide-history tbody");
    if (!body || view.purpose === "run") return;
    const none = body.querySelector("tr.none");
    if (none) none.remove();
    const badge = el("span", { class: `badge ${view.verdict === "AC" ? "ok" : "bad"}` }, view.verdict_text);
    body.prepend(el("tr", {}, el("td", {}, el("a", { href: `/submissions/${view.id}` }, view.id)),
      el("td", {}, languageName), el("td", {}, badge), el("td", {}, view.verdict ? view.score : "")));
  }

  function ide(form) {
    const words = form.dataset;
    const area = document.getElementById("ide-source");
    const picker = document.getElementById("ide-language");
    const saved = document.getElementById("ide-saved");
    const result = document.getElementById("ide-result");
    const drafts = JSON.parse(form.dataset.drafts || "{}");
    const starters = JSON.parse(form.dataset.starters || "{}");
    let language = picker.value;
    const editor = editorFor(area, language);

    const saveDraft = async (lang, source) => {
      drafts[lang] = source;
      try {
        const answer = await post(form.dataset.draft, { language: lang, source });
        if (answer.ok) saved.textContent = words.savedWord;
      } catch (e) { /* kept locally; the next change tries again */ }
    };
    const saveSoon = debounce(() => saveDraft(language, editor.get()), 1200);
    editor.onChange(() => { saved.textContent = ""; saveSoon(); });
    picker.addEventListener("change", () => {
      saveDraft(language, editor.get());
      language = picker.value;
      editor.mode(language);
      editor.set(drafts[language] !== undefined ? drafts[language] : (starters[language] || ""));
      editor.focus();
    });

    const send = async (run) => {
      const body = { language, source: editor.get(), input: document.getElementById("ide-input").value };
      result.replaceChildren(el("p", { class: "muted" }, words.busy));
      let answer;
      try {
        answer = await post(run ? form.dataset.run : form.action, body);
      } catch (e) {
        result.replaceChildren(el("p", { class: "error" }, words.failed));
        return;
      }
      const reply = await answer.json();
      if (!answer.ok) {
        result.replaceChildren(el("ul", { class: "error problems" }, ...(reply.error || [words.failed]).map((t) => el("li", {}, t))));
        return;
      }
      const name = picker.options[picker.selectedIndex].text;
      follow(reply.id, reply.events, result, words, (view) => addToHistory(view, name));
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      send(event.submitter && event.submitter.id === "ide-run");
    });
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
      event.preventDefault();
      if (event.shiftKey) { send(false); return; }
      document.getElementById("ide-input-box").open = true;
      send(true);
    }, true);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const editorForm = document.getElementById("task-form");
    if (editorForm) taskEditor(editorForm);
    const ideForm = document.getElementById("ide-form");
    if (ideForm) ide(ideForm);
  });
})();
