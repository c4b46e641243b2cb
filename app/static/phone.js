// Follows the line's TwiML as Twilio does: plays <Play>, shows <Say>, waits at <Gather>,
// follows <Redirect>, stops at <Hangup>. Each request is signed by the server for us.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var callButton = document.getElementById("call");
  var skip = document.getElementById("skip");
  var player = document.getElementById("player");
  var transcript = document.getElementById("transcript");
  var status = document.getElementById("status");
  var keys = document.querySelectorAll(".keypad button");
  var speech = document.getElementById("speech");
  var sayButton = document.getElementById("say");
  var callSid = callButton.dataset.callSid;
  var current = "/voice", gather = null, rest = [], timer = null, generation = 0;

  function line(kind, text) {
    var p = document.createElement("p");
    p.className = "heard-" + kind;
    p.textContent = text;
    transcript.appendChild(p);
    transcript.scrollTop = transcript.scrollHeight;
  }
  function listening(on) {
    keys.forEach(function (k) { k.disabled = !on; });
    speech.disabled = sayButton.disabled = !on;
  }
  function stopAudio() { player.pause(); skip.disabled = true; }

  function play(verb, mine) {
    return new Promise(function (done) {
      line("play", verb.text || verb.url);
      skip.disabled = false;
      var finish = function () { skip.disabled = true; player.onended = player.onerror = null; done(); };
      player.onended = player.onerror = finish;
      skip.onclick = function () { player.pause(); finish(); };
      player.src = verb.url;
      var started = player.play();
      if (started && started.catch) started.catch(finish);
      if (mine !== generation) finish();
    });
  }
  function speak(verbs, mine) {
    return verbs.reduce(function (chain, verb) {
      return chain.then(function () {
        if (mine !== generation) return;
        if (verb.verb === "play") return play(verb, mine);
        if (verb.verb === "say") line("say", verb.text);
      });
    }, Promise.resolve());
  }

  function run(verbs) {
    var mine = ++generation;
    var i = 0;
    function next() {
      if (mine !== generation) return;
      if (i >= verbs.length) { hangup(); return; }
      var verb = verbs[i++];
      if (verb.verb === "gather") {
        gather = verb; rest = verbs.slice(i);
        listening(true);
        status.textContent = "Waiting for a key or words.";
        speak(verb.prompt, mine).then(function () {
          if (mine !== generation) return;
          var seconds = parseInt(verb.timeout || "5", 10);
          timer = setTimeout(function () { listening(false); gather = null; run(rest); }, seconds * 1000);
        });
        return;
      }
      if (verb.verb === "redirect") { step(verb.text, {}); return; }
      if (verb.verb === "hangup") { hangup(); return; }
      speak([verb], mine).then(next);
    }
    next();
  }

  function hangup() {
    listening(false); gather = null; stopAudio();
    status.textContent = "The call has ended.";
    callButton.disabled = false;
  }

  function step(url, extra) {
    clearTimeout(timer);
    var body = Object.assign({ url: url, call_sid: callSid }, extra);
    if (callButton.dataset.draft) { body.draft = callButton.dataset.draft; }
    status.textContent = "Connecting.";
    fetch("phone/step", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body),
    }).then(function (r) { return r.json(); }).then(function (data) {
      if (data.error) { status.textContent = data.error; hangup(); return; }
      current = data.url;
      status.textContent = "Connected.";
      run(data.verbs);
    });
  }

  function answer(extra, shown) {
    if (!gather) return;
    var action = new URL(gather.action || current, current).href;
    listening(false); gather = null; generation++; stopAudio();
    line("you", shown);
    step(action, extra);
  }

  callButton.addEventListener("click", function () {
    transcript.textContent = "";
    callButton.disabled = true;
    step("/voice", {});
  });
  keys.forEach(function (k) {
    k.addEventListener("click", function () { answer({ digits: k.dataset.key }, "pressed " + k.dataset.key); });
  });
  document.getElementById("speech-form").addEventListener("submit", function (event) {
    event.preventDefault();
    if (speech.value.trim()) answer({ speech: speech.value }, "said \u201c" + speech.value + "\u201d");
    speech.value = "";
  });
})();
