"""Pages read as a browser builds them: parsed HTML queried with CSS selectors."""

import re

import cssselect2
import tinyhtml5

KHMER = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]+")


class Page:
    """A parsed page; elements are cssselect2 wrappers around ElementTree elements."""

    def __init__(self, html: str):
        self.root = cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(html))

    def all(self, selector: str) -> list:
        """Every element matching the selector, in document order."""
        return list(self.root.query_all(selector))

    def one(self, selector: str):
        """The single element matching the selector."""
        found = self.all(selector)
        assert len(found) == 1, f"{len(found)} elements match {selector!r}"
        return found[0]

    def by_id(self, element_id: str):
        """The element with this id, or None."""
        found = [e for e in self.root.iter_subtree() if attr(e, "id") == element_id]
        return found[0] if found else None

    def texts_outside_language(self, pattern: re.Pattern, language: str) -> list[str]:
        """Runs of text matching the pattern that no element with lang=`language` encloses."""
        outside = []
        for element in self.root.iter_subtree():
            if language_of(element) == language or element.local_name in ("script", "style"):
                continue
            etree = element.etree_element
            for chunk in (etree.text, *(child.tail for child in etree)):
                outside.extend(pattern.findall(chunk or ""))
        return outside


def attr(element, name: str) -> str | None:
    """An attribute's value."""
    return element.etree_element.get(name)


def text(element) -> str:
    """The element's text, white space collapsed."""
    return " ".join("".join(element.etree_element.itertext()).split())


def language_of(element) -> str | None:
    """The language an element inherits: its own lang attribute or its nearest ancestor's."""
    while element is not None:
        if attr(element, "lang"):
            return attr(element, "lang")
        element = element.parent
    return None


def closest(element, tag: str):
    """The nearest ancestor with this tag name, or None."""
    element = element.parent
    while element is not None and element.local_name != tag:
        element = element.parent
    return element
