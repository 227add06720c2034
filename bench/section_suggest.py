"""How often the section suggestion is right on the evaluation set of hearing points.

    .venv/bin/python bench/section_suggest.py [--verbose]

Reads the Ishøj first draft's sections (ishoj/data/medborgerpolitik/) and the hand-written
points with their correct section (ishoj/data/section_points.tsv, which says how they were
made), ranks the sections for each point with `policy.suggest.sections_rank`, and prints top-1
and top-3 accuracy and the time per suggestion. No database and no Django set-up are needed.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ishoj import text
from policy.suggest import sections_rank

POINTS = Path(text.__file__).resolve().parent / "data" / "section_points.tsv"


@dataclass(frozen=True)
class EvalSection:
    identifier: str
    heading: str
    body: str


def sections_load() -> list[EvalSection]:
    return [
        EvalSection(identifier=identifier, heading=heading, body=body)
        for identifier, heading, _theme, body in text.sections_read()
    ]


def points_load(path: Path = POINTS) -> list[tuple[str, str]]:
    """The evaluation set as (correct section identifier, point text)."""
    points = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        identifier, _, point = line.partition("\t")
        points.append((identifier.strip(), point.strip()))
    return points


def accuracy(sections: list[EvalSection], points: list[tuple[str, str]]) -> dict:
    top1 = top3 = 0
    misses = []
    for expected, point in points:
        ranked = [s.section.identifier for s in sections_rank(text=point, sections=sections)]
        top1 += bool(ranked) and ranked[0] == expected
        top3 += expected in ranked[:3]
        if not ranked or ranked[0] != expected:
            misses.append((expected, ranked, point))
    return {"points": len(points), "top1": top1, "top3": top3, "misses": misses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list the points ranked wrong")
    args = parser.parse_args()
    sections, points = sections_load(), points_load()
    start = time.perf_counter()
    result = accuracy(sections, points)
    elapsed = time.perf_counter() - start
    total = result["points"]
    print(f"sections: {len(sections)}, points: {total}")
    print(f"top-1 accuracy: {result['top1']}/{total} = {100 * result['top1'] / total:.1f} %")
    print(f"top-3 accuracy: {result['top3']}/{total} = {100 * result['top3'] / total:.1f} %")
    print(f"time per suggestion: {1000 * elapsed / total:.2f} ms")
    if args.verbose:
        for expected, ranked, point in result["misses"]:
            print(f"- expected {expected}, got {ranked}: {point}")


if __name__ == "__main__":
    main()
