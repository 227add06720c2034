from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from engagement.models import Event


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "audience", "starts_at", "place", "capacity", "registration_deadline"]
    list_filter = ["kind", "audience", "process"]
    search_fields = ["title", "description", "place"]
    date_hierarchy = "starts_at"
    list_select_related = ["process"]
