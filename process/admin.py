from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from process.models import (
    Body,
    Department,
    Handling,
    Membership,
    Milestone,
    Party,
    Process,
    ReminderLog,
    VersionApproval,
)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = ["kind", "title", "planned_date", "planned_month", "done_on", "owner", "is_public"]
    extra = 0
    autocomplete_fields = ["owner"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "group", "department"]
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Process)
class ProcessAdmin(SimpleHistoryAdmin):
    list_display = ["title", "policy", "start_date", "status"]
    list_filter = ["status"]
    search_fields = ["title", "policy__title"]
    inlines = [MilestoneInline, MembershipInline]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "process",
        "kind",
        "planned_date",
        "planned_month",
        "done_on",
        "owner",
        "is_public",
    ]
    list_filter = ["kind", "is_public", "process"]
    search_fields = ["title", "notes"]
    list_select_related = ["process", "owner"]
    autocomplete_fields = ["owner"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "order", "adopts_policy"]
    search_fields = ["name", "short_name"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "group", "department", "process"]
    list_filter = ["group", "process"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "department"]
    list_select_related = ["user", "process"]
    autocomplete_fields = ["user"]


@admin.register(Handling)
class HandlingAdmin(SimpleHistoryAdmin):
    list_display = ["meeting_date", "body", "agenda_item_title", "version", "decision", "process"]
    list_filter = ["body", "decision", "process"]
    search_fields = ["agenda_item_title", "decision_text"]
    list_select_related = ["body", "version__policy", "process"]


@admin.register(VersionApproval)
class VersionApprovalAdmin(SimpleHistoryAdmin):
    list_display = ["version", "approved_by", "decision", "approved_at"]
    list_filter = ["decision"]
    list_select_related = ["version__policy", "approved_by"]
    autocomplete_fields = ["approved_by"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "kind", "milestone", "recipient", "due_by"]
    list_filter = ["kind"]
    list_select_related = ["milestone", "recipient"]
    readonly_fields = ["milestone", "recipient", "kind", "due_by", "sent_at"]


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "contact_name", "email"]
    list_filter = ["kind"]
    search_fields = ["name", "contact_name", "email"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "order", "is_active"]
