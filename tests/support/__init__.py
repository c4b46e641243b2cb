"""What the tests share: the test line's settings and numbers (line, numbers), the shipped
content (shipped), a phone call (simulator, phone), real processes (processes, live_server)
and stand-ins for the services the machine cannot reach (fake_twilio, gtts_stub)."""
