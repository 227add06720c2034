"""Read queries of the municipality's organisation that more than one page (or app) asks."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from medborger import roles
from process.models import Handling


def staff_accounts() -> QuerySet:
    """Active accounts of the municipality's staff: employees (the Medarbejder group or a
    municipal e-mail), committee members, role holders in a process and administrators. Never
    a citizen's account."""
    staff = (
        Q(is_staff=True)
        | Q(is_superuser=True)
        | Q(groups__name__in=[roles.EMPLOYEE_GROUP, roles.COMMITTEE_GROUP])
        | Q(memberships__isnull=False)
    )
    for domain in settings.STAFF_EMAIL_DOMAINS:
        staff |= Q(email__iendswith=f"@{domain}")
    User = get_user_model()
    return User.objects.filter(pk__in=User.objects.filter(staff).values("pk"), is_active=True)


def is_staff_account(user) -> bool:
    return user is not None and staff_accounts().filter(pk=user.pk).exists()


SEARCH_MIN_LENGTH = 2
SEARCH_LIMIT = 20


def staff_accounts_search(*, query: str, limit: int = SEARCH_LIMIT) -> list:
    """Staff accounts whose name, e-mail or user name contain every word of the query; an
    empty list for a query shorter than `SEARCH_MIN_LENGTH` (never everybody)."""
    words = query.split()
    if len("".join(words)) < SEARCH_MIN_LENGTH:
        return []
    accounts = staff_accounts()
    for word in words[:5]:
        accounts = accounts.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(username__icontains=word)
        )
    return list(accounts.order_by("first_name", "last_name", "email")[:limit])


def handlings_for_member(user) -> QuerySet[Handling]:
    """ "Mine møder": the handlings of the bodies a committee member sits on, soonest first,
    with what their pages show (body, version, policy). Empty for anyone else: the same rule
    as the meeting packet's permission (`process.rules.sits_on_the_handling_body`)."""
    if not roles.in_group(user, roles.COMMITTEE_GROUP):
        return Handling.objects.none()
    return (
        Handling.objects.filter(body__members=user)
        .select_related("body", "version", "process__policy")
        .order_by("meeting_date", "id")
    )
