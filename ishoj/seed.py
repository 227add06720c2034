"""Load the Ishøj Medborgerpolitik, its process, bodies, events and people. Idempotent."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from engagement import services as engagement_services
from engagement.models import Event
from ishoj import text
from medborger import roles
from policy.models import Policy, PolicyVersion, Section, Theme
from process import services as process_services
from process.models import Body, Membership, Milestone, Party, Process

TZ = ZoneInfo("Europe/Copenhagen")
SECTION_NAMESPACE = uuid.UUID("6f1d3c2e-3b55-4a57-9b8c-1f0b5f7d2a10")

STEERING_GROUP = [
    ("Lisbet Lentz", "Undervisning og Velfærd"),
    ("Per Tostenæs", "Center for Ældre og Rehabilitering"),
    ("Helle Madsen", "Center for Socialservice"),
    ("Susanne Poulsen", "Dagtilbud og skoler"),
    ("René Juul", "Center for Børn og Forebyggelse"),
    ("Erling Skovgaard", "Center for Park, Vej og Miljø"),
    ("John Romlund Kristensen", "Kultur og Fritidscenter"),
    ("Jonas Mannov", "Tryghed og Kriminalitetsforebyggelse"),
    ("Anja Carlslund", "Stabsenheden Plan"),
]
PROJECT_GROUP = [
    ("Anne-Dorthe Roland Jensen", "Center for Børn og Forebyggelse"),
    ("Mads-Peter Klink Engelhardt", "Dagtilbud og skoler"),
    ("Nina Fabricius", "Center for Ældre og Rehabilitering"),
    ("Anna Barbara Gregersen", "Tryghed og Kriminalitetsforebyggelse"),
    ("Søren Aakjær", "Stabsenheden Plan"),
    ("Brian Larsen", "Ishøj Ungdomsskole"),
]
COORDINATOR = ("Jeanet Flørnæss", "")

BODIES = [
    ("Kultur- og Udviklingsudvalget", "KU", "Udvalget, der godkendte kommissoriet."),
    ("Fagudvalget", "Fagudvalg", "Det stående udvalg, der behandler politikken inden byrådet."),
    ("LokalMED", "LokalMED", "De lokale medarbejderudvalg."),
    ("HovedMED", "HovedMED", "Kommunens hovedmedarbejderudvalg."),
    ("Byrådet", "Byråd", "Byrådet vedtager politikken endeligt."),
]

# The centres of the kommissorium (the steering and project groups' departments), in order: the
# managed list employees pick their department from.
DEPARTMENTS = list(dict.fromkeys(department for _, department in STEERING_GROUP + PROJECT_GROUP))

# The hearing parties the municipality consults. The addresses are placeholders (.invalid, so
# nothing is ever delivered) until staff enter the real ones in the register.
PARTIES = [
    ("Ældrerådet", Party.Kind.COUNCIL, "aeldreraadet@parter.invalid"),
    ("Handicaprådet", Party.Kind.COUNCIL, "handicapraadet@parter.invalid"),
    ("Integrationsrådet", Party.Kind.COUNCIL, "integrationsraadet@parter.invalid"),
    ("Folkeoplysningsudvalget", Party.Kind.COMMITTEE, "folkeoplysningsudvalget@parter.invalid"),
    ("HovedMED", Party.Kind.MED, "hovedmed@parter.invalid"),
    *[
        (f"LokalMED {centre}", Party.Kind.MED, f"lokalmed-{slugify(centre)}@parter.invalid")
        for centre in (
            "Center for Ældre og Rehabilitering",
            "Center for Socialservice",
            "Center for Børn og Forebyggelse",
            "Dagtilbud og skoler",
            "Center for Park, Vej og Miljø",
            "Kultur og Fritidscenter",
        )
    ],
]

DEMO_PASSWORD = "medborger-demo"  # noqa: S105 - only with DEBUG on, printed to the terminal


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    demo_logins: list[tuple[str, str]] = field(default_factory=list)


def most_recent_commissioning(today: datetime.date) -> datetime.date:
    """The most recent 20 November on or before `today`."""
    this_year = datetime.date(today.year, 11, 20)
    return this_year if this_year <= today else this_year.replace(year=today.year - 1)


def _local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _user(full_name: str):
    User = get_user_model()
    first, _, last = full_name.partition(" ")
    username = f"ishoj-{slugify(full_name)}"
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    elif (user.first_name, user.last_name) != (first, last):
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
    return user


def _section_key(identifier: str) -> uuid.UUID:
    return uuid.uuid5(SECTION_NAMESPACE, f"{text.POLICY_SLUG}/{identifier}")


def _load_policy(start: datetime.date, coordinator) -> Policy:
    themes = {}
    for slug, name, description in text.THEMES:
        themes[slug], _ = Theme.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    policy, _ = Policy.objects.update_or_create(
        slug=text.POLICY_SLUG,
        defaults={
            "title": text.POLICY_TITLE,
            "summary": text.POLICY_SUMMARY,
            "owner": "Ishøj Kommune",
        },
    )
    if not policy.versions.filter(number=1).exists():
        # Version 1 is published and therefore frozen: it is written once and never touched again.
        version = PolicyVersion.objects.create(policy=policy, status=PolicyVersion.Status.DRAFT)
        for order, (identifier, heading, theme, body) in enumerate(text.sections_read(), start=1):
            Section.objects.create(
                version=version,
                key=_section_key(identifier),
                order=order,
                heading=heading,
                body=body.strip(),
                theme=themes.get(theme) if theme else None,
            )
        published = _local(start + datetime.timedelta(days=14), 12)
        version.number = 1
        version.label = "Udkast til drøftelse"
        version.status = PolicyVersion.Status.PUBLISHED
        version.change_note = (
            "Første udkast, skrevet af projektkoordinatoren på grundlag af kommissoriet."
        )
        version.published_at = min(published, timezone.now())
        version.published_by = coordinator
        version.save()
    return policy


def _load_process(policy: Policy, start: datetime.date) -> Process:
    process, _ = Process.objects.update_or_create(
        policy=policy,
        title="Revision af Medborgerpolitikken",
        defaults={
            "start_date": start,
            "status": Process.Status.RUNNING,
            "intro": (
                "Byrådet har bedt om en revision af medborgerpolitikken. Her kan du følge "
                "processen fra kommissoriet til byrådets vedtagelse, se hvem der står for "
                "arbejdet, og hvornår du kan være med."
            ),
        },
    )
    return process


def _month(start: datetime.date, months_ahead: int) -> datetime.date:
    month_index = start.month - 1 + months_ahead
    return datetime.date(start.year + month_index // 12, month_index % 12 + 1, 1)


def _load_milestones(process: Process, start: datetime.date, coordinator, project_lead) -> None:
    january = _month(start, 2)
    steps = [
        (
            Milestone.Kind.COMMISSIONING,
            "Kommissoriet godkendes i Kultur- og Udviklingsudvalget",
            start,
            None,
            coordinator,
            "Start på processen.",
        ),
        (
            Milestone.Kind.STAFF_WORKSHOP,
            "Intern workshop for alle medarbejdere",
            january.replace(day=25),
            None,
            project_lead,
            "Alle medarbejdere inviteres bredt.",
        ),
        (
            Milestone.Kind.CITIZEN_MEETING,
            "Borgermøde",
            january.replace(day=31),
            None,
            project_lead,
            "Borgere, foreninger, netværk, råd og nævn kvalificerer politikken på en workshop.",
        ),
        (
            Milestone.Kind.HEARING,
            "Offentlig høring",
            None,
            _month(start, 5),
            coordinator,
            "Udkastet sendes i offentlig høring.",
        ),
        (
            Milestone.Kind.MED_HANDLING,
            "Behandling i LokalMED",
            None,
            _month(start, 5),
            coordinator,
            "Høringen behandles også i de lokale medarbejderudvalg.",
        ),
        (
            Milestone.Kind.MED_HANDLING,
            "Behandling i HovedMED",
            None,
            _month(start, 5),
            coordinator,
            "Høringen behandles i hovedmedarbejderudvalget.",
        ),
        (
            Milestone.Kind.COMMITTEE_HANDLING,
            "Behandling i fagudvalget",
            None,
            _month(start, 6),
            coordinator,
            "Det stående udvalg behandler politikken.",
        ),
        (
            Milestone.Kind.COUNCIL_ADOPTION,
            "Endelig vedtagelse i byrådet",
            None,
            _month(start, 7),
            coordinator,
            "Byrådet vedtager politikken.",
        ),
    ]
    for kind, title, date, month, owner, description in steps:
        milestone, created = Milestone.objects.get_or_create(
            process=process,
            kind=kind,
            title=title,
            defaults={
                "planned_date": date,
                "planned_month": month,
                "owner": owner,
                "description": description,
            },
        )
        if not created and (milestone.planned_date, milestone.planned_month) != (date, month):
            milestone.planned_date, milestone.planned_month = date, month
            milestone.save()
    commissioning = process.milestones.get(kind=Milestone.Kind.COMMISSIONING)
    if commissioning.done_on is None and start <= timezone.localdate():
        commissioning.done_on = start
        commissioning.save()


def _load_events(process: Process, start: datetime.date) -> None:
    january = _month(start, 2)
    workshop_day, meeting_day = january.replace(day=25), january.replace(day=31)
    events = [
        (
            Event.Kind.STAFF_WORKSHOP,
            {
                "audience": Event.Audience.STAFF,
                "title": "Workshop om medborgerpolitikken for alle medarbejdere",
                "description": (
                    "Alle medarbejdere i Ishøj Kommune er inviteret. Vi drøfter udkastet til den "
                    "nye medborgerpolitik ved bordene: Hvad betyder det at møde borgerne "
                    "ligeværdigt i dit arbejde, og hvad mangler i udkastet?"
                ),
                "starts_at": _local(workshop_day, 13),
                "ends_at": _local(workshop_day, 16),
                "place": "Ishøj Rådhus, byrådssalen",
                "address": "Ishøj Store Torv 20, 2635 Ishøj",
                "accessibility": "Niveaufri adgang og elevator. Handicaptoilet i stueetagen. Teleslynge i salen.",
                "capacity": 120,
                "registration_deadline": _local(workshop_day - datetime.timedelta(days=7), 23, 59),
            },
        ),
        (
            Event.Kind.CITIZEN_MEETING,
            {
                "audience": Event.Audience.PUBLIC,
                "title": "Borgermøde: Kom Medborger",
                "description": (
                    "Borgere, foreninger, netværk, råd og nævn inviteres til en workshop, hvor vi "
                    "sammen kvalificerer udkastet til den nye medborgerpolitik. Der er kaffe og "
                    "kage, og der er mulighed for tolkning – skriv det i tilmeldingen."
                ),
                "starts_at": _local(meeting_day, 10),
                "ends_at": _local(meeting_day, 13),
                "place": "Ishøj Rådhus, byrådssalen",
                "address": "Ishøj Store Torv 20, 2635 Ishøj",
                "accessibility": "Niveaufri adgang og elevator. Handicaptoilet i stueetagen. Teleslynge i salen.",
                "capacity": 150,
                "registration_deadline": _local(meeting_day - datetime.timedelta(days=3), 23, 59),
            },
        ),
    ]
    for kind, values in events:
        Event.objects.update_or_create(process=process, kind=kind, defaults=values)


def _load_people(process: Process) -> tuple:
    for group, members in (
        (Membership.Group.STEERING, STEERING_GROUP),
        (Membership.Group.PROJECT, PROJECT_GROUP),
    ):
        for name, department in members:
            Membership.objects.update_or_create(
                process=process, user=_user(name), group=group, defaults={"department": department}
            )
    coordinator = _user(COORDINATOR[0])
    Membership.objects.update_or_create(
        process=process,
        user=coordinator,
        group=Membership.Group.COORDINATOR,
        defaults={"department": COORDINATOR[1]},
    )
    project_lead = _user(PROJECT_GROUP[0][0])
    return coordinator, project_lead


def _load_demo_logins(process: Process, report: SeedReport) -> None:
    from allauth.account.models import EmailAddress

    User = get_user_model()
    employees, committee = (
        Group.objects.get(name=roles.EMPLOYEE_GROUP),
        Group.objects.get(name=roles.COMMITTEE_GROUP),
    )
    personas = [
        (
            "demo-koordinator@demo.invalid",
            "Demo",
            "Koordinator",
            Membership.Group.COORDINATOR,
            None,
        ),
        ("demo-styregruppe@demo.invalid", "Demo", "Styregruppe", Membership.Group.STEERING, None),
        (
            "demo-projektgruppe@demo.invalid",
            "Demo",
            "Projektgruppe",
            Membership.Group.PROJECT,
            None,
        ),
        ("demo-medarbejder@demo.invalid", "Demo", "Medarbejder", None, employees),
        ("demo-udvalg@demo.invalid", "Demo", "Udvalgsmedlem", None, committee),
        ("demo-borger@demo.invalid", "Demo", "Borger", None, None),
        ("demo-admin@demo.invalid", "Demo", "Administrator", None, None),
    ]
    for email, first, last, group, django_group in personas:
        user, _ = User.objects.get_or_create(
            username=email,
            defaults={"email": email, "first_name": first, "last_name": f"{last} (demo)"},
        )
        user.set_password(DEMO_PASSWORD)
        if last == "Administrator":
            user.is_staff = user.is_superuser = True
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if group:
            Membership.objects.update_or_create(
                process=process, user=user, group=group, defaults={"department": "Demo"}
            )
        if django_group:
            user.groups.add(django_group)
        report.demo_logins.append((email, DEMO_PASSWORD))


@transaction.atomic
def ishoj_load(*, start: datetime.date, demo_logins: bool = False) -> SeedReport:
    """Load (or bring up to date) the Ishøj data set. Running it twice changes nothing."""
    if demo_logins and not settings.DEBUG:
        raise ValueError("Demo logins are only for local use: turn DEBUG on to add them.")
    report = SeedReport()
    for name in (roles.EMPLOYEE_GROUP, roles.COMMITTEE_GROUP):
        Group.objects.get_or_create(name=name)
    for order, (name, short, description) in enumerate(BODIES, start=1):
        Body.objects.update_or_create(
            name=name,
            defaults={
                "short_name": short,
                "description": description,
                "order": order,
                "adopts_policy": short == "Byråd",
            },
        )
    process_services.departments_seed(names=DEPARTMENTS)
    engagement_services.registrations_department_map()
    known_parties = {name.casefold() for name in Party.objects.values_list("name", flat=True)}
    for name, kind, email in PARTIES:
        if name.casefold() not in known_parties:  # staff may have edited it: never overwrite
            process_services.party_create(name=name, kind=kind, email=email)
    # The coordinator wrote the first draft, so people come before the policy.
    policy = Policy.objects.filter(slug=text.POLICY_SLUG).first()
    if policy is None:
        policy = Policy.objects.create(
            slug=text.POLICY_SLUG, title=text.POLICY_TITLE, owner="Ishøj Kommune"
        )
    process = _load_process(policy, start)
    coordinator, project_lead = _load_people(process)
    _load_policy(start, coordinator)
    _load_milestones(process, start, coordinator, project_lead)
    _load_events(process, start)
    if demo_logins:
        _load_demo_logins(process, report)
    return report
