"""Fixtures for the deployment tests: the portal served by gunicorn behind the shipped nginx
configuration, several app servers on one database, a Redis server and an S3 emulator of the
tests' own (never the machine's shared services, which another test may be using)."""

# ruff: noqa: S603 - redis-server with fixed arguments

from __future__ import annotations

import contextlib
import secrets
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from bench import common
from bench.nginx import Nginx
from tests.served import new_portal


@contextlib.contextmanager
def running_redis(folder: Path):
    """A Redis server of the caller's own on a free loopback port; its URL while it runs."""
    import redis

    binary = shutil.which("redis-server") or "/usr/sbin/redis-server"
    if not Path(binary).exists():
        raise RuntimeError("redis-server is not installed (./portal test installs it).")
    port = common.free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def unstarted_portal(portal_cluster, work: Path):
    """A new portal (its own database copied from the seeded template) that is not started yet:
    callers adjust `portal.environment` and start as many app servers as they need with
    `portal.start_server()`; all are stopped at the end."""
    cluster, seeded, _ = portal_cluster
    portal = new_portal(cluster, seeded, work, f"portal_{secrets.token_hex(6)}")
    servers: list = []

    def start_server(*, workers: int = 2):
        port = common.free_port()
        servers.append(common.start_gunicorn(portal.environment, port=port, workers=workers))
        return port

    portal.start_server = start_server
    try:
        yield portal
    finally:
        for process in servers:
            common.stop_gunicorn(process)


@pytest.fixture
def portal_database(portal_cluster, tmp_path):
    with unstarted_portal(portal_cluster, tmp_path) as portal:
        yield portal


@pytest.fixture
def nginx(tmp_path):
    """Call with the app servers' ports: the shipped nginx configuration in front of them."""
    started: list[Nginx] = []

    def start(upstreams: list[int]) -> Nginx:
        proxy = Nginx(work=tmp_path / f"nginx{len(started)}", upstreams=upstreams).start()
        started.append(proxy)
        return proxy

    yield start
    for proxy in started:
        proxy.stop()
