// The editor's checks as the person types: the form is posted to the check address (nothing
// is saved) a moment after they stop typing, and the list of checks is replaced.
(function () {
  const form = document.getElementById("editor");
  const list = document.getElementById("check-list");
  if (!form || !list || !form.dataset.check) return;
  let timer = null;
  function item(level, text) {
    const li = document.createElement("li");
    li.className = level === "error" ? "state-failed" : "state-stale";
    li.textContent = text;
    return li;
  }
  async function check() {
    const body = new FormData(form);
    body.delete("action");
    try {
      const answer = await fetch(form.dataset.check, {
        method: "POST", body, headers: { "Accept": "application/json" },
      });
      if (!answer.ok) return;
      const found = await answer.json();
      list.replaceChildren(
        ...found.errors.map((m) => item("error", "Error: " + m)),
        ...found.findings.map((f) => item(f.level, f.level[0].toUpperCase() + f.level.slice(1) + ": " + f.message)),
      );
      if (!list.children.length) list.append(item("ok", "No problems found."));
      if (Array.isArray(found.preview)) showPreview(found.preview);
    } catch (error) {
      // Offline or a hiccup: the checks run again on the next change, and on save.
    }
  }
  // A scan's page and spoken words, in each language, as the typed words make them.
  function element(tag, text, attrs) {
    const made = document.createElement(tag);
    if (text) made.textContent = text;
    for (const [name, value] of Object.entries(attrs || {})) made.setAttribute(name, value);
    return made;
  }
  function showPreview(found) {
    const place = document.getElementById("preview-list");
    if (!place) return;
    if (!found.length) {
      place.replaceChildren(element("p", "Nothing to show until the line can read these words: the checks say why."));
      return;
    }
    place.replaceChildren(...found.map((p) => {
      const box = element("article", "", { class: "preview", lang: p.lang });
      const title = element("h3", p.title + " ");
      title.append(element("span", "(" + p.lang + ")", { class: "muted", lang: "en-GB" }));
      box.append(title, element("h4", "Its web page", { lang: "en-GB" }));
      if (p.lead) box.append(element("p", p.lead));
      for (const s of p.sections) box.append(element("h5", s.heading), element("p", s.text));
      if (p.confirmation) box.append(element("p", p.confirmation, { class: "meta" }));
      box.append(element("h4", "What callers hear, part by part", { lang: "en-GB" }));
      const heard = element("ol");
      heard.append(...p.heard.map((words) => element("li", words)));
      box.append(heard);
      return box;
    }));
  }
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, 700);
  });
})();

// Words typed are kept in this browser until the page shows them saved, so a session that
// ends while someone types loses nothing: signed in again, they find their words put back,
// with a message. Kept per document; the revision they were typed on goes back with them,
// so a save over someone else's newer one is shown as a conflict, never lost either.
(function () {
  const form = document.getElementById("editor");
  const fieldset = form && form.querySelector("fieldset");
  if (!form || !form.dataset.keep || !fieldset || fieldset.disabled) return;
  const place = "line-editor:" + form.dataset.keep;
  const revision = form.querySelector('input[name="revision"]');
  function typed() {
    const found = {};
    for (const field of form.elements) {
      if (!field.name || field.type === "hidden" || field.type === "submit") continue;
      if (field.type === "radio") {
        if (field.checked) found[field.name] = field.value;
        continue;
      }
      found[field.name] = field.type === "checkbox" ? (field.checked ? field.value : "") : field.value;
    }
    return found;
  }
  const shown = typed();
  function differs(fields) {
    return Object.keys(shown).some((name) => name in fields && fields[name] !== shown[name]);
  }
  function kept() {
    try {
      const found = JSON.parse(localStorage.getItem(place) || "null");
      return found && typeof found.fields === "object" ? found : null;
    } catch (error) {
      return null;
    }
  }
  function forget() {
    try { localStorage.removeItem(place); } catch (error) { /* nothing kept */ }
  }
  function keep() {
    const fields = typed();
    try {
      if (!differs(fields)) return forget();
      localStorage.setItem(place, JSON.stringify({
        revision: revision ? revision.value : "", at: new Date().toISOString(), fields,
      }));
    } catch (error) {
      // Storage full or refused: the words are still in the form.
    }
  }
  function putBack(found) {
    for (const field of form.elements) {
      if (!(field.name in found.fields) || field.type === "hidden") continue;
      if (field.type === "checkbox" || field.type === "radio") field.checked = found.fields[field.name] === field.value;
      else field.value = found.fields[field.name];
    }
    if (revision && typeof found.revision === "string") revision.value = found.revision;
    const when = new Date(found.at);
    const note = document.createElement("div");
    note.className = "flash error";
    note.id = "kept-words";
    note.setAttribute("role", "alert");
    const text = document.createElement("p");
    text.textContent = "Your words from " + (isNaN(when) ? "earlier" : when.toLocaleString()) +
      " were kept in this browser because they were not saved: your session may have ended" +
      " before you saved them. They are back in the form below. Check them, then save.";
    const drop = document.createElement("button");
    drop.type = "button";
    drop.className = "secondary";
    drop.textContent = "Forget them and show the saved words";
    drop.addEventListener("click", () => { forget(); window.location.reload(); });
    note.append(text, drop);
    form.before(note);
    form.dispatchEvent(new Event("input"));  // the checks, for the words put back
  }
  const found = kept();
  if (found && differs(found.fields)) putBack(found);
  else forget();  // saved (the page shows them), or nothing kept
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
})();
