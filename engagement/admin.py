from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from engagement import services
from engagement.models import (
    DistributionItem,
    Event,
    Input,
    Invitation,
    Registration,
)


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "kind",
        "audience",
        "starts_at",
        "place",
        "capacity",
        "registration_deadline",
    ]
    list_filter = ["kind", "audience", "process"]
    search_fields = ["title", "description", "place"]
    date_hierarchy = "starts_at"
    list_select_related = ["process"]
    actions = ["fill_free_seats"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            self._report_promoted(request, services.event_fill_seats(event_id=obj.pk))

    @admin.action(description=_("Give free seats to the waiting list"))
    def fill_free_seats(self, request, queryset) -> None:
        for event in queryset:
            self._report_promoted(request, services.event_fill_seats(event_id=event.pk))

    def _report_promoted(self, request, promoted) -> None:
        if promoted:
            count = len(promoted)
            self.message_user(
                request,
                ngettext(
                    "%(count)d person moved up from the waiting list.",
                    "%(count)d people moved up from the waiting list.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "email",
        "event",
        "organisation",
        "status",
        "created_at",
        "checked_in_at",
    ]
    list_filter = ["status", "event", "language"]
    search_fields = ["name", "email", "organisation"]
    list_select_related = ["event"]
    readonly_fields = ["token", "created_at", "promoted_at", "cancelled_at", "reminder_sent_at"]
    raw_id_fields = ["user", "invitation"]


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["stakeholder", "event", "status", "sent_at", "answered_at"]
    list_filter = ["status", "event"]
    list_select_related = ["stakeholder", "event"]
    readonly_fields = ["token"]


@admin.register(DistributionItem)
class DistributionItemAdmin(SimpleHistoryAdmin):
    list_display = ["place", "place_kind", "material", "quantity", "done", "event"]
    list_filter = ["done", "material", "place_kind", "event"]


@admin.register(Input)
class InputAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "channel", "event", "theme", "section", "created_at"]
    list_filter = ["channel", "theme", "event"]
    search_fields = ["text"]
    raw_id_fields = ["section"]
