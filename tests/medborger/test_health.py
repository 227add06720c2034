from unittest import mock

import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_health_answers_200_when_the_database_answers(client):
    response = client.get("/sundhed/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_answers_503_when_the_database_does_not(client):
    with mock.patch("medborger.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/sundhed/")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.django_db
def test_health_refuses_post(client):
    assert client.post("/sundhed/").status_code == 405
