// Sabaq course editor: modules, lessons and steps reordered by drag and drop or by the arrow
// buttons (the keyboard's way), saved at once with fetch; a text step's Markdown previewed.
// Without this file every arrow is a plain form that saves and comes back to the page.
"use strict";
(() => {
  const csrf = () => (document.cookie.split("; ").find((c) => c.startsWith("sabaq_csrf=")) || "").split("=")[1] || "";
  const status = document.getElementById("lms-ed-status");
  const say = (text) => { if (status) status.textContent = text; };
  const post = async (url, fields) => {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin", body: new URLSearchParams(fields),
      headers: { accept: "application/json", "x-csrftoken": csrf(),
                 "content-type": "application/x-www-form-urlencoded" },
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error((data.error || []).join(" ") || String(response.status));
    return data;
  };
  const itemsOf = (list) => Array.from(list.children).filter((li) => li.dataset.id !== undefined);
  const save = async (list) => {
    const order = itemsOf(list).map((li) => li.dataset.id).join("\n");
    try {
      await post(list.dataset.order, { what: list.dataset.what, parent: list.dataset.parent, order });
      say(status ? status.dataset.saved : "");
    } catch (error) {
      say(error.message);
      window.setTimeout(() => window.location.reload(), 1500); // the page shows what is saved
    }
  };

  // Drag and drop: an item moves within its list, or a lesson into another module's list.
  let dragged = null;
  for (const list of document.querySelectorAll("ol.lms-ed-list")) {
    list.addEventListener("dragstart", (event) => {
      const item = event.target.closest("li.lms-ed-item");
      if (!item || item.parentElement !== list) return;
      event.stopPropagation();
      dragged = item;
      item.classList.add("lms-ed-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.dataset.id);
    });
    list.addEventListener("dragover", (event) => {
      if (!dragged || dragged.parentElement.dataset.what !== list.dataset.what) return;
      event.preventDefault();
      event.stopPropagation();
      const over = event.target.closest("li.lms-ed-item");
      if (over && over.parentElement === list && over !== dragged) {
        const box = over.getBoundingClientRect();
        list.insertBefore(dragged, event.clientY > box.top + box.height / 2 ? over.nextSibling : over);
      } else if (!over && list !== dragged.parentElement) {
        list.append(dragged);
      }
    });
    list.addEventListener("drop", (event) => {
      if (!dragged) return;
      event.preventDefault();
      event.stopPropagation();
    });
    list.addEventListener("dragend", (event) => {
      if (!dragged || event.target !== dragged) return;
      dragged.classList.remove("lms-ed-dragging");
      const target = dragged.parentElement;
      dragged = null;
      for (const form of target.querySelectorAll(":scope > li > form.lms-ed-move, :scope > li > .lms-ed-head > form.lms-ed-move")) {
        form.elements.parent.value = target.dataset.parent; // a lesson now under another module
      }
      save(target);
    });
  }

  // The arrows: move the item one place and save the new order, focus staying on the arrow.
  for (const form of document.querySelectorAll("form.lms-ed-move")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const item = form.closest("li.lms-ed-item");
      const list = item.parentElement;
      const up = (event.submitter || {}).value === "up";
      const items = itemsOf(list);
      const at = items.indexOf(item);
      const to = up ? at - 1 : at + 1;
      if (to < 0 || to >= items.length) return;
      if (up) list.insertBefore(item, items[to]); else list.insertBefore(item, items[to].nextSibling);
      if (event.submitter) event.submitter.focus();
      save(list);
    });
  }

  // A text step's Markdown as the student will see it.
  const step = document.querySelector("form.lms-ed-step");
  if (!step) return;
  for (const button of step.querySelectorAll("button.lms-ed-md-preview")) {
    button.addEventListener("click", async () => {
      const name = button.dataset.for;
      const out = step.querySelector(`.lms-ed-md-out[data-of="${name}"]`);
      try {
        const data = await post(step.dataset.markdown, { text: step.elements[name].value, lesson: step.dataset.lesson });
        out.innerHTML = data.html; // rendered on the server: raw HTML in the source is escaped
      } catch (error) {
        out.textContent = error.message;
      }
    });
  }
})();
