"""Run jobs in threads that all start together, each with its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection, connections


def parallel_slots() -> int:
    """How many jobs may talk to the database at once: PostgreSQL takes many real connections
    (it allows 100 by default, and other test runs share the server); SQLite's in-memory test
    database fails a second writer at once, so there the same jobs take turns."""
    return 40 if connection.vendor == "postgresql" else 1


def run_all(jobs: list[Callable[[], object]], *, parallel: int | None = None) -> list:
    """Run each job in its own thread, all released together; return what each returned (or
    the exception it raised)."""
    gate = threading.Event()
    slots = threading.BoundedSemaphore(parallel or parallel_slots())
    results: list = [None] * len(jobs)

    def worker(index: int, job: Callable[[], object]) -> None:
        gate.wait()
        with slots:
            try:
                results[index] = job()
            except Exception as error:
                results[index] = error
            finally:
                connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    gate.set()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results
