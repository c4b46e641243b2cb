"""Patients' feedback, without personal data: "was this helpful?" after a topic on the phone
and on each topic's page, counted per topic and day; a comment on the page, scrubbed of
anything that looks like a phone number, email or NHS number, read by reviewers only."""
