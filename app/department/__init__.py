"""The department's own settings, changed by its staff in the browser (app.admin.department):
opening hours, bank holidays and closures, the number calls go to, the number and address
callers are told, and where reminders go. The environment gives the first values."""
