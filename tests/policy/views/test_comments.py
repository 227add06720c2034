from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy import services
from policy.models import Comment, CommentReport
from tests.policy.factories import CommentFactory

pytestmark = pytest.mark.django_db


def _url(section, number=1):
    return reverse(
        "policy:section-comments",
        kwargs={"policy": "medborgerpolitik", "number": number, "key": section.key},
    )


def test_anonymous_reader_comments_confirms_by_email_and_sees_it_published(
    client, first_section, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(first_section),
            {"body": "Husk foreningerne!", "name": "Ali Hassan", "email": "ali@example.org"},
        )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.UNCONFIRMED
    assert "Husk foreningerne!" not in client.get(_url(first_section)).content.decode()
    (message,) = mail.outbox
    link = next(line for line in message.body.splitlines() if "/kommentar/bekraeft/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    confirm_page = client.get("/" + path)
    assert confirm_page.status_code == 200
    assert Comment.objects.get().status == Comment.Status.UNCONFIRMED  # GET does not confirm
    response = client.post("/" + path)
    assert response.status_code == 302
    page = client.get(_url(first_section)).content.decode()
    assert "Husk foreningerne!" in page
    assert "Ali Hassan" in page
    assert "ali@example.org" not in page


def test_unknown_confirmation_link_is_404(client, version_one):
    assert client.get("/kommentar/bekraeft/nonsense/").status_code == 404
    assert client.post("/kommentar/bekraeft/nonsense/").status_code == 404


def test_signed_in_reader_comments_without_name_or_email(client, citizen, first_section):
    client.force_login(citizen)
    response = client.post(_url(first_section), {"body": "Godt afsnit"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.author == citizen
    assert comment.status == Comment.Status.PUBLISHED


def test_held_comment_is_not_shown_until_moderated(client, citizen, first_section):
    policy = first_section.version.policy
    policy.moderate_comments = True
    policy.save()
    client.force_login(citizen)
    client.post(_url(first_section), {"body": "Vent på mig"})
    assert "Vent på mig" not in client.get(_url(first_section)).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"body": "", "name": "Ali", "email": "ali@example.org"},
        {"body": "   \u200b\x00 ", "name": "Ali", "email": "ali@example.org"},
        # A right-to-left override turns the text around: refused, as in every form.
        {"body": "Hej \u202e tekst", "name": "Ali", "email": "ali@example.org"},
        {"body": "x" * 4001, "name": "Ali", "email": "ali@example.org"},
        {"body": "Hej", "name": "", "email": "ali@example.org"},
        {"body": "Hej", "name": "Ali", "email": "ikke-en-adresse"},
        {"body": "Hej", "name": "A" * 500, "email": "ali@example.org"},
        {"body": "Hej", "name": "Ali", "email": "ali@example.org", "website": "http://spam"},
    ],
)
def test_bad_comment_input_is_refused_next_to_the_field_and_nothing_saved(
    client, first_section, data
):
    response = client.post(_url(first_section), data)
    assert response.status_code == 400
    assert (
        'class="form-error-message"' in response.content.decode() or response.context["form"].errors
    )
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert('x')</script>",
        "<b onmouseover=alert(1)>hej</b>",
        "Emoji 🙂 og arabisk مرحبا tekst og kombinerende a\u0301",
        "Ææ Øø Åå",
    ],
)
def test_html_and_odd_unicode_are_kept_as_text_and_never_run(client, citizen, first_section, body):
    client.force_login(citizen)
    response = client.post(_url(first_section), {"body": body})
    assert response.status_code == 302
    page = client.get(_url(first_section)).content.decode()
    assert "<script>alert" not in page
    assert "<b onmouseover" not in page


def test_error_messages_are_in_english_under_en(client, first_section):
    response = client.post("/en" + _url(first_section), {"body": "", "name": "", "email": "x"})
    assert "This field is required." in response.content.decode()


def test_closed_version_shows_comments_but_no_form(
    client, version_one, first_section, draft, coordinator
):
    CommentFactory(section=first_section, body="Gammel kommentar")
    services.draft_publish(draft=draft, label="2", change_note="x", user=coordinator)
    response = client.get(_url(first_section))
    assert response.context["form"] is None
    html = response.content.decode()
    assert "Gammel kommentar" in html
    assert "<textarea" not in html
    response = client.post(_url(first_section), {"body": "Hej", "name": "A", "email": "a@b.dk"})
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_policy_with_comments_closed_shows_no_form(client, first_section):
    policy = first_section.version.policy
    policy.comments_open = False
    policy.save()
    assert client.get(_url(first_section)).context["form"] is None


def test_email_addresses_never_appear_on_public_pages(client, version_one, first_section):
    CommentFactory(section=first_section, email="hemmelig@example.org", reply="Svar")
    pages = [
        version_one.get_absolute_url(),
        _url(first_section),
        reverse("policy:search", kwargs={"policy": "medborgerpolitik"}) + "?q=afsnittet",
    ]
    for url in pages:
        assert "hemmelig@example.org" not in client.get(url).content.decode()


def test_official_reply_is_shown_with_a_badge_that_comment_text_cannot_fake(client, first_section):
    CommentFactory(
        section=first_section, body='<span class="badge badge-official">Officielt svar</span>'
    )
    CommentFactory(section=first_section, reply="Vi tager det med.")
    html = client.get(_url(first_section)).content.decode()
    assert html.count('class="badge badge-official"') == 1
    assert "Vi tager det med." in html


