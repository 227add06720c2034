import pytest
from django.core.exceptions import ImproperlyConfigured

from medborger.env import env_bool, env_int, env_list, env_str


def test_a_boolean_that_is_not_true_or_false_is_an_error(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be one of true/false"):
        env_bool("DEBUG", False)


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("False", False), ("1", True), ("off", False)])
def test_booleans_are_read_in_their_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", not expected) is expected


def test_an_unset_or_empty_variable_takes_the_default(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", True) is True
    monkeypatch.setenv("NAME", "  ")
    assert env_str("NAME", "standard") == "standard"


def test_a_number_that_is_not_a_number_is_an_error(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number"):
        env_int("EMAIL_PORT", 587)


def test_a_number_below_the_minimum_is_an_error(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("EMAIL_PORT", 587, minimum=1)


def test_a_list_is_split_on_commas_and_refuses_empty_items(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "medborger.ishoj.dk, www.medborger.ishoj.dk")
    assert env_list("ALLOWED_HOSTS", []) == ["medborger.ishoj.dk", "www.medborger.ishoj.dk"]
    monkeypatch.setenv("ALLOWED_HOSTS", "a.dk,,b.dk")
    with pytest.raises(ImproperlyConfigured, match="without empty items"):
        env_list("ALLOWED_HOSTS", [])
