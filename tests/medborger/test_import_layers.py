"""The apps' layering is a checked contract: `lint-imports` (pyproject.toml) passes on the tree
and fails as soon as an app imports one above it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "ishoj",
    "privacy",
    "hearing",
    "engagement",
    "process",
    "policy",
    "notifications",
    "medborger",
]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own virtualenv's tool, fixed arguments
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=tree,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_of_the_tree(destination: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", destination / "pyproject.toml")
    for app in APPS:
        shutil.copytree(
            ROOT / app,
            destination / app,
            ignore=shutil.ignore_patterns("locale", "templates", "static", "data", "__pycache__"),
        )
    return destination


def test_the_layers_contract_covers_every_app_top_to_bottom():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = config["tool"]["importlinter"]["contracts"]
    assert contract["type"] == "layers"
    assert contract["layers"] == APPS


def test_lint_imports_passes_on_the_tree():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_lint_imports_fails_when_a_lower_app_imports_a_higher_one(tmp_path):
    tree = copy_of_the_tree(tmp_path)
    (tree / "process" / "forbidden.py").write_text(
        "from engagement.models import Event  # process sits below engagement\n",
        encoding="utf-8",
    )
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "process.forbidden -> engagement.models" in result.stdout


def test_lint_imports_fails_when_an_app_imports_the_ishoj_data_set(tmp_path):
    tree = copy_of_the_tree(tmp_path)
    (tree / "medborger" / "forbidden.py").write_text(
        "def load():\n    from ishoj.seed import ishoj_load\n\n    return ishoj_load\n",
        encoding="utf-8",
    )
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "medborger.forbidden -> ishoj.seed" in result.stdout


def test_no_app_reaches_another_apps_models_by_name_or_reflection():
    """Lower apps get higher apps' figures through hooks (`process.hooks`), not model lookups."""
    patterns = ["apps.get_model(", 'getattr(process, "events"', '_meta.get_field("events")']
    offenders = [
        f"{path.relative_to(ROOT)}: {pattern}"
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for pattern in patterns
        if pattern in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
