"""The portal as it runs in production, for the soak and fault tests: gunicorn processes in front
of a PostgreSQL server of the tests' own (`tests.pgcluster`), spoken to over HTTP on 127.0.0.1.

One migrated database with the small benchmark data set (`bench.dataset.SMALL`) is made once per
test session and used as the template of each test's own database, so that a test which stores
hundreds of responses or stops the server leaves nothing behind for the next one.
"""

# ruff: noqa: S603 - manage.py and bench/dataset.py with fixed arguments

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench import common, dataset
from tests.pgcluster import Cluster

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = "portal_template"


def portal_env(
    database_url: str, *, media: Path, mail: Path, redis_url: str = ""
) -> dict[str, str]:
    """Production settings (DEBUG off) on loopback, mail written to files in `mail`; the cache
    in each worker's memory, or shared in Redis when `redis_url` is given."""
    environment = common.env(database_url)
    environment.update(
        {"MEDIA_ROOT": str(media), "BENCH_MAIL_DIR": str(mail), "REDIS_URL": redis_url}
    )
    return environment


def prepare_template(cluster: Cluster, work: Path) -> dict:
    """Migrate a database and load the small data set into it; return what the seed printed.
    The children have ended when this returns, so the database can serve as a template."""
    url = cluster.create_database(TEMPLATE)
    environment = portal_env(url, media=work / "media", mail=work / "mail")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
        timeout=600,
    )
    return dataset.seed(environment, dataset.SMALL)


@dataclass
class Portal:
    """One running portal: its gunicorn, its own database, its media and mail folders."""

    cluster: Cluster
    database: str
    port: int
    environment: dict[str, str]
    seeded: dict
    mail: Path
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, workers: int = 2) -> None:
        self.process = common.start_gunicorn(self.environment, port=self.port, workers=workers)

    def stop(self) -> None:
        if self.process is not None:
            common.stop_gunicorn(self.process)
            self.process = None

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        conn = self.cluster.connect(self.database)
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            conn.close()

    def manage(self, *args: str) -> str:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.environment,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        ).stdout

    def mails(self) -> list[str]:
        """Every e-mail the portal has sent, as text (Django's file backend, one per file)."""
        if not self.mail.exists():
            return []
        return [path.read_text() for path in sorted(self.mail.iterdir())]


def new_portal(
    cluster: Cluster, seeded: dict, work: Path, name: str, *, redis_url: str = ""
) -> Portal:
    url = cluster.create_database(name, template=TEMPLATE)
    mail = work / "mail"
    return Portal(
        cluster=cluster,
        database=name,
        port=common.free_port(),
        environment=portal_env(url, media=work / "media", mail=mail, redis_url=redis_url),
        seeded=seeded,
        mail=mail,
    )
