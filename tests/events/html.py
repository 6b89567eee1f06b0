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
