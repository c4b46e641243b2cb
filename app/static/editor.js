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
    } catch (error) {
      // Offline or a hiccup: the checks run again on the next change, and on save.
    }
  }
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, 700);
  });
})();
