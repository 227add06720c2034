"""What changed between two versions: sections matched by their stable key, words by difflib."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

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
_PARAGRAPHS = re.compile(r"\n\s*\n")


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


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _PARAGRAPHS.split(text.strip()) if p.strip()]


def diff_text(old: str, new: str) -> SafeString:
    """Paragraph by paragraph: whole paragraphs added or removed, words changed inside others."""
    a = _paragraphs(old)
    b = _paragraphs(new)
    blocks: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            blocks.extend(f"<p>{escape(p)}</p>" for p in a[i1:i2])
        elif op == "delete":
            blocks.extend(f'<p class="diff-removed">{_del(p)}</p>' for p in a[i1:i2])
        elif op == "insert":
            blocks.extend(f'<p class="diff-added">{_ins(p)}</p>' for p in b[j1:j2])
        else:
            olds, news = a[i1:i2], b[j1:j2]
            for index in range(max(len(olds), len(news))):
                if index < len(olds) and index < len(news):
                    old_words, new_words = olds[index].split(), news[index].split()
                    similar = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
                    if similar.ratio() < _REWRITE_BELOW:
                        blocks.append(f'<p class="diff-removed">{_del(olds[index])}</p>')
                        blocks.append(f'<p class="diff-added">{_ins(news[index])}</p>')
                    else:
                        blocks.append(f"<p>{diff_words(olds[index], news[index])}</p>")
                elif index < len(olds):
                    blocks.append(f'<p class="diff-removed">{_del(olds[index])}</p>')
                else:
                    blocks.append(f'<p class="diff-added">{_ins(news[index])}</p>')
    return mark_safe("".join(blocks))


def _plain(text: str) -> SafeString:
    return mark_safe("".join(f"<p>{escape(p)}</p>" for p in _paragraphs(text)))


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
        text_same = before.heading == section.heading and before.body == section.body
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
