"""The phone call: Twilio's voice webhooks answered with TwiML.

flow (what each key does in each place) -> moves (a key's action) and steps (each place
as TwiML, pure given a call.Line) -> twiml (the documents); keys and choices read what a
caller pressed or said; hours are the department's; views are the thin routes."""
