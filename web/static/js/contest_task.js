// Sabaq olympiad task page: the program box becomes the same code editor as the practice IDE
// (CodeMirror: line numbers, brackets, highlighting by language), and what is typed is kept on
// this device per task and language, so a reload or a lost connection in the middle of an
// olympiad loses nothing. Without the script the plain form posts as before.
"use strict";

(() => {
  const MODES = { py: "python", cpp: "text/x-c++src", java: "text/x-java", pas: "text/x-pascal" };
  const form = document.getElementById("contest-send");
  if (!form) return;
  const area = form.querySelector("textarea[name=source]");
  const picker = form.querySelector("select[name=language]");
  const key = (lang) => `sabaq:contest:${form.dataset.draftKey}:${lang}`;
  const stored = (lang) => { try { return localStorage.getItem(key(lang)) || ""; } catch (e) { return ""; } };
  const keep = (lang, text) => { try { localStorage.setItem(key(lang), text); } catch (e) { /* private mode */ } };
  let lang = picker.value;
  try { lang = localStorage.getItem(`sabaq:contest:${form.dataset.draftKey}`) || lang; } catch (e) { /* none */ }
  if (picker.querySelector(`option[value="${lang}"]`)) picker.value = lang;
  area.value = area.value || stored(picker.value);
  let get = () => area.value;
  let set = (v) => { area.value = v; };
  if (window.CodeMirror) {
    area.required = false; // CodeMirror hides the box; the server still refuses an empty program
    const cm = window.CodeMirror.fromTextArea(area, {
      mode: MODES[picker.value], lineNumbers: true, indentUnit: 4, tabSize: 4, matchBrackets: true,
      autoCloseBrackets: true, viewportMargin: 20,
      extraKeys: { Tab: (c) => c.somethingSelected() ? c.indentSelection("add") : c.replaceSelection("    ") },
    });
    get = () => cm.getValue();
    set = (v) => cm.setValue(v);
    cm.on("change", () => keep(picker.value, get()));
    picker.addEventListener("change", () => cm.setOption("mode", MODES[picker.value]));
  } else {
    area.addEventListener("input", () => keep(picker.value, get()));
  }
  let shown = picker.value;
  picker.addEventListener("change", () => {
    keep(shown, get());
    shown = picker.value;
    set(stored(shown));
    try { localStorage.setItem(`sabaq:contest:${form.dataset.draftKey}`, shown); } catch (e) { /* none */ }
  });
})();
