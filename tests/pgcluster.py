"""A throw-away PostgreSQL server of the tests' own, which they may stop and start at will.

The fault tests stop the database in the middle of traffic. They must never stop the server the
rest of the suite (or anything else on the machine) runs on, so they get a cluster of their own:
`initdb` into a temporary folder, a free port on 127.0.0.1, no Unix socket anywhere shared, and
everything removed at the end. It needs the PostgreSQL server programs (Debian's `postgresql`
package, which `./portal test` installs); PostgreSQL refuses to run as root, so as root the
cluster runs as the `postgres` system user.
"""

# ruff: noqa: S603 - fixed PostgreSQL programs with arguments of our own, loopback only

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bindir() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if not candidates:
        raise RuntimeError(
            "PostgreSQL's server programs (initdb, pg_ctl) are missing: "
            "install Debian's `postgresql` package (./portal test does)."
        )
    return Path(candidates[-1]).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """One PostgreSQL cluster in a temporary folder, listening on 127.0.0.1:`port` only."""

    def __init__(self) -> None:
        self.bindir = _bindir()
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="medborger-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.user = "postgres"
        # PostgreSQL will not run as root: then the cluster belongs to the postgres system user.
        self._run_as: list[str] = []
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.folder, account.pw_uid, account.pw_gid)
            self._run_as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str, timeout: float = 120) -> None:
        subprocess.run(
            [*self._run_as, *args], check=True, capture_output=True, text=True, timeout=timeout
        )

    def init(self) -> Cluster:
        self._run(
            str(self.bindir / "initdb"),
            "--pgdata",
            str(self.data),
            "--username",
            self.user,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        settings = "\n".join(
            [
                "listen_addresses = '127.0.0.1'",
                f"port = {self.port}",
                f"unix_socket_directories = '{self.folder}'",
                "max_connections = 60",
                "shared_buffers = 32MB",
                # Fault tests must see a real commit: keep fsync and synchronous_commit on.
                "fsync = on",
                "synchronous_commit = on",
                "log_min_messages = warning",
                "",
            ]
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(settings)
        return self

    def start(self) -> None:
        self._run(
            str(self.bindir / "pg_ctl"),
            "--pgdata",
            str(self.data),
            "--log",
            str(self.log),
            "--wait",
            "--timeout=60",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: `fast` ends every session and shuts down cleanly; `immediate` kills
        it as a crash would, so the next start recovers from the write-ahead log."""
        self._run(
            str(self.bindir / "pg_ctl"),
            "--pgdata",
            str(self.data),
            "--mode",
            mode,
            "--wait",
            "--timeout=60",
            "stop",
        )

    def is_running(self) -> bool:
        result = subprocess.run(
            [*self._run_as, str(self.bindir / "pg_ctl"), "--pgdata", str(self.data), "status"],
            capture_output=True,
            check=False,
        )
        return result.returncode == 0

    def url(self, database: str) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=self.user,
            dbname=database,
            connect_timeout=10,
            autocommit=True,
        )

    def create_database(self, name: str, *, template: str | None = None) -> str:
        from psycopg import sql

        conn = self.connect()
        try:
            with conn.cursor() as cursor:
                query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
                if template:
                    query += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
                cursor.execute(query)
                if template:
                    # A copied sequence page keeps the template's prefetch count, and nextval()
                    # writes no WAL until that is used up unless a checkpoint came since: after
                    # a crash the copy's sequences would go back and hand out ids already taken
                    # (a 500 on a duplicate primary key, found by the fault test's logs).
                    cursor.execute("CHECKPOINT")
        finally:
            conn.close()
        return self.url(name)

    def wait_until_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                self.connect().close()
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def destroy(self) -> None:
        if self.data.exists() and self.is_running():
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
