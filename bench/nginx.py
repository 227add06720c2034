"""Run the repository's own nginx configuration (deploy/nginx/medborger.conf) on loopback.

The deployment file is used as it is shipped; only the lines a municipality changes for its own
machines (marked CHANGE in the file) are replaced: the listening address, the app servers and
the cache folder. Each replacement must match exactly once, so a change to the shipped file that
these tests no longer exercise fails loudly instead of being tested in an edited form.
"""

# ruff: noqa: S603 - nginx with fixed arguments

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx" / "medborger.conf"

LISTEN = "    listen 80;\n"
UPSTREAM = "    server 127.0.0.1:8000 max_fails=3 fail_timeout=10s;\n"
CACHE_FOLDER = "/var/cache/nginx/medborger"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        raise RuntimeError("nginx is not installed (./portal test installs Debian's nginx).")
    return found


def _replace_once(text: str, old: str, new: str) -> str:
    count = text.count(old)
    if count != 1:
        raise AssertionError(f"deploy/nginx/medborger.conf: expected {old!r} once, found {count}")
    return text.replace(old, new)


def site_config(*, port: int, upstreams: list[int], cache: Path) -> str:
    """The shipped site file with this machine's listening port, app servers and cache folder."""
    text = SITE.read_text()
    text = _replace_once(text, LISTEN, f"    listen 127.0.0.1:{port};\n")
    servers = "".join(
        f"    server 127.0.0.1:{upstream} max_fails=3 fail_timeout=10s;\n" for upstream in upstreams
    )
    text = _replace_once(text, UPSTREAM, servers)
    return _replace_once(text, CACHE_FOLDER, str(cache))


def main_config(*, work: Path, site: Path) -> str:
    """The `nginx.conf` around the site file: what Debian's own nginx.conf provides."""
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {work / kind};" for kind in ("client_body", "proxy", "fastcgi")
    )
    return f"""{user}worker_processes 1;
pid {work / "nginx.pid"};
error_log {work / "error.log"} warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    uwsgi_temp_path {work / "uwsgi"};
    scgi_temp_path {work / "scgi"};
{temp}
    include {site};
}}
"""


@dataclass
class Nginx:
    """nginx on 127.0.0.1:`port` in front of gunicorn on the `upstreams` ports."""

    work: Path
    upstreams: list[int]
    port: int = 0
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Nginx:
        self.work.mkdir(parents=True, exist_ok=True)
        if not self.port:
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                self.port = sock.getsockname()[1]
        site = self.work / "medborger.conf"
        site.write_text(
            site_config(port=self.port, upstreams=self.upstreams, cache=self.work / "cache")
        )
        main = self.work / "nginx.conf"
        main.write_text(main_config(work=self.work, site=site))
        binary = nginx_binary()
        check = subprocess.run(
            [binary, "-t", "-q", "-p", str(self.work), "-c", str(main)],
            capture_output=True,
            text=True,
        )
        if check.returncode != 0:
            raise RuntimeError(f"nginx rejected the configuration:\n{check.stderr}")
        self.process = subprocess.Popen([binary, "-p", str(self.work), "-c", str(main)])
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx stopped: {self.errors()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"nginx did not listen on {self.port}: {self.errors()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def errors(self) -> str:
        log = self.work / "error.log"
        return log.read_text() if log.exists() else ""
