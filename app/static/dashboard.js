// Live progress without a page reload: refresh via fetch, then poll the status.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var form = document.getElementById("refresh-form");
  var progress = document.getElementById("progress");
  var busy = false;

  function update(data) {
    var fresh = 0;
    data.items.forEach(function (item) {
      if (item.state === "fresh") fresh += 1;
      var row = document.querySelector('tr[data-item="' + CSS.escape(item.id) + '"]');
      if (!row) return;
      var badge = row.querySelector("[data-state]");
      badge.textContent = item.state;
      badge.className = "state state-" + item.state;
      var listen = row.querySelector("[data-listen]");
      var audio = listen.querySelector("audio");
      if (item.url && (!audio || audio.getAttribute("src") !== item.url)) {
        audio = document.createElement("audio");
        audio.controls = true;
        audio.preload = "none";
        audio.src = item.url;
        audio.setAttribute("aria-label", "Listen to " + item.name);
        listen.replaceChildren(audio);
      }
      if (item.duration) row.querySelector("[data-duration]").textContent = Math.round(item.duration) + " s";
      if (item.state === "fresh") row.querySelector("[data-action]").replaceChildren();
    });
    progress.textContent = fresh + " of " + data.items.length + " items are up to date.";
    document.getElementById("queue-audio").textContent = data.health.queues.audio;
    document.getElementById("workers-alive").textContent = data.health.alive;
    return fresh === data.items.length || data.items.every(function (i) {
      return i.state === "fresh" || i.state === "failed";
    });
  }

  function poll() {
    fetch("status.json", { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) { if (!update(data)) setTimeout(poll, 1000); });
  }

  if (!form) return; // a role that may not run operations has no refresh button
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) return; // a double-click queues nothing twice anyway
    busy = true;
    fetch(form.action, {
      method: "POST",
      headers: { "X-CSRFToken": token, Accept: "application/json" },
    })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        document.getElementById("refresh-message").textContent = data.message;
        poll();
      })
      .finally(function () { busy = false; });
  });
})();
