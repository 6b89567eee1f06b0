"""Read back what a page tells browsers, search engines and link previews."""

import json
import re
from html.parser import HTMLParser

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


class _MetaParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.properties = {}

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and "property" in values:
            self.properties[values["property"]] = values.get("content", "")


class _FormParser(HTMLParser):
    """What a browser would submit from one form: its fields' current values, in page order."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.data: list[tuple[str, str]] = []
        self.select: str | None = None
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "form":
            self.inside = values.get("id") == self.form_id
        if not self.inside or "disabled" in values:
            return
        name = values.get("name")
        if tag == "input" and name:
            kind = values.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in values:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self.data.append((name, values.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in values:
            self.data.append((self.select, values.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # A browser drops the one line break that follows <textarea>.
            self.data.append((self.textarea, "".join(self.text).removeprefix("\n")))
            self.textarea = None


def form_data(html: str, form_id: str) -> list[tuple[str, str]]:
    """The name-value pairs a browser would post from the form `form_id`, as on the page."""
    parser = _FormParser(form_id)
    parser.feed(html)
    assert parser.data, f"no form {form_id!r} with fields on the page"
    return parser.data


def meta_properties(html: str) -> dict[str, str]:
    """The page's OpenGraph `<meta property=… content=…>` tags, unescaped."""
    parser = _MetaParser()
    parser.feed(html)
    return parser.properties


def json_ld(html: str) -> dict:
    """The page's schema.org JSON-LD, parsed."""
    match = JSON_LD.search(html)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def text(response) -> str:
    """The response body as text."""
    return response.content.decode()


def position(html: str, *needles: str) -> list[int]:
    """Where each piece of text first appears, to check the order a visitor reads them in."""
    found = [html.find(needle) for needle in needles]
    assert -1 not in found, (
        f"missing: {[n for n, at in zip(needles, found, strict=True) if at == -1]}"
    )
    return found
