"""The kinds of notice the portal sends, and how each one reads.

A kind's line is rendered in the reader's language when the mail is written or the inbox is
shown, with the notice's `params` (numbers, dates, titles the caller passed in). Text a person
wrote (a change note, a reply, the reason a comment was hidden) travels in `detail`, unchanged.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise  # for the settings page
    line: str | Promise  # one sentence, with %(name)s placeholders from the notice's params
    staff: bool = False


# What followers of a topic are told.
VERSION_PUBLISHED = "version_published"
HEARING_OPENED = "hearing_opened"
HEARING_CLOSING = "hearing_closing"
EVENT_ANNOUNCED = "event_announced"
NOTAT_PUBLISHED = "notat_published"
POLICY_ADOPTED = "policy_adopted"
# What one person is told about their own comment.
COMMENT_REPLIED = "comment_replied"
COMMENT_HIDDEN = "comment_hidden"
# What staff are told.
COMMENT_REPORTED = "comment_reported"
RESPONSES_RECEIVED = "responses_received"
APPROVAL_REQUESTED = "approval_requested"
APPROVAL_DECIDED = "approval_decided"
MILESTONE_ASSIGNED = "milestone_assigned"

KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in [
        Kind(
            VERSION_PUBLISHED,
            _("A new version is published"),
            _("Version %(number)s is published: %(label)s."),
        ),
        Kind(
            HEARING_OPENED,
            _("The hearing opens"),
            _("The public hearing is open. Send your response by %(closes)s."),
        ),
        Kind(
            HEARING_CLOSING,
            _("The hearing closes soon"),
            _("The public hearing closes on %(closes)s. There is still time to respond."),
        ),
        Kind(
            EVENT_ANNOUNCED,
            _("An event is announced"),
            _("New event: %(event)s, %(starts)s."),
        ),
        Kind(
            NOTAT_PUBLISHED,
            _("The consultation report is published"),
            _("The consultation report (høringsnotat) is published."),
        ),
        Kind(
            POLICY_ADOPTED,
            _("The policy is adopted"),
            _("The policy is adopted (version %(number)s, %(date)s)."),
        ),
        Kind(
            COMMENT_REPLIED,
            _("The municipality replied to your comment"),
            _("The municipality replied to your comment on “%(section)s”."),
        ),
        Kind(
            COMMENT_HIDDEN,
            _("Your comment was hidden"),
            _("Your comment on “%(section)s” was hidden."),
        ),
        Kind(
            COMMENT_REPORTED,
            _("A comment is reported"),
            _("A comment on “%(section)s” was reported."),
            staff=True,
        ),
        Kind(
            RESPONSES_RECEIVED,
            _("Hearing responses received (one a day per hearing)"),
            _("%(count)s new hearing responses in the last day."),
            staff=True,
        ),
        Kind(
            APPROVAL_REQUESTED,
            _("A version is sent for approval"),
            _("%(person)s asks the steering group to approve version %(number)s."),
            staff=True,
        ),
        Kind(
            APPROVAL_DECIDED,
            _("A version is approved or sent back"),
            _("%(person)s decided on version %(number)s: %(decision)s."),
            staff=True,
        ),
        Kind(
            MILESTONE_ASSIGNED,
            _("A milestone is assigned to me"),
            _("You are responsible for the milestone “%(milestone)s”, due %(due)s."),
            staff=True,
        ),
    ]
}

STAFF_KINDS = [kind for kind in KINDS.values() if kind.staff]


def kind_line(kind: str, params: dict) -> str:
    """The kind's sentence in the active language; a missing parameter shows as empty.

    A parameter given as an ISO date or date-time (`when_param`) is written out in the
    active language ("15. januar 2027", "15 January 2027")."""
    entry = KINDS.get(kind)
    if entry is None:
        return ""
    return str(entry.line) % _Params({key: _readable(value) for key, value in params.items()})


def when_param(value: datetime.date | datetime.datetime) -> dict:
    """A date or date-time as a notice parameter, written out in the reader's language."""
    return {"iso": value.isoformat()}


def _readable(value):
    if isinstance(value, dict) and "iso" in value:
        parsed = datetime.datetime.fromisoformat(value["iso"])
        if "T" in value["iso"]:
            return formats.date_format(timezone.localtime(parsed), "DATETIME_FORMAT")
        return formats.date_format(parsed.date(), "DATE_FORMAT")
    return value


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return ""
