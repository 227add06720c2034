"""Run pytest against a throw-away PostgreSQL server: `./portal test --postgres [pytest args]`.

The server is the one the service tests use (tests/pgcluster.py): initdb into a temporary
folder, a free port on 127.0.0.1, trust authentication for the loopback only, and everything
removed when pytest ends. No PostgreSQL needs to be running or configured beforehand.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.pgcluster import Cluster


def main(args: list[str]) -> int:
    cluster = Cluster().init()
    try:
        cluster.start()
        cluster.wait_until_ready()
        env = {**os.environ, "DATABASE_URL": cluster.url("medborger")}
        print(f"PostgreSQL of the tests' own on 127.0.0.1:{cluster.port}", flush=True)
        pytest = Path(sys.executable).with_name("pytest")
        return subprocess.call([str(pytest), *args], env=env)  # noqa: S603 - our own pytest
    finally:
        cluster.destroy()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
