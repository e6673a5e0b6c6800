"""Reading a page the way assistive technology does: the form controls and their names,
what describes them, the cells of a table and the column each one says it belongs to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
CONTROLS = {"input", "select", "textarea"}
NOT_LABELLED = {"hidden", "submit", "button", "reset", "image"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None
    children: list[Element] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)

    def text(self) -> str:
        parts = list(self.text_parts)
        for child in self.children:
            parts.append(child.text())
        return re.sub(r"\s+", " ", " ".join(parts)).strip()

    def ancestors(self) -> list[Element]:
        found, node = [], self.parent
        while node is not None:
            found.append(node)
            node = node.parent
        return found


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root
        self.elements: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        self.elements.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        self.elements.append(element)

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.text_parts.append(data)


class Page:
    def __init__(self, response: Any) -> None:
        tree = _Tree()
        tree.feed(response.content.decode())
        self.elements = tree.elements
        self.by_id = {e.attrs["id"]: e for e in self.elements if "id" in e.attrs}

    def find(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def controls(self) -> list[Element]:
        """The form controls a person fills in (not hidden fields, not buttons), outside
        the <template> rows that a script copies."""
        return [
            e
            for e in self.elements
            if e.tag in CONTROLS
            and e.attrs.get("type", "text") not in NOT_LABELLED
            and not any(a.tag == "template" for a in e.ancestors())
        ]

    def name_of(self, control: Element) -> str:
        """The accessible name: aria-labelledby, aria-label, <label for>, or a wrapping label."""
        if control.attrs.get("aria-labelledby"):
            return " ".join(
                self.by_id[i].text()
                for i in control.attrs["aria-labelledby"].split()
                if i in self.by_id
            )
        if control.attrs.get("aria-label"):
            return control.attrs["aria-label"].strip()
        control_id = control.attrs.get("id")
        if control_id:
            labels = [e.text() for e in self.find("label") if e.attrs.get("for") == control_id]
            if labels:
                return " ".join(labels)
        for ancestor in control.ancestors():
            if ancestor.tag == "label":
                return ancestor.text()
        return ""

    def description_of(self, control: Element) -> str:
        ids = control.attrs.get("aria-describedby", "").split()
        return " ".join(self.by_id[i].text() for i in ids if i in self.by_id)
