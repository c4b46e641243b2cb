// A short answer's words counted as the person types: at most the number the page gives
// (data-most); over it, the answer cannot be submitted (the server refuses it too).
(function () {
  const answer = document.getElementById("answer");
  const told = document.getElementById("word-count");
  if (!answer || !told) return;
  const most = Number(answer.dataset.most) || 60;
  function count() {
    const words = answer.value.split(/\s+/).filter(Boolean).length;
    const over = words > most;
    told.textContent = words + " of at most " + most + " words." +
      (over ? " Too long to submit: say the rest in its topic." : "");
    told.className = over ? "state-failed" : "muted";
  }
  answer.addEventListener("input", count);
  count();
})();