def test_reader_reports_a_comment(client, first_section):
    comment = CommentFactory(section=first_section)
    url = reverse("policy:comment-report", kwargs={"comment_id": comment.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Personangreb"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.open_reports == 1
    assert CommentReport.objects.get().reason == "Personangreb"


@pytest.mark.parametrize(
    "data", [{"reason": ""}, {"reason": "x" * 501}, {"reason": "spam", "website": "x"}]
)
def test_bad_report_is_refused(client, first_section, data):
    comment = CommentFactory(section=first_section)
    response = client.post(
        reverse("policy:comment-report", kwargs={"comment_id": comment.pk}), data
    )
    assert response.status_code == 400
    assert CommentReport.objects.count() == 0


def test_hidden_comment_cannot_be_reported(client, first_section):
    comment = CommentFactory(section=first_section, status=Comment.Status.HIDDEN)
    url = reverse("policy:comment-report", kwargs={"comment_id": comment.pk})
    assert client.get(url).status_code == 404


def test_comment_form_is_rate_limited_with_a_clear_page(client, first_section, settings):
    for _ in range(10):
        client.post(_url(first_section), {"body": "", "name": "", "email": ""})
    response = client.post(_url(first_section), {"body": "Hej", "name": "A", "email": "a@b.dk"})
    assert response.status_code == 429
    assert Comment.objects.count() == 0


def test_report_form_is_rate_limited(client, first_section):
    comment = CommentFactory(section=first_section)
    url = reverse("policy:comment-report", kwargs={"comment_id": comment.pk})
    for _ in range(5):
        client.post(url, {"reason": ""})
    assert client.post(url, {"reason": "spam"}).status_code == 429


def test_unknown_section_key_is_404(client, version_one):
    url = reverse(
        "policy:section-comments",
        kwargs={"policy": "medborgerpolitik", "number": 1, "key": "not-a-uuid"},
    )
    assert client.get(url).status_code == 404


def test_comments_on_earlier_versions_follow_the_section_by_key(
    client, version_one, first_section, draft, coordinator
):
    CommentFactory(section=first_section, body="Kommentar til version 1")
    v2 = services.draft_publish(draft=draft, label="2", change_note="x", user=coordinator)
    same = v2.sections.get(key=first_section.key)
    page = client.get(_url(same, number=2))
    assert [c.body for c in page.context["earlier"]] == ["Kommentar til version 1"]
    assert page.context["page"].paginator.count == 0
    version_page = client.get(v2.get_absolute_url())
    first = version_page.context["all_sections"][0]
    assert first.earlier_count == 1


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    body=st.text(max_size=300),
    name=st.text(max_size=150),
    email=st.one_of(st.emails(), st.text(max_size=80)),
)
def test_any_comment_input_gives_a_redirect_or_a_form_error_never_a_500(
    client, first_section, body, name, email
):
    from django.core.cache import cache

    cache.clear()  # keep the rate limit out of the way
    response = client.post(_url(first_section), {"body": body, "name": name, "email": email})
    assert response.status_code in {302, 400}


def test_signed_in_reader_without_a_name_gives_one_and_the_email_is_never_shown(
    client, first_section
):
    from tests.conftest import make_account

    user = make_account("uden.navn@example.org", first_name="", last_name="")
    client.force_login(user)
    page = client.get(_url(first_section))
    assert "name" in page.context["form"].fields
    assert "email" not in page.context["form"].fields
    assert client.post(_url(first_section), {"body": "Hej"}).status_code == 400
    client.post(_url(first_section), {"body": "Hej", "name": "Sara"})
    comment = Comment.objects.get()
    assert comment.author == user
    assert comment.author_name == "Sara"
    client.logout()
    assert (
        "uden.navn@example.org"
        not in client.get("/politik/medborgerpolitik/version/1/").content.decode()
    )


def test_a_too_long_comment_is_refused_next_to_the_field_and_nothing_typed_is_lost(
    client, first_section
):
    """Sent without the browser's limit (as a paste into a form without maxlength is)."""
    body = "Ord " * 1012 + "slut"  # 4,052 characters
    response = client.post(
        _url(first_section), {"body": body, "name": "Ali Hassan", "email": "ali@example.org"}
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()
    html = response.content.decode()
    message = "Kommentaren er 4052 tegn lang; grænsen er 4000."
    field = html.split('<div class="form-group form-limit form-error"', 1)[1]
    field = field.split("</textarea>", 1)[0]
    assert message in field
    assert body.strip() in field  # the textarea gives back every word
    summary = html.split('data-module="error-summary"', 1)[1].split("</div>", 1)[0]
    assert f'href="#id_comment_body">Din kommentar: {message}' in summary


def test_the_comment_field_states_its_limit_and_has_no_maxlength_that_cuts_text(
    client, first_section
):
    html = client.get(_url(first_section)).content.decode()
    textarea = html.split('<textarea name="body"', 1)[1].split(">", 1)[0]
    assert "maxlength" not in textarea
    assert 'aria-describedby="id_body_helptext id_body_limit"' in textarea
    group = html.split('<div class="form-group form-limit" data-maxlength="4000"', 1)[1]
    group = group.split('aria-live="polite"', 1)[0]
    assert '<span class="sr-only" id="id_body_limit">Du kan skrive op til 4.000 tegn.' in group
    assert 'data-characters-remaining="Du har {value} tegn tilbage"' in html
    english = client.get("/en" + _url(first_section)).content.decode()
    assert "You can write up to 4,000 characters." in english


def test_a_comment_at_the_limit_with_line_breaks_is_accepted(client, first_section):
    """Browsers count a line break as one character and send it as two (CR LF)."""
    body = ("x" * 99 + "\r\n") * 39 + "x" * 100  # 4,000 characters counted as a reader counts
    response = client.post(
        _url(first_section), {"body": body, "name": "Ali Hassan", "email": "ali@example.org"}
    )
    assert response.status_code == 302
    assert len(Comment.objects.get().body) == 4000
