"""The link to one's own data goes to any address typed in: at most a few an hour to one
address, from any number of senders, with the same page every time."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from medborger.mailcap import MAILS_PER_ADDRESS_PER_HOUR

pytestmark = pytest.mark.django_db


def test_my_data_links_to_one_address_stop_after_a_few_an_hour_whatever_the_sender(client):
    pages = []
    for n in range(MAILS_PER_ADDRESS_PER_HOUR + 2):
        response = client.post(
            reverse("privacy:link-create"),
            {"email": "offer@example.org", "website": ""},
            REMOTE_ADDR=f"198.51.100.{n + 1}",
            follow=True,
        )
        assert response.status_code == 200
        pages.append(response.content.decode())
    assert len(mail.outbox) == MAILS_PER_ADDRESS_PER_HOUR
    # The page says the same whether or not the e-mail went out.
    assert len({page.count("offer@example.org") for page in pages}) == 1
    client.post(
        reverse("privacy:link-create"),
        {"email": "ida@example.org", "website": ""},
        REMOTE_ADDR="198.51.100.99",
    )
    assert mail.outbox[-1].to == ["ida@example.org"]
