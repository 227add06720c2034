from django.contrib import admin
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from policy.models import (
    Comment,
    CommentReport,
    Policy,
    PolicyVersion,
    Section,
    Snapshot,
    Theme,
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class VersionInline(admin.TabularInline):
    model = PolicyVersion
    fields = ["number", "label", "status", "published_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Policy)
class PolicyAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "owner", "comments_open", "moderate_comments"]
    list_filter = ["comments_open", "moderate_comments"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [VersionInline]


class SectionInline(admin.StackedInline):
    model = Section
    fields = ["order", "heading", "theme", "body"]
    extra = 0


@admin.register(PolicyVersion)
class PolicyVersionAdmin(SimpleHistoryAdmin):
    list_display = ["policy", "number", "label", "status", "published_at", "published_by"]
    list_filter = ["status", "policy"]
    search_fields = ["label", "change_note", "policy__title"]
    list_select_related = ["policy", "published_by"]
    inlines = [SectionInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return [
                "policy",
                "number",
                "label",
                "status",
                "change_note",
                "published_at",
                "published_by",
            ]
        return ["number", "published_at", "published_by"]

    def get_inlines(self, request, obj):
        # A frozen version's sections are shown read-only on the public page, never edited here.
        if obj is not None and obj.is_frozen:
            return []
        return super().get_inlines(request, obj)


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ["heading", "version", "order", "theme"]
    list_filter = ["theme", "version__policy", "version__status"]
    search_fields = ["heading", "body"]
    list_select_related = ["version__policy", "theme"]
    readonly_fields = ["key"]


class CommentReportInline(admin.TabularInline):
    model = CommentReport
    fields = ["created_at", "reason", "handled"]
    readonly_fields = ["created_at", "reason"]
    extra = 0


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    list_display = ["author_name", "policy", "section", "status", "created_at", "open_reports"]
    list_filter = ["status", "policy"]
    search_fields = ["author_name", "body", "reply"]
    list_select_related = ["policy", "section"]
    readonly_fields = [
        "policy",
        "section",
        "section_key",
        "author",
        "token",
        "confirm_by",
        "created_at",
        "confirmed_at",
        "published_at",
        "moderated_at",
        "moderated_by",
        "reply_at",
        "reply_by",
    ]
    inlines = [CommentReportInline]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        Policy.objects.filter(pk=obj.policy_id).update(comments_changed_at=timezone.now())


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    """Snapshots are frozen: the admin shows them, never changes them."""

    list_display = ["filename", "kind", "version", "size", "created_at", "created_by"]
    list_filter = ["kind", "version__policy"]
    search_fields = ["filename", "sha256", "purpose"]
    list_select_related = ["version__policy", "created_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
