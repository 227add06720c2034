"""The coordinator updates a milestone on the board and records a handling; the public sees it."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from playwright.sync_api import expect

from process.models import Milestone, Process
from tests.e2e.conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ishoj(transactional_db) -> Process:
    call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())
    return Process.objects.get(policy__slug="medborgerpolitik")


@pytest.mark.parametrize(
    ("prefix", "texts"),
    [
        (
            "",
            {
                "save": "Gem ændringer",
                "record": "Registrér en behandling",
                "body": "Organ",
                "meeting": "Mødedato",
                "agenda": "Dagsordenspunktets titel",
                "version": "Version på dagsordenen",
                "decision": "Beslutning",
                "save_handling": "Gem behandling",
                "approved": "Godkendt",
                "handlings": "Behandlinger",
                "members": "Medlemmer og roller",
                "past": "Afsluttet",
            },
        ),
        (
            "/en",
            {
                "save": "Save changes",
                "record": "Record a handling",
                "body": "Decision body",
                "meeting": "Meeting date",
                "agenda": "Agenda item title",
                "version": "Version on the agenda",
                "decision": "Decision",
                "save_handling": "Save handling",
                "approved": "Approved",
                "handlings": "Handlings",
                "members": "Members and roles",
                "past": "Done",
            },
        ),
    ],
)
def test_coordinator_updates_a_milestone_and_records_a_handling(
    page, live_server, ishoj, prefix, texts
):
    coordinator = ishoj.memberships.get(group="coordinator").user
    coordinator.email = "jeanet@ishoj.dk"
    coordinator.set_password("korrekt-hest-batteri")
    coordinator.save()
    EmailAddress.objects.create(
        user=coordinator, email=coordinator.email, verified=True, primary=True
    )
    workshop = ishoj.milestones.get(kind=Milestone.Kind.STAFF_WORKSHOP)

    # The coordinator opens the board, is sent to the login form, logs in and lands on the board.
    page.goto(f"{live_server.url}{prefix}/styring/proces/medborgerpolitik/")
    page.locator("input[name=login]").fill("jeanet@ishoj.dk")
    page.locator("input[name=password]").fill("korrekt-hest-batteri")
    page.locator("form[action*='login'] [type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}{prefix}/styring/proces/medborgerpolitik/")
    expect(page.locator(".board-row")).to_have_count(8)
    axe_check(page, context=f"board ({prefix or 'da'})")

    row = page.locator(f"#milestone-{workshop.pk}")
    row.locator(f"#id_m{workshop.pk}-done_on").fill(workshop.planned_date.isoformat())
    page.get_by_role("button", name=texts["save"]).click()
    expect(page.locator(".alert-success")).to_be_visible()
    workshop.refresh_from_db()
    assert workshop.done_on == workshop.planned_date

    page.get_by_role("link", name=texts["handlings"], exact=True).click()
    axe_check(page, context=f"handling list ({prefix or 'da'})")
    page.get_by_role("link", name=texts["record"]).click()
    axe_check(page, context=f"handling form ({prefix or 'da'})")
    page.get_by_label(texts["body"]).select_option(label="Fagudvalget")
    page.get_by_label(texts["meeting"]).fill("2027-05-12")
    page.get_by_label(texts["agenda"]).fill("Medborgerpolitik, version 1")
    page.get_by_label(texts["version"]).select_option(index=1)
    page.locator("#id_decision").select_option(value="approved")
    page.get_by_role("button", name=texts["save_handling"]).click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_role("cell", name="Fagudvalget")).to_be_visible()

    page.get_by_role("link", name=texts["members"]).click()
    axe_check(page, context=f"members ({prefix or 'da'})")

    page.goto(f"{live_server.url}{prefix}/styring/proces/medborgerpolitik/milepaele/ny/")
    axe_check(page, context=f"milestone form ({prefix or 'da'})")

    page.goto(f"{live_server.url}{prefix}/styring/organer/")
    axe_check(page, context=f"decision bodies ({prefix or 'da'})")

    page.goto(f"{live_server.url}{prefix}/styring/proces/medborgerpolitik/milepaele/{workshop.pk}/")
    axe_check(page, context=f"milestone detail ({prefix or 'da'})")

    page.goto(f"{live_server.url}{prefix}/proces/medborgerpolitik/")
    item = page.locator(".timeline-item", has_text="Fagudvalget: Medborgerpolitik, version 1")
    expect(item).to_contain_text(texts["approved"])
    workshop_item = page.locator(".timeline-item", has_text="Intern workshop for alle medarbejdere")
    expect(workshop_item).to_contain_text(texts["past"])
    expect(page.locator('ol.timeline [aria-current="step"]')).to_have_count(1)
    expect(page.locator('.stage-bar [aria-current="step"]')).to_have_count(1)
    axe_check(page, context=f"public timeline ({prefix or 'da'})")


@pytest.mark.parametrize(
    ("prefix", "approve", "approved_by"),
    [("", "Godkend version 1", "Godkendt af"), ("/en", "Approve version 1", "Approved by")],
)
def test_steering_member_approves_version_one_on_the_board(
    page, live_server, ishoj, prefix, approve, approved_by
):
    from tests.e2e.conftest import log_in

    member = ishoj.memberships.filter(group="steering").order_by("pk").first().user
    log_in(page, live_server, member)
    page.goto(f"{live_server.url}{prefix}/styring/proces/medborgerpolitik/")
    expect(page.locator(".board-table input")).to_have_count(0)  # no editing for the steering group
    page.get_by_role("textbox").first.fill("Klar til høring.")
    page.get_by_role("button", name=approve).click()
    expect(page.locator("#versions ~ .board-version li").first).to_contain_text(approved_by)
    expect(page.get_by_text("Klar til høring.")).to_be_visible()
    axe_check(page, context=f"board as steering member ({prefix or 'da'})")


@pytest.mark.parametrize(
    ("prefix", "save", "saved", "width"),
    [
        ("", "Gem ændringer", "2 milepæle blev gemt.", 1280),
        ("/en", "Save changes", "2 milestones were saved.", 390),
    ],
)
def test_coordinator_changes_two_rows_saves_once_and_both_are_kept(
    page, live_server, ishoj, prefix, save, saved, width
):
    """The defect: each row was its own form, so saving row 7 threw away the edit in row 6."""
    from tests.e2e.conftest import log_in

    page.set_viewport_size({"width": width, "height": 900})
    coordinator = ishoj.memberships.get(group="coordinator").user
    log_in(page, live_server, coordinator)
    sixth, seventh = ishoj.milestones.order_by("due_by", "pk")[5:7]
    page.goto(f"{live_server.url}{prefix}/styring/proces/medborgerpolitik/")
    page.locator(f"#id_m{sixth.pk}-planned_month").fill("2027-05")
    page.locator(f"#id_m{seventh.pk}-started").check()
    page.locator(f"#id_m{seventh.pk}-owner").select_option(str(coordinator.pk))
    expect(page.locator(f"#milestone-{sixth.pk}")).to_have_class(re.compile("board-changed"))
    axe_check(page, context=f"board with edits ({prefix or 'da'})")
    page.get_by_role("button", name=save).click()
    expect(page.locator(".alert-success")).to_contain_text(saved)
    sixth.refresh_from_db()
    seventh.refresh_from_db()
    assert sixth.planned_month == datetime.date(2027, 5, 1)
    assert (seventh.started, seventh.owner) == (True, coordinator)
    assert sixth.history.first().history_user == coordinator
    assert seventh.history.first().history_user == coordinator
    expect(page.locator(f"#id_m{sixth.pk}-planned_month")).to_have_value("2027-05")
    expect(page.locator(f"#id_m{seventh.pk}-started")).to_be_checked()

    # A bad date in one row saves nothing, says where, and keeps the other row's edit.
    page.locator(f"#id_m{sixth.pk}-done_on").fill("1850-01-01")
    page.locator(f"#id_m{seventh.pk}-planned_month").fill("2027-08")
    page.get_by_role("button", name=save).click()
    expect(page.locator("#board-errors")).to_be_visible()
    expect(page.locator(f"#id_m{sixth.pk}-done_on_error")).to_be_visible()
    expect(page.locator(f"#id_m{seventh.pk}-planned_month")).to_have_value("2027-08")
    seventh.refresh_from_db()
    assert seventh.planned_month != datetime.date(2027, 8, 1)
    axe_check(page, context=f"board with an error ({prefix or 'da'})")


@pytest.mark.parametrize(
    ("prefix", "ask", "send_back", "error", "sent_back_by"),
    [
        (
            "",
            "Bed styregruppen om at godkende version 1",
            "Send version 1 tilbage",
            "Skriv, hvorfor versionen sendes tilbage",
            "Sendt tilbage af",
        ),
        (
            "/en",
            "Ask the steering group to approve version 1",
            "Send version 1 back",
            "Say why the version is sent back",
            "Sent back by",
        ),
    ],
)
def test_coordinator_asks_and_a_steering_member_sends_the_version_back(
    page, live_server, ishoj, prefix, ask, send_back, error, sent_back_by
):
    from tests.e2e.conftest import log_in

    page.set_viewport_size({"width": 390, "height": 844})
    board = f"{live_server.url}{prefix}/styring/proces/medborgerpolitik/"
    log_in(page, live_server, ishoj.memberships.get(group="coordinator").user)
    page.goto(board)
    # The coordinator cannot approve their own version: they ask for it.
    expect(page.locator(".board-approve")).to_have_count(0)
    page.get_by_role("button", name=ask).click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(".board-requests")).to_contain_text("Jeanet Flørnæss")
    axe_check(page, context=f"board after asking ({prefix or 'da'})")

    page.context.clear_cookies()
    member = ishoj.memberships.filter(group="steering").order_by("pk").first().user
    log_in(page, live_server, member)
    page.goto(board)
    page.get_by_role("button", name=send_back).click()
    expect(page.locator("#id_v1-comment_error")).to_contain_text(error)
    axe_check(page, context=f"send back without a reason ({prefix or 'da'})")
    page.locator("#id_v1-comment").fill("Afsnittet om frivillighed mangler.")
    page.get_by_role("button", name=send_back).click()
    expect(page.locator(".board-decisions")).to_contain_text(sent_back_by)
    expect(page.locator(".board-decisions")).to_contain_text("Afsnittet om frivillighed mangler.")
    axe_check(page, context=f"board after sending back ({prefix or 'da'})")
