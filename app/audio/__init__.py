"""The line's audio: every spoken item rendered to an MP3 named by a hash of its sound.

items (what is spoken) -> names (content-addressed files) -> manifest (which is current)
-> status / enqueue (what needs rendering, queued once) -> render + engines + encode +
levels (the job's work) -> speaker (<Play> or <Say> for a call) -> views (serving)."""
