"""Selector groups of tags and classes, matched in one pass or looked up in a page's class
index, find what their XPath finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import html

from newsbot.pages.blocks import drop_elements
from newsbot.sites.markup import ClassIndex, TagsAndClasses, css, css_group

TAGS = ("div", "p", "span", "script", "a")
CLASSES = ("a", "b", "a-b", "_c")
SPACES = (" ", "  ", "\t", "\n", "\r", "\u00a0", "\x0c")

compound = st.builds(
    lambda tag, classes: (tag or "") + "".join(f".{name}" for name in classes),
    st.sampled_from((None, *TAGS)),
    st.lists(st.sampled_from(CLASSES), max_size=2),
).filter(bool)

class_attribute = st.lists(
    st.tuples(st.sampled_from(CLASSES), st.sampled_from(SPACES)), max_size=3
).map(lambda parts: "".join(name + space for name, space in parts))


@st.composite
def trees(draw: st.DrawFn, depth: int = 3) -> str:
    tag = draw(st.sampled_from(TAGS))
    attribute = draw(st.none() | class_attribute)
    inner = "".join(draw(st.lists(trees(depth - 1), max_size=3))) if depth else ""
    classes = "" if attribute is None else f' class="{attribute}"'
    return f"<{tag}{classes}>{inner}</{tag}>"


@given(st.lists(compound, min_size=1, max_size=4), trees(), st.integers(0, 40), st.integers(0, 40))
def test_one_pass_and_the_index_find_what_the_expression_finds_in_document_order(
    selectors: list[str], markup: str, inside: int, dropped: int
) -> None:
    group = TagsAndClasses.parse(tuple(selectors))
    assert group is not None
    expression = css(", ".join(selectors))
    root = html.fromstring(f"<html><body>{markup}</body></html>")
    index = ClassIndex(root)
    elements = list(root.iter())
    within = elements[inside % len(elements)]
    assert group(root) == group.find(index) == expression(root)
    assert group(within) == group.find(index, within) == expression(within)
    gone = elements[dropped % len(elements)]
    if gone.getparent() is not None:
        drop_elements([gone])
        index.forget([gone])
        assert group.find(index) == expression(root)


def test_other_selectors_keep_their_expression() -> None:
    for selectors in ((".a .b",), ("[itemprop=articleBody]",), ("a > b", "p"), ("*",)):
        assert TagsAndClasses.parse(selectors) is None
        assert not isinstance(css_group(selectors), TagsAndClasses)
    assert isinstance(css_group(("script", ".gallery", "a.next.page-numbers")), TagsAndClasses)
    assert css_group(())(html.fromstring("<p>x</p>")) == []
