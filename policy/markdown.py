"""Markdown for policy text: CommonMark without raw HTML, then sanitized with nh3."""

from __future__ import annotations

from dataclasses import dataclass

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    "table"
)

_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h3",
    "h4",
    "h5",
    "a",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}


def render_markdown(text: str) -> SafeString:
    """Render user-written Markdown to HTML that is safe to put on a page."""
    html = _md.render(text or "")
    # Headings inside a section sit below the section's own h2.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    cleaned = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)


@dataclass(frozen=True)
class Block:
    """One block of a section's text as a reader sees it: a paragraph, a list item, a heading,
    a quotation, a code block or a table row, as plain text without any Markdown."""

    kind: str  # "p", "li", "h", "quote", "code" or "row"
    text: str
    lists: tuple[str, ...] = ()  # the lists a list item sits in, outermost first: "ul" or "ol"


def _inline_text(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in {"text", "code_inline", "image"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
    return " ".join("".join(parts).split())


def markdown_blocks(text: str) -> list[Block]:
    """The Markdown as the blocks it renders to, read with the same parser as the page."""
    found: list[Block] = []
    lists: list[str] = []
    quotes = 0
    in_heading = False
    pending: tuple[str, list[str]] | None = None  # a list item or table row being collected

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            kind, parts = pending
            joined = " ".join(part for part in parts if part)
            if joined or kind == "li":
                found.append(Block(kind, joined, tuple(lists) if kind == "li" else ()))
            pending = None

    for token in _md.parse(text or ""):
        kind = token.type
        if kind in {"bullet_list_open", "ordered_list_open"}:
            flush()
            lists.append(token.tag)
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            flush()
            lists.pop()
        elif kind == "list_item_open":
            flush()
            pending = ("li", [])
        elif kind == "list_item_close":
            flush()
        elif kind == "tr_open":
            flush()
            pending = ("row", [])
        elif kind == "tr_close":
            if pending is not None:
                pending = ("row", [" | ".join(pending[1])])
            flush()
        elif kind == "blockquote_open":
            quotes += 1
        elif kind == "blockquote_close":
            quotes -= 1
        elif kind == "heading_open":
            in_heading = True
        elif kind == "heading_close":
            in_heading = False
        elif kind in {"inline", "code_block", "fence"}:
            content = _inline_text(token) if kind == "inline" else token.content.rstrip("\n")
            if pending is not None:
                pending[1].append(content)
            elif content:
                block_kind = "code" if kind != "inline" else "h" if in_heading else "p"
                found.append(
                    Block("quote" if quotes and block_kind == "p" else block_kind, content)
                )
    flush()
    return found


def markdown_plain(text: str) -> str:
    """The text a reader sees, without any Markdown: the blocks joined by spaces."""
    return " ".join(block.text for block in markdown_blocks(text) if block.text)
