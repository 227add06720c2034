"""The benchmark's data set, in any size: the Ishøj policy with a long second version, comments,
registrations and an open hearing with responses. Used by `bench/run.py` (the large set), the
soak and the fault tests (small sets).

    DATABASE_URL=postgres://... python bench/dataset.py [--sections 40] [--comments 10000] ...

migrates nothing: run `manage.py migrate` first. Prints one line, `SEEDED {json}`, with the paths
and ids the callers need.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

POLICY = "medborgerpolitik"


@dataclass(frozen=True)
class Size:
    sections: int = 40
    comments: int = 10_000
    registrations: int = 2_000
    responses: int = 1_000


LARGE = Size()
SMALL = Size(sections=12, comments=300, registrations=60, responses=40)


def build(size: Size = LARGE) -> dict:
    """Build the data set in the current database; return the paths and ids callers need."""
    import io

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from engagement.models import Event, Registration
    from hearing.models import Hearing, HearingResponse
    from hearing.services import tracking_number_new
    from policy import services
    from policy.models import Comment, Policy, Section

    started = time.perf_counter()
    call_command("load_ishoj", stdout=io.StringIO())
    now = timezone.now()
    with transaction.atomic():
        policy = Policy.objects.get(slug=POLICY)
        policy.comments_open = True
        policy.moderate_comments = False
        policy.save(update_fields=["comments_open", "moderate_comments"])
        process = policy.processes.get()
        coordinator = policy.versions.get(number=1).published_by
        # Version 2: the first version's sections, a few of them rewritten, more added.
        draft = services.draft_start(policy=policy, user=coordinator)
        existing = list(draft.sections.order_by("order"))
        for section in existing[::3]:
            services.section_update(
                section=section,
                heading=section.heading,
                body=section.body + "\n\nDette afsnit er skrevet om efter borgermødet.",
                theme=section.theme,
            )
        paragraph = (
            "Ishøj Kommune vil være et sted, hvor alle borgere oplever at høre til i et "
            "fællesskab, der både forpligter og giver muligheder. **Frivillighed** er en del af "
            "det, og foreningerne er kommunens vigtigste samarbejdspartnere."
        )
        Section.objects.bulk_create(
            [
                Section(
                    version=draft,
                    order=order,
                    heading=f"Indsatsområde {order}",
                    body="\n\n".join([paragraph] * 4),
                    theme=existing[order % len(existing)].theme,
                )
                for order in range(len(existing) + 1, size.sections + 1)
            ]
        )
        version = services.draft_publish(
            draft=draft,
            label="Benchmark",
            change_note=f"{max(size.sections, len(existing))} afsnit.",
            user=coordinator,
        )
        sections = list(version.sections.order_by("order"))
        Comment.objects.bulk_create(
            [
                Comment(
                    policy=policy,
                    section=sections[i % len(sections)],
                    section_key=sections[i % len(sections)].key,
                    author_name=f"Borger {i}",
                    email=f"borger{i}@example.org",
                    body="Jeg er enig, men husk foreningerne og de unge. " * 3,
                    status=Comment.Status.PUBLISHED,
                    created_at=now,
                    published_at=now,
                    reply="Tak for kommentaren." if i % 10 == 0 else "",
                )
                for i in range(size.comments)
            ],
            batch_size=1000,
        )
        Policy.objects.filter(pk=policy.pk).update(comments_changed_at=now)
        # One event, moved into the future so that sign-up stays open whenever this runs, with
        # room for every sign-up a benchmark or soak can make.
        event = (
            Event.objects.filter(process=process, audience=Event.Audience.PUBLIC)
            .order_by("starts_at")
            .first()
        )
        starts = now + datetime.timedelta(days=30)
        Event.objects.filter(pk=event.pk).update(
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=3),
            registration_deadline=starts - datetime.timedelta(days=1),
            capacity=size.registrations + 100_000,
        )
        Registration.objects.bulk_create(
            [
                Registration(event=event, name=f"Deltager {i}", email=f"deltager{i}@example.org")
                for i in range(size.registrations)
            ],
            batch_size=1000,
        )
        hearing = Hearing.objects.create(
            process=process,
            version=version,
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=30),
            delete_after=timezone.localdate() + datetime.timedelta(days=365),
            publication_rule=Hearing.PublicationRule.AT_ONCE,
        )
        HearingResponse.objects.bulk_create(
            [
                HearingResponse(
                    hearing=hearing,
                    tracking=tracking_number_new(),
                    kind=HearingResponse.Kind.PERSON,
                    name=f"Borger {i}",
                    email=f"svar{i}@example.org",
                    text="Vi foreslår, at politikken nævner foreningerne og de unge tydeligere. "
                    * 3,
                    consent_to_publish=i % 4 != 0,
                    status=HearingResponse.Status.PUBLISHED,
                    published_at=now,
                    section=sections[i % len(sections)],
                )
                for i in range(size.responses)
            ],
            batch_size=500,
        )
    receipt = hearing.responses.order_by("id").values_list("tracking", flat=True).first()
    return {
        "policy_id": policy.pk,
        "event_id": event.pk,
        "hearing_id": hearing.pk,
        "version": version.number,
        "size": asdict(size),
        "seed_seconds": time.perf_counter() - started,
        "comment_path": f"/politik/{POLICY}/version/{version.number}/afsnit/{sections[0].key}/",
        "receipt_path": f"/hoering/kvittering/{receipt}/" if receipt else "",
        "pdf_path": f"/politik/{POLICY}/version/{version.number}/pdf/",
        "pages": {
            "Front page": "/",
            "Version page": f"/politik/{POLICY}/",
            "Comparison page": f"/politik/{POLICY}/sammenlign/1/{version.number}/",
            "Process page": f"/proces/{POLICY}/",
            "Event list": "/arrangementer/",
            "Event page": f"/arrangementer/{event.pk}/",
            "Hearing page": f"/hoering/{POLICY}/",
        },
    }


def seed(environment: dict[str, str], size: Size = LARGE) -> dict:
    """Load the data set of `size` into the (migrated) database `environment` names, in a child
    process, and return what it printed: the paths and ids the caller needs."""
    import subprocess

    output = subprocess.run(  # noqa: S603 - this script with fixed arguments
        [
            sys.executable,
            str(Path(__file__).resolve()),
            *(f"--{name}={value}" for name, value in asdict(size).items()),
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
        timeout=900,
    ).stdout
    return json.loads(next(x for x in output.splitlines() if x.startswith("SEEDED "))[7:])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    for field, default in asdict(LARGE).items():
        parser.add_argument(f"--{field}", type=int, default=default)
    args = parser.parse_args()
    size = Size(
        sections=max(1, min(args.sections, 200)),
        comments=max(0, min(args.comments, 100_000)),
        registrations=max(0, min(args.registrations, 20_000)),
        responses=max(0, min(args.responses, 10_000)),
    )
    import django

    django.setup()
    print("SEEDED " + json.dumps(build(size)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
