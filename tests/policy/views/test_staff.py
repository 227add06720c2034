from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from policy import services
from policy.models import Comment, PolicyVersion, Section
from tests.conftest import PERSONAS
from tests.factories import ThemeFactory
from tests.policy.factories import CommentFactory

pytestmark = pytest.mark.django_db

ALL = [*PERSONAS, "admin_user"]
EDITORS = {"coordinator", "admin_user"}
MODERATORS = {"project_member", "steering_member", "coordinator", "admin_user"}
EXPORTERS = MODERATORS


def _login(as_persona, request, name):
    if name == "admin_user":
        client = request.getfixturevalue("client")
        client.force_login(request.getfixturevalue("admin_user"))
        return client
    return as_persona(name)[0]


def _expect(response, persona, allowed, ok=200):
    if persona == "anonymous":
        assert response.status_code == 302
        assert "/konto/login/" in response["Location"]
    elif persona in allowed:
        assert response.status_code == ok, response.status_code
    else:
        assert response.status_code == 403


@pytest.fixture
def comment(first_section, citizen):
    return CommentFactory(section=first_section, author=citizen, author_name="Bente Borger")


@pytest.mark.parametrize("persona", ALL)
def test_permission_matrix_drafting(as_persona, request, persona, draft):
    client = _login(as_persona, request, persona)
    section = draft.sections.first()
    _expect(client.get("/styring/politik/medborgerpolitik/udkast/"), persona, EDITORS)
    _expect(client.get("/styring/politik/medborgerpolitik/udkast/afsnit/ny/"), persona, EDITORS)
    _expect(client.get("/styring/politik/medborgerpolitik/udkast/sammenlign/"), persona, EDITORS)
    response = client.post(
        f"/styring/politik/medborgerpolitik/udkast/afsnit/{section.key}/",
        {"heading": "Ny overskrift", "body": "Ny tekst", "theme": ""},
    )
    _expect(response, persona, EDITORS, ok=302)
    section.refresh_from_db()
    assert (section.heading == "Ny overskrift") == (persona in EDITORS)


@pytest.mark.parametrize("persona", ALL)
def test_permission_matrix_publishing(as_persona, request, persona, draft):
    client = _login(as_persona, request, persona)
    url = "/styring/politik/medborgerpolitik/udkast/offentliggoer/"
    _expect(client.get(url), persona, EDITORS)
    response = client.post(url, {"label": "Høringsudkast", "change_note": "Nyt"})
    _expect(response, persona, EDITORS, ok=302)
    draft.refresh_from_db()
    assert (draft.status == PolicyVersion.Status.PUBLISHED) == (persona in EDITORS)


@pytest.mark.parametrize("persona", ALL)
def test_permission_matrix_moderating(as_persona, request, persona, comment):
    client = _login(as_persona, request, persona)
    url = "/styring/politik/medborgerpolitik/kommentarer/"
    _expect(client.get(url), persona, MODERATORS)
    response = client.post(
        url + "?vis=alle", {"comments": [comment.pk], "action": "hide", "reason": "Spam"}
    )
    _expect(response, persona, MODERATORS, ok=302)
    comment.refresh_from_db()
    assert (comment.status == Comment.Status.HIDDEN) == (persona in MODERATORS)


@pytest.mark.parametrize("persona", ALL)
def test_permission_matrix_replying(as_persona, request, persona, comment):
    client = _login(as_persona, request, persona)
    url = f"/styring/politik/medborgerpolitik/kommentarer/{comment.pk}/"
    _expect(client.get(url), persona, MODERATORS)
    response = client.post(url, {"reply": "Tak for input", "reply-submit": "1"})
    _expect(response, persona, MODERATORS, ok=302)
    comment.refresh_from_db()
    assert (comment.reply == "Tak for input") == (persona in MODERATORS)


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_permission_matrix_exporting(as_persona, request, persona, fmt, comment):
    client = _login(as_persona, request, persona)
    response = client.get(f"/styring/politik/medborgerpolitik/kommentarer/eksport.{fmt}")
    _expect(response, persona, EXPORTERS)


def test_staff_links_appear_on_the_staff_front_page_for_the_coordinator(client, coordinator):
    client.force_login(coordinator)
    html = client.get("/styring/").content.decode()
    assert "/styring/politik/medborgerpolitik/udkast/" in html
    assert "/styring/politik/medborgerpolitik/kommentarer/" in html


def test_coordinator_starts_a_draft_as_a_copy_of_the_latest_version(
    client, coordinator, version_one
):
    client.force_login(coordinator)
    page = client.get("/styring/politik/medborgerpolitik/udkast/")
    assert page.context["draft"] is None
    response = client.post("/styring/politik/medborgerpolitik/udkast/start/")
    assert response.status_code == 302
    draft = PolicyVersion.objects.drafts().get()
    assert draft.sections.count() == 3


