"""The SVG fast path reads XML with expat exactly as ElementTree would (tags, attributes, children, errors)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from posters import pictures
from posters.assets import emoji_files, icon_files


def _same(a: Any, b: pictures._Element) -> bool:
    return (a.tag == b.tag and dict(a.attrib) == b.attrib and len(list(a)) == len(b.children)
            and all(_same(x, y) for x, y in zip(a, b.children)))


def test_every_shipped_svg_reads_as_in_elementtree() -> None:
    files = list(icon_files().values()) + list(emoji_files().values())
    assert files
    for path in files:
        text = path.read_text("utf-8")
        got = pictures._xml_elements(text)
        assert got is not None and _same(ET.fromstring(text), got), path


@pytest.mark.parametrize("text", [
    "<svg", "<a></b>", "", "<?xml version='1.0'?>", "<a>&nbsp;</a>", "<a/><b/>", "<a x='1' x='2'/>",
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="urn:x" x:y="1"><!-- c --><g><path d="M0 0"/></g></svg>',
])
def test_malformed_and_namespaced_xml_as_in_elementtree(text: str) -> None:
    try:
        expected: Any = ET.fromstring(text)
    except ET.ParseError:
        expected = None
    got = pictures._xml_elements(text)
    assert (got is None) == (expected is None)
    if got is not None:
        assert _same(expected, got)
