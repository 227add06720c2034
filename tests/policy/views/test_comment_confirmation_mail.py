"""The comment form cannot be used to mail strangers: a name that is more than one line is
refused, and one address gets at most a few confirmation e-mails an hour, from any sender."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.urls import reverse

from medborger.mailcap import MAILS_PER_ADDRESS_PER_HOUR
from policy.models import Comment

pytestmark = pytest.mark.django_db


def _url(section) -> str:
    return reverse(
        "policy:section-comments",
        kwargs={"policy": "medborgerpolitik", "number": 1, "key": section.key},
    )


def test_a_name_with_mail_header_lines_is_refused_next_to_the_field_and_nothing_is_mailed(
    client, first_section, django_capture_on_commit_callbacks
):
    data = {
        "body": "Hej",
        "name": "Eva\r\nBcc: x@y.example\r\nSubject: hi",
        "email": "offer@example.org",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(first_section), data)
    assert response.status_code == 400
    assert response.context["form"].has_error("name", "newline")
    assert "Skriv det på én linje." in response.content.decode()
    assert not Comment.objects.exists()
    assert not mail.outbox


def test_a_name_with_a_line_break_is_refused_in_english_too(client, first_section):
    data = {"body": "Hi", "name": "Eva\nHansen", "email": "eva@example.org"}
    response = client.post("/en" + _url(first_section), data)
    assert response.status_code == 400
    assert "Write this on one line." in response.content.decode()


def test_one_address_gets_a_few_confirmations_an_hour_whatever_the_senders_address(
    client, first_section, django_capture_on_commit_callbacks, caplog
):
    answers = []
    with caplog.at_level(logging.WARNING, logger="medborger.mailcap"):
        for n in range(MAILS_PER_ADDRESS_PER_HOUR + 3):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(
                    _url(first_section),
                    {"body": f"Kommentar {n}", "name": "Eva", "email": "Offer@Example.org"},
                    REMOTE_ADDR=f"198.51.100.{n + 1}",
                    follow=True,
                )
            answers.append(response)
    # Every sender sees the usual answer: the page does not tell whether the address was capped.
    for response in answers:
        assert response.status_code == 200
        assert "Vi har sendt dig en e-mail" in response.content.decode()
    assert len(mail.outbox) == MAILS_PER_ADDRESS_PER_HOUR
    assert {message.to[0].lower() for message in mail.outbox} == {"offer@example.org"}
    capped = [r for r in caplog.records if "comment-confirmation" in r.getMessage()]
    assert len(capped) == 3
    assert all("offer@example.org" not in r.getMessage().lower() for r in capped)
    # Another address is not affected.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url(first_section),
            {"body": "Min egen", "name": "Ida", "email": "ida@example.org"},
            REMOTE_ADDR="198.51.100.99",
        )
    assert mail.outbox[-1].to == ["ida@example.org"]