def test_coordinator_previews_markdown_without_saving(client, coordinator, draft):
    client.force_login(coordinator)
    response = client.post(
        "/styring/politik/medborgerpolitik/udkast/afsnit/ny/",
        {"heading": "Nyt", "body": "**fed** <script>x</script>", "preview": "1"},
    )
    assert response.status_code == 200
    assert "<strong>fed</strong>" in str(response.context["preview"])
    assert "<script>" not in str(response.context["preview"])
    assert draft.sections.count() == 3


def test_coordinator_adds_moves_and_deletes_sections(client, coordinator, draft):
    client.force_login(coordinator)
    theme = ThemeFactory(name="Frivillighed", slug="frivillighed")
    response = client.post(
        "/styring/politik/medborgerpolitik/udkast/afsnit/ny/",
        {"heading": "Frivillighed", "body": "Tekst", "theme": theme.pk, "save": "1"},
    )
    assert response.status_code == 302
    new = draft.sections.get(heading="Frivillighed")
    assert new.order == 4 and new.theme == theme
    client.post(
        f"/styring/politik/medborgerpolitik/udkast/afsnit/{new.key}/flyt/", {"direction": "up"}
    )
    new.refresh_from_db()
    assert new.order == 3
    assert (
        client.get(f"/styring/politik/medborgerpolitik/udkast/afsnit/{new.key}/slet/").status_code
        == 200
    )
    client.post(f"/styring/politik/medborgerpolitik/udkast/afsnit/{new.key}/slet/")
    assert not Section.objects.filter(pk=new.pk).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"heading": "", "body": "Tekst"},
        {"heading": "x" * 201, "body": "Tekst"},
        {"heading": "Ok", "body": ""},
        {"heading": "Ok", "body": "x" * 20_001},
        {"heading": "\x00\u200b", "body": "Tekst"},
        {"heading": "Ok", "body": "Tekst", "theme": "999999"},
        {"heading": "Ok", "body": "Tekst", "theme": "<script>"},
    ],
)
def test_bad_section_input_is_refused_and_nothing_saved(client, coordinator, draft, data):
    client.force_login(coordinator)
    response = client.post("/styring/politik/medborgerpolitik/udkast/afsnit/ny/", data)
    assert response.status_code == 400
    assert draft.sections.count() == 3


def test_section_of_published_version_cannot_be_edited_through_the_staff_pages(
    client, coordinator, version_one
):
    client.force_login(coordinator)
    section = version_one.sections.first()
    response = client.get(f"/styring/politik/medborgerpolitik/udkast/afsnit/{section.key}/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"label": "", "change_note": "x"},
        {"label": "x", "change_note": ""},
        {"label": "x" * 121, "change_note": "x"},
    ],
)
def test_publishing_needs_a_label_and_a_change_note(client, coordinator, draft, data):
    client.force_login(coordinator)
    response = client.post("/styring/politik/medborgerpolitik/udkast/offentliggoer/", data)
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.status == PolicyVersion.Status.DRAFT


def test_empty_draft_cannot_be_published(client, coordinator, policy):
    client.force_login(coordinator)
    services.draft_start(policy=policy, user=coordinator)
    response = client.post(
        "/styring/politik/medborgerpolitik/udkast/offentliggoer/",
        {"label": "Tom", "change_note": "Tom"},
    )
    assert response.status_code == 400
    assert not PolicyVersion.objects.published().exists()


def test_coordinator_publishes_version_two_and_is_sent_to_it(client, coordinator, draft):
    client.force_login(coordinator)
    response = client.post(
        "/styring/politik/medborgerpolitik/udkast/offentliggoer/",
        {"label": "Høringsudkast", "change_note": "Nyt afsnit om frivillighed"},
    )
    assert response["Location"] == "/politik/medborgerpolitik/version/2/"


def test_moderator_bulk_publishes_held_comments(client, project_member, first_section):
    a = CommentFactory(section=first_section, status=Comment.Status.PENDING)
    b = CommentFactory(section=first_section, status=Comment.Status.PENDING)
    client.force_login(project_member)
    page = client.get("/styring/politik/medborgerpolitik/kommentarer/")
    assert {c.pk for c in page.context["page"].object_list} == {a.pk, b.pk}
    client.post(
        "/styring/politik/medborgerpolitik/kommentarer/",
        {"comments": [a.pk, b.pk], "action": "publish"},
    )
    assert set(Comment.objects.values_list("status", flat=True)) == {"published"}


def test_hiding_needs_a_reason(client, project_member, first_section):
    a = CommentFactory(section=first_section, status=Comment.Status.PENDING)
    client.force_login(project_member)
    response = client.post(
        "/styring/politik/medborgerpolitik/kommentarer/",
        {"comments": [a.pk], "action": "hide", "reason": ""},
    )
    assert response.status_code == 400
    a.refresh_from_db()
    assert a.status == Comment.Status.PENDING


