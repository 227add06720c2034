"""What changed between two versions: sections matched by their stable key, words by difflib."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from policy.markdown import Block, markdown_blocks
from policy.models import Section

ADDED = "added"
REMOVED = "removed"
MOVED = "moved"
CHANGED = "changed"
UNCHANGED = "unchanged"

# A word together with the spaces after it, so that shared spaces never split a change up.
_TOKENS = re.compile(r"\S+\s*|\s+")
# Below this share of common words a paragraph reads better as removed and rewritten.
_REWRITE_BELOW = 0.35


@dataclass
class SectionChange:
    kind: str
    old: Section | None
    new: Section | None
    moved: bool = False
    heading_html: SafeString = field(default_factory=lambda: mark_safe(""))
    body_html: SafeString = field(default_factory=lambda: mark_safe(""))
    theme_changed: bool = False

    @property
    def section(self) -> Section:
        return self.new or self.old  # type: ignore[return-value]

    @property
    def text_changed(self) -> bool:
        return self.kind == CHANGED


def _ins(text: str) -> str:
    label = escape(_("[added:]"))
    return f'<ins><span class="sr-only">{label} </span>{escape(text)}</ins>'


def _del(text: str) -> str:
    label = escape(_("[removed:]"))
    return f'<del><span class="sr-only">{label} </span>{escape(text)}</del>'


def diff_words(old: str, new: str) -> str:
    """HTML of `new` with the words removed from `old` in <del> and the words added in <ins>."""
    a = _TOKENS.findall(old)
    b = _TOKENS.findall(new)
    out: list[str] = []
    # Compare words without their trailing spaces; write the new text's spacing.
    matcher = difflib.SequenceMatcher(
        None, [t.rstrip() or t for t in a], [t.rstrip() or t for t in b], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(b[j1:j2])))
            continue
        if op in {"delete", "replace"}:
            out.append(_del("".join(a[i1:i2])))
        if op in {"insert", "replace"}:
            out.append(_ins("".join(b[j1:j2])))
    return "".join(out)


def _similar(old: Block, new: Block) -> bool:
    if (old.kind, old.lists) != (new.kind, new.lists):
        return False
    matcher = difflib.SequenceMatcher(None, old.text.split(), new.text.split(), autojunk=False)
    return matcher.ratio() >= _REWRITE_BELOW


def _render(items: list[tuple[Block, str, str]]) -> SafeString:
    """Blocks with their (already escaped) HTML as a page shows them: list items inside their
    lists, nested lists inside the item they belong to."""
    out: list[str] = []
    open_lists: list[str] = []  # the lists open now, outermost first
    open_items: list[bool] = []  # whether each open list has an item open

    def close_to(depth: int) -> None:
        while len(open_lists) > depth:
            if open_items.pop():
                out.append("</li>")
            out.append(f"</{open_lists.pop()}>")

    for block, html, css in items:
        attr = f' class="{css}"' if css else ""
        if block.kind != "li":
            close_to(0)
            if block.kind == "h":
                out.append(f"<h4{attr}>{html}</h4>")
            elif block.kind == "quote":
                out.append(f"<blockquote{attr}><p>{html}</p></blockquote>")
            elif block.kind == "code":
                out.append(f"<pre{attr}><code>{html}</code></pre>")
            elif block.kind == "row":
                out.append(f'<p class="diff-row{" " + css if css else ""}">{html}</p>')
            else:
                out.append(f"<p{attr}>{html}</p>")
            continue
        target = list(block.lists)
        same = 0
        while same < min(len(open_lists), len(target)) and open_lists[same] == target[same]:
            same += 1
        close_to(same)  # leave the lists this item is not in
        while len(open_lists) < len(target):
            if open_lists and not open_items[-1]:
                out.append("<li>")
                open_items[-1] = True
            tag = target[len(open_lists)]
            out.append(f"<{tag}>")
            open_lists.append(tag)
            open_items.append(False)
        if open_items[-1]:
            out.append("</li>")
        out.append(f"<li{attr}>{html}")
        open_items[-1] = True
    close_to(0)
    return mark_safe("".join(out))


def _continues(items: list[tuple[Block, str, str]], block: Block) -> bool:
    """Whether the block is an item of the list the last shown block is in."""
    return (
        bool(items)
        and block.kind == items[-1][0].kind == "li"
        and block.lists[:1] == items[-1][0].lists[:1]
    )


def _diff_blocks(a: list[Block], b: list[Block]) -> SafeString:
    items: list[tuple[Block, str, str]] = []

    def removed(block: Block) -> None:
        items.append((block, _del(block.text), "diff-removed"))

    def added(block: Block) -> None:
        items.append((block, _ins(block.text), "diff-added"))

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            items.extend((block, escape(block.text), "") for block in b[j1:j2])
            continue
        olds, news = a[i1:i2], b[j1:j2]
        i = j = 0
        while i < len(olds) or j < len(news):
            if i < len(olds) and j < len(news) and _similar(olds[i], news[j]):
                items.append((news[j], diff_words(olds[i].text, news[j].text), ""))
                i, j = i + 1, j + 1
            elif j < len(news) and (
                i == len(olds) or (_continues(items, news[j]) and not _continues(items, olds[i]))
            ):
                added(news[j])  # an item added to the list just shown goes inside that list
                j += 1
            else:
                removed(olds[i])
                i += 1
    return _render(items)


def diff_text(old: str, new: str) -> SafeString:
    """Block by block, as the reader sees the text (no Markdown): whole paragraphs and list
    items added or removed, words changed inside the others; lists stay lists."""
    return _diff_blocks(markdown_blocks(old), markdown_blocks(new))


def _plain(text: str) -> SafeString:
    return _render([(block, escape(block.text), "") for block in markdown_blocks(text)])


def compare_sections(old: Sequence[Section], new: Sequence[Section]) -> list[SectionChange]:
    """Section by section in the new version's order, removed sections where they stood."""
    old_by_key = {s.key: s for s in old}
    new_by_key = {s.key: s for s in new}
    common_old = [s.key for s in old if s.key in new_by_key]
    common_new = [s.key for s in new if s.key in old_by_key]
    # Sections in the longest common order stayed put; the rest of the shared ones moved.
    matcher = difflib.SequenceMatcher(None, common_old, common_new, autojunk=False)
    stayed = set()
    for block in matcher.get_matching_blocks():
        stayed.update(common_new[block.b : block.b + block.size])

    changes: list[SectionChange] = []
    removed_before: dict[object, list[Section]] = {}
    pending: list[Section] = []
    for section in old:
        if section.key not in new_by_key:
            pending.append(section)
        elif pending:
            removed_before.setdefault(section.key, []).extend(pending)
            pending = []

    for section in new:
        for gone in removed_before.get(section.key, []):
            changes.append(
                SectionChange(
                    kind=REMOVED,
                    old=gone,
                    new=None,
                    body_html=_plain(gone.body),
                    heading_html=mark_safe(_del(gone.heading)),
                )
            )
        before = old_by_key.get(section.key)
        if before is None:
            changes.append(
                SectionChange(
                    kind=ADDED,
                    old=None,
                    new=section,
                    body_html=_plain(section.body),
                    heading_html=mark_safe(_ins(section.heading)),
                )
            )
            continue
        moved = section.key not in stayed
        text_same = before.heading == section.heading and markdown_blocks(
            before.body
        ) == markdown_blocks(section.body)
        theme_changed = before.theme_id != section.theme_id
        kind = (MOVED if moved else UNCHANGED) if text_same and not theme_changed else CHANGED
        heading_html = (
            mark_safe(escape(section.heading))
            if before.heading == section.heading
            else mark_safe(diff_words(before.heading, section.heading))
        )
        changes.append(
            SectionChange(
                kind=kind,
                old=before,
                new=section,
                moved=moved,
                heading_html=heading_html,
                body_html=diff_text(before.body, section.body),
                theme_changed=theme_changed,
            )
        )
    for gone in pending:
        changes.append(
            SectionChange(
                kind=REMOVED,
                old=gone,
                new=None,
                body_html=_plain(gone.body),
                heading_html=mark_safe(_del(gone.heading)),
            )
        )
    return changes


def change_summary(changes: list) -> dict[str, int]:
    """How many sections were added, removed, moved and changed (a moved and changed section
    counts under both)."""
    summary = {
        kind: sum(1 for c in changes if c.kind == kind) for kind in (ADDED, REMOVED, MOVED, CHANGED)
    }
    summary[MOVED] += sum(1 for c in changes if c.kind == CHANGED and c.moved)
    return summary
