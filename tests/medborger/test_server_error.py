"""The 500 handler tells an outage from a bug: a lost database gives the 503 page, whatever
class of DatabaseError the driver raised at that moment; a bug gives the 500 page. And the
portal as the service tests run it writes the exception behind any 5xx to its output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, IntegrityError, OperationalError, ProgrammingError
from django.db.transaction import TransactionManagementError
from django.test import RequestFactory

from bench import common
from medborger import views

ROOT = Path(__file__).resolve().parents[2]


def _handle(error: Exception, *, database_up: bool):
    request = RequestFactory().get("/hoering/medborgerpolitik/")
    request.user = AnonymousUser()
    probe = mock.patch.object(
        views.connection, "cursor", side_effect=None if database_up else OperationalError("down")
    )
    with probe:
        try:
            raise error
        except Exception:
            return views.server_error(request)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error",
    [
        # What psycopg2 raises when the server dies in the middle of a result.
        DatabaseError("error with status PGRES_TUPLES_OK and no message from the libpq"),
        # A query after the connection was lost inside a transaction.
        TransactionManagementError("An error occurred in the current transaction."),
        ProgrammingError("the connection is gone"),
    ],
    ids=["bare DatabaseError", "broken transaction", "ProgrammingError"],
)
def test_a_database_error_gives_the_503_page_when_the_database_is_down_and_500_otherwise(
    error,
):
    response = _handle(error, database_up=False)
    assert response.status_code == 503
    assert response["Retry-After"] == str(views.DATABASE_RETRY_AFTER_SECONDS)
    assert "Portalen er midlertidigt utilgængelig" in response.content.decode()
    # The same error while the database answers is a bug in the portal: the 500 page.
    assert _handle(error, database_up=True).status_code == 500
    # A refused row is never an outage, whatever the database does next.
    assert _handle(IntegrityError("duplicate key"), database_up=False).status_code == 500


def test_the_served_portal_writes_the_exception_behind_a_500_to_its_output():
    """The service tests run gunicorn with bench/bench_settings.py; its stderr is the test's."""
    code = (
        "import django; django.setup()\n"
        "from unittest import mock\n"
        "from django.test import Client\n"
        "from medborger import views\n"
        "boom = RuntimeError('diagnose-me')\n"
        "with mock.patch.object(views.connection, 'cursor', side_effect=boom):\n"
        "    client = Client(raise_request_exception=False)\n"
        "    print(client.get('/sundhed/').status_code)\n"
    )
    env = common.env("sqlite:///:memory:")
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed snippet
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "500"
    assert "Internal Server Error: /sundhed/" in result.stderr
    assert "Traceback" in result.stderr
    assert "RuntimeError: diagnose-me" in result.stderr