def test_moderator_cannot_touch_comments_of_another_policy(client, outsider, first_section):
    a = CommentFactory(section=first_section, status=Comment.Status.PENDING)
    client.force_login(outsider)
    response = client.post(
        "/styring/politik/en-anden-politik/kommentarer/", {"comments": [a.pk], "action": "publish"}
    )
    assert response.status_code == 400
    a.refresh_from_db()
    assert a.status == Comment.Status.PENDING
    assert client.get(f"/styring/politik/en-anden-politik/kommentarer/{a.pk}/").status_code == 404


def test_moderation_queue_runs_constant_queries(
    client, project_member, first_section, django_assert_max_num_queries
):
    from tests.policy.factories import bulk_comments

    bulk_comments(first_section, 300, status=Comment.Status.PENDING)
    client.force_login(project_member)
    with django_assert_max_num_queries(12):
        response = client.get("/styring/politik/medborgerpolitik/kommentarer/")
    assert response.status_code == 200


def test_csv_export_has_section_theme_status_dates_and_reply(client, coordinator, comment):
    services.comment_reply(comment=comment, body="=Tak", user=coordinator)
    client.force_login(coordinator)
    response = client.get("/styring/politik/medborgerpolitik/kommentarer/eksport.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["ID", "Version", "Afsnit", "Tema", "Status"]
    assert rows[1][2] == comment.section.heading
    assert rows[1][4] == "Offentliggjort"
    assert rows[1][10] == "'=Tak"  # no formula injection
    assert "@example.org" not in response.content.decode("utf-8-sig")


def test_xlsx_export_opens_with_one_row_per_comment(client, coordinator, comment):
    client.force_login(coordinator)
    response = client.get("/en/styring/politik/medborgerpolitik/kommentarer/eksport.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("ID", "Version", "Section")
    assert len(rows) == 2
    assert rows[1][8] == comment.body


def test_section_edit_through_the_staff_page_is_in_history_with_who(client, coordinator, draft):
    client.force_login(coordinator)
    section = draft.sections.first()
    url = f"/styring/politik/medborgerpolitik/udkast/afsnit/{section.key}/"
    client.post(url, {"heading": "Ændret overskrift", "body": "Ny tekst", "save": "1"})
    latest = section.history.order_by("-history_date").first()
    assert latest.heading == "Ændret overskrift"
    assert latest.history_user == coordinator
    page = client.get(url)
    assert "Karen Ishøj" in page.content.decode()


@pytest.mark.parametrize("persona", ALL)
def test_only_the_coordinator_changes_the_comment_settings(as_persona, request, persona, policy):
    client = _login(as_persona, request, persona)
    response = client.post(
        "/styring/politik/medborgerpolitik/kommentarer/indstillinger/",
        {"comments_open": "on", "moderate_comments": "on"},
    )
    _expect(response, persona, EDITORS, ok=302)
    policy.refresh_from_db()
    assert policy.moderate_comments is (persona in EDITORS)


def test_closing_comments_removes_the_form_at_once(client, coordinator, first_section):
    client.force_login(coordinator)
    url = f"/politik/medborgerpolitik/version/1/afsnit/{first_section.key}/"
    assert client.get(url).context["form"] is not None
    client.post("/styring/politik/medborgerpolitik/kommentarer/indstillinger/", {})
    assert client.get(url).context["form"] is None
    assert "Kommentér" not in client.get("/politik/medborgerpolitik/").content.decode()


def test_coordinator_sees_what_publishing_the_draft_would_change(client, coordinator, draft):
    section = draft.sections.order_by("order").first()
    services.section_update(
        section=section, heading=section.heading, body="Helt ny formulering.", theme=None
    )
    client.force_login(coordinator)
    response = client.get("/styring/politik/medborgerpolitik/udkast/sammenlign/")
    assert response.status_code == 200
    assert response.context["summary"]["changed"] == 1
    assert "Helt ny formulering." in response.content.decode()


@pytest.mark.parametrize("persona", ALL)
def test_permission_matrix_starting_moving_and_deleting(as_persona, request, persona, draft):
    client = _login(as_persona, request, persona)
    first, second, _third = draft.sections.order_by("order")
    base = "/styring/politik/medborgerpolitik/udkast"
    _expect(client.post(f"{base}/start/"), persona, EDITORS, ok=302)
    _expect(
        client.post(f"{base}/afsnit/{second.key}/flyt/", {"direction": "up"}),
        persona,
        EDITORS,
        ok=302,
    )
    second.refresh_from_db()
    assert (second.order == 1) == (persona in EDITORS)
    _expect(client.get(f"{base}/afsnit/{first.key}/slet/"), persona, EDITORS)
    _expect(client.post(f"{base}/afsnit/{first.key}/slet/"), persona, EDITORS, ok=302)
    assert Section.objects.filter(pk=first.pk).exists() is (persona not in EDITORS)


def test_staff_pages_of_an_unknown_policy_are_404_for_the_coordinator(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/styring/politik/findes-ikke/udkast/").status_code == 404
    assert client.get("/styring/politik/findes-ikke/kommentarer/").status_code == 404


def test_each_queue_tab_counts_what_it_lists_reported_comments_included(
    client, project_member, first_section
):
    reported = CommentFactory(section=first_section, open_reports=2)
    CommentFactory(section=first_section, status=Comment.Status.PENDING)
    CommentFactory(section=first_section, status=Comment.Status.HIDDEN, hidden_reason="Spam")
    client.force_login(project_member)
    url = "/styring/politik/medborgerpolitik/kommentarer/"
    html = client.get(url).content.decode()
    for tab, listed in [("venter", 2), ("offentliggjort", 1), ("skjult", 1), ("alle", 3)]:
        count = len(client.get(url, {"vis": tab}).context["page"].object_list)
        assert count == listed
        assert f'?vis={tab}"' in html
        link = html.split(f'?vis={tab}"', 1)[1].split("</li>", 1)[0]
        assert f"({listed})" in link, (tab, link)
    assert reported.pk in {c.pk for c in client.get(url).context["page"].object_list}


def test_the_hide_reason_is_not_labelled_optional_while_hiding_requires_it(
    client, project_member, first_section
):
    comment = CommentFactory(section=first_section, status=Comment.Status.PENDING)
    client.force_login(project_member)
    for url in [
        "/styring/politik/medborgerpolitik/kommentarer/",
        f"/styring/politik/medborgerpolitik/kommentarer/{comment.pk}/",
    ]:
        html = client.get(url).content.decode()
        label = html.split('for="id_reason"', 1)[1].split("</label>", 1)[0]
        assert "Begrundelse for at skjule" in label
        assert "valgfrit" not in label


def test_the_section_editor_shows_the_section_as_published_beside_the_box(
    client, coordinator, draft
):
    client.force_login(coordinator)
    section = draft.sections.order_by("order").first()
    section.body = "Et afsnit med **fed** tekst."
    section.save()
    url = f"/styring/politik/medborgerpolitik/udkast/afsnit/{section.key}/"
    html = client.get(url).content.decode()
    assert "Forhåndsvisning: sådan bliver det offentliggjort" in html
    assert "<strong>fed</strong>" in html
    assert 'data-preview-url="/styring/politik/medborgerpolitik/udkast/forhaandsvisning/"' in html


def test_the_preview_endpoint_renders_what_is_typed_and_saves_nothing(client, coordinator, draft):
    client.force_login(coordinator)
    url = "/styring/politik/medborgerpolitik/udkast/forhaandsvisning/"
    response = client.post(url, {"heading": "Unge", "body": "- én\n- *to*\n\n<b>x</b>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<li><em>to</em></li>" in html and "Unge" in html
    assert "<b>" not in html
    assert draft.sections.filter(heading="Unge").count() == 0
    # Text that breaks the text rule is not rendered at all.
    bad = client.post(url, {"heading": "Unge", "body": "skjult\u200btegn"}).content.decode()
    assert "skjult" not in bad


@pytest.mark.parametrize("persona", ["citizen", "project_member", "steering_member"])
def test_only_the_coordinator_may_ask_for_a_preview(as_persona, persona, draft):
    client, _ = as_persona(persona)
    response = client.post(
        "/styring/politik/medborgerpolitik/udkast/forhaandsvisning/", {"body": "x"}
    )
    assert response.status_code == 403


def test_the_redline_of_two_versions_downloads_as_a_pdf(client, coordinator, draft):
    import pypdf

    section = draft.sections.order_by("order").first()
    services.section_update(
        section=section, heading=section.heading, body="Helt ny tekst om foreninger.", theme=None
    )
    services.draft_publish(draft=draft, label="", change_note="", user=coordinator)
    page = client.get("/politik/medborgerpolitik/sammenlign/1/2/").content.decode()
    assert 'href="/politik/medborgerpolitik/sammenlign/1/2/pdf/"' in page
    response = client.get("/politik/medborgerpolitik/sammenlign/1/2/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "aendringer-v1-v2.pdf" in response["Content-Disposition"]
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "hvad er ændret fra version 1 til version 2" in text
    assert "[tilføjet:]" in text and "foreninger" in text
    assert client.get("/politik/medborgerpolitik/sammenlign/2/1/pdf/").status_code == 302
    assert client.get("/politik/medborgerpolitik/sammenlign/1/9/pdf/").status_code == 404
