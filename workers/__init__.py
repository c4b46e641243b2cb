"""The rq worker the line runs (worker.LineWorker). The jobs themselves live beside their
domain (app.audio.jobs, app.texts.jobs); audio.py and sms.py keep the names of jobs
queued by older versions working."""
