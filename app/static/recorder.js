// Recording in the page: MediaRecorder, a level meter while recording, stop, play back,
// record again, then save the take (posted as the form's `recording` field, action=upload).
(function () {
  const box = document.getElementById("recorder");
  if (!box || !window.MediaRecorder || !navigator.mediaDevices) return;
  box.hidden = false;
  const [record, stop, send, again] = ["record", "stop", "send", "again"].map((id) => document.getElementById(id));
  const level = document.getElementById("level");
  const state = document.getElementById("recorder-state");
  const take = document.getElementById("take");
  const token = document.querySelector('meta[name="csrf-token"]').content;
  let recorder = null, chunks = [], blob = null, stream = null, audio = null, frame = 0;

  function meter(source) {
    audio = new AudioContext();
    const analyser = audio.createAnalyser();
    analyser.fftSize = 1024;
    audio.createMediaStreamSource(source).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      level.value = Math.min(1, Math.sqrt(sum / samples.length) * 4);
      frame = requestAnimationFrame(tick);
    };
    tick();
  }

  record.addEventListener("click", async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      state.textContent = "The browser could not use a microphone: upload a recording instead.";
      return;
    }
    chunks = [];
    recorder = new MediaRecorder(stream);
    recorder.addEventListener("dataavailable", (e) => e.data.size && chunks.push(e.data));
    recorder.addEventListener("stop", () => {
      blob = new Blob(chunks, { type: recorder.mimeType || "audio/webm" });
      take.src = URL.createObjectURL(blob);
      take.hidden = false;
      send.disabled = again.disabled = false;
      state.textContent = "Listen to it, then save it or record again.";
      stream.getTracks().forEach((t) => t.stop());
      cancelAnimationFrame(frame);
      level.value = 0;
      if (audio) audio.close();
    });
    recorder.start();
    meter(stream);
    record.disabled = true;
    stop.disabled = false;
    send.disabled = again.disabled = true;
    state.textContent = "Recording: read the words now.";
  });

  stop.addEventListener("click", () => {
    if (recorder && recorder.state === "recording") recorder.stop();
    stop.disabled = true;
    record.disabled = false;
  });

  again.addEventListener("click", () => {
    blob = null;
    take.hidden = true;
    send.disabled = again.disabled = true;
    state.textContent = 'Press "Start recording" when you are ready.';
  });

  send.addEventListener("click", async () => {
    if (!blob) return;
    const form = new FormData();
    form.append("csrf_token", token);
    form.append("action", "upload");
    form.append("how", "browser");
    form.append("recording", blob, "recording.webm");
    send.disabled = true;
    state.textContent = "Saving...";
    // Not followed here: the page the redirect names carries the message, read once.
    const answer = await fetch(box.dataset.upload, { method: "POST", body: form, redirect: "manual" });
    if (answer.type === "opaqueredirect" || answer.ok) {
      window.location.assign(box.dataset.upload);
    } else {
      const page = new DOMParser().parseFromString(await answer.text(), "text/html");
      const error = page.getElementById("error");
      state.textContent = error ? error.textContent : "The recording could not be saved.";
      send.disabled = false;
    }
  });
})();
