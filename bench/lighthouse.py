"""Lighthouse (npm, offline) accessibility and best-practices scores for three public pages.

    .venv/bin/python bench/lighthouse.py [--database-url URL] [--port 8191] [--out DIR]

It loads the Ishøj data into a fresh SQLite file (or the PostgreSQL database you give, which it
migrates), serves the portal with gunicorn on 127.0.0.1 with DEBUG off, and runs Lighthouse on
the front page, the version page and the event page, in Danish and English, with Debian's
Chromium. It prints a
Markdown table of the scores and every audit below full marks, writes the JSON reports to the
output folder, and stops gunicorn when done. Lighthouse is slow (about 13 s a page), so it is
not part of the test suite. `bench/run.py` runs the same audit on its large data set and records
the scores in docs/benchmarks.md.
"""

# ruff: noqa: S603 - the script starts known programs (manage.py, gunicorn, lighthouse)

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Lighthouse is fetched by npx on first use (pinned), not installed with the project: it pulls in
# some 200 MB of packages that neither the portal nor its test suite needs.
LIGHTHOUSE = ["npx", "--yes", "lighthouse@12.8.2"]
CATEGORIES = ("accessibility", "best-practices")


def _env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.bench_settings",
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": "lighthouse-only-secret-key-not-used-anywhere-else-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    run = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return run.stdout


def _pages(env: dict[str, str]) -> list[tuple[str, str]]:
    event = (
        _manage(
            env,
            "shell",
            "-v",
            "0",
            "-c",
            "from engagement.models import Event; "
            "print(Event.objects.get(kind=Event.Kind.CITIZEN_MEETING).get_absolute_url())",
        )
        .strip()
        .splitlines()[-1]
    )
    pages = [
        ("Front page", "/"),
        ("Version page", "/politik/medborgerpolitik/"),
        ("Event page", event),
    ]
    return [
        (f"{name} ({lang})", prefix + path)
        for prefix, lang in (("", "da"), ("/en", "en"))
        for name, path in pages
    ]


def _wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback only
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer at {url}")


def _lighthouse(url: str, report: Path) -> dict:
    env = dict(os.environ)
    env["CHROME_PATH"] = env.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    subprocess.run(
        [
            *LIGHTHOUSE,
            url,
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env=env,
        check=True,
    )
    return json.loads(report.read_text())


def _shortfalls(result: dict) -> list[str]:
    """Every scored audit of the two categories that did not get full marks."""
    lines = []
    for category in CATEGORIES:
        for ref in result["categories"][category]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") not in (None, 1):
                lines.append(f"{category}: {audit['id']} – {audit['title']}")
    return lines


def audit(base: str, pages: list[tuple[str, str]], out: Path) -> dict:
    """Run Lighthouse on each (name, path) of the portal at `base`; JSON reports go to `out`.
    Returns the table rows (name, path, accessibility, best practices), every audit below full
    marks, and the Lighthouse and browser versions."""
    out.mkdir(parents=True, exist_ok=True)
    rows, notes, result = [], [], {}
    for name, path in pages:
        slug = name.lower().replace(" ", "-").replace("(", "").replace(")", "")
        result = _lighthouse(base + path, out / f"{slug}.json")
        scores = [round(result["categories"][c]["score"] * 100) for c in CATEGORIES]
        rows.append((name, path, scores[0], scores[1]))
        notes += [f"{name}: {line}" for line in _shortfalls(result)]
    return {
        "rows": rows,
        "notes": notes,
        "version": result.get("lighthouseVersion", "?"),
        "browser": result.get("environment", {}).get("hostUserAgent", "?"),
    }


def table(found: dict) -> list[str]:
    lines = ["| Page | Path | Accessibility | Best practices |", "|---|---|---:|---:|"]
    lines += [f"| {name} | `{path}` | {a} | {b} |" for name, path, a, b in found["rows"]]
    return lines


def available() -> str:
    """Why Lighthouse cannot run here, or an empty string when it can."""
    if shutil.which("npx") is None:
        return "npx (Node.js) is not installed"
    if not (os.environ.get("CHROME_PATH") or shutil.which("chromium")):
        return "Chromium is not installed (apt-get install chromium)"
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--port", type=int, default=8191)
    parser.add_argument("--out", default="", help="folder for the JSON reports")
    args = parser.parse_args()
    missing = available()
    if missing:
        raise SystemExit(f"Lighthouse cannot run: {missing}.")
    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    out = Path(args.out) if args.out else work
    env = _env(args.database_url or f"sqlite:///{work / 'lighthouse.sqlite3'}")
    _manage(env, "migrate", "--no-input", "-v", "0")
    _manage(env, "load_ishoj")
    pages = _pages(env)
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "medborger.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            "2",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        _wait_for(base + "/sundhed/")
        found = audit(base, pages, out)
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(f"Lighthouse {found['version']}, {found['browser']}\n")
    print("\n".join(table(found)))
    print("\nBelow full marks:\n" + "\n".join(f"- {n}" for n in found["notes"] or ["nothing"]))
    print(f"\nJSON reports: {out}")


if __name__ == "__main__":
    main()
