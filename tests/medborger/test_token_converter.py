"""One path converter for the secret tokens in links sent by e-mail (medborger.converters)."""

from __future__ import annotations

import secrets

import pytest
from django.urls import Resolver404, resolve, reverse

from privacy.services import gdpr_token_make

TOKEN_URLS = [
    ("policy:comment-confirm", "token"),
    ("engagement:registration-manage", "token"),
    ("engagement:registration-cancel", "token"),
    ("engagement:invitation-detail", "token"),
    ("hearing:receipt-detail", "tracking"),
    ("privacy:data-detail", "token"),
    ("privacy:data-export", "token"),
    ("privacy:data-delete", "token"),
]


@pytest.mark.parametrize(("name", "kwarg"), TOKEN_URLS)
def test_every_kind_of_token_the_portal_mails_resolves(name, kwarg):
    for token in (
        secrets.token_urlsafe(32),
        gdpr_token_make(email="bente@example.org"),
        "H-2026-7K3M9QXA",
    ):
        url = reverse(name, kwargs={kwarg: token})
        match = resolve(url)
        assert f"{match.namespace}:{match.url_name}" == name
        assert match.kwargs[kwarg] == token


@pytest.mark.parametrize(("name", "kwarg"), TOKEN_URLS)
@pytest.mark.parametrize("bad", ["abc def", "abc'", "<script>", "a%22b", "æøå"])
def test_a_token_with_a_stray_character_is_not_found(name, kwarg, bad):
    url = reverse(name, kwargs={kwarg: "placeholder"}).replace("placeholder", bad)
    with pytest.raises(Resolver404):
        resolve(url)
