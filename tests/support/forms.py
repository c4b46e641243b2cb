"""A page's form as a browser would send it: every input, textarea, checked box and chosen
option."""

from __future__ import annotations

from html.parser import HTMLParser


class _Form(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.values = form_id, False, {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form" and found.get("id") == self.form_id:
            self.inside = True
        if tag == "option" and self.inside:
            self._option(found)
        if not self.inside or "name" not in found:
            return
        if tag == "input" and found.get("type") not in ("submit", "checkbox", "radio"):
            self.values[found["name"]] = found.get("value", "")
        elif tag == "input" and "checked" in found:
            self.values[found["name"]] = found.get("value", "on")
        elif tag == "textarea":
            self._textarea = found["name"]
            self.values[self._textarea] = ""
        elif tag == "select":
            self._select = found["name"]

    def _option(self, found: dict[str, str]) -> None:
        """An option of the select open now: its value is sent when it is chosen, or when it
        comes first and none is."""
        if self._select is not None and (self._select not in self.values or "selected" in found):
            self.values[self._select] = found.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.values[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None
        if tag == "form":
            self.inside = False


def form_values(html: str, form_id: str) -> dict[str, str]:
    """The fields of the form with this id, filled in as the page shows them."""
    parser = _Form(form_id)
    parser.feed(html)
    values = parser.values
    # A textarea's first newline is not part of its value (HTML's rule).
    return {k: v[1:] if v.startswith("\n") else v for k, v in values.items()}
