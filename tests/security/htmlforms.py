"""What a browser would submit from a form on a page (standard library only: the soak script uses it too)."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormScraper(HTMLParser):
    """The fields of the form with ``form_id`` (or the first POST form), as a browser would submit them."""

    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.done = False
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._select_chosen: str | None = None
        self._multiple = False

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done:
            wanted = attrs.get("id") == self.form_id if self.form_id else attrs.get("method", "").lower() == "post"
            self.in_form = wanted
            return
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select, self._select_value, self._select_chosen = name, None, None
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if "selected" in attrs and self._multiple:
                self._add(self._select, value)
            elif "selected" in attrs:
                self._select_chosen = value
            elif self._select_value is None:
                self._select_value = value  # a browser submits the first option when none is selected

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select and self._multiple:
            self._select = None  # a multiple select submits only what is selected (added as seen)
        elif tag == "select" and self._select:
            chosen = self._select_chosen if self._select_chosen is not None else self._select_value
            self._add(self._select, chosen or "")
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data


def scrape_form(html: str, form_id: str | None = None) -> dict[str, list[str]]:
    scraper = _FormScraper(form_id)
    scraper.feed(html)
    # A textarea's first newline belongs to the markup, not the value.
    return {
        name: [value[1:] if value.startswith("\n") else value for value in values]
        for name, values in scraper.data.items()
    }
