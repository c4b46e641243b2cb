"""What the tests share, one module per topic (the README's layout names each): the test
line's settings and numbers (line, numbers), the shipped content (shipped) and words changed
in a test's copy of it (edits), a phone call (simulator, phone), the admin (admin, editing),
real processes (processes, live_server) and stand-ins for the services the machine cannot
reach (fake_twilio, gtts_stub). Test files import from here, never from one another."""
