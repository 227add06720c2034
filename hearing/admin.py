from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hearing.models import Hearing, HearingResponse


@admin.register(Hearing)
class HearingAdmin(SimpleHistoryAdmin):
    list_display = ["version", "opens_at", "closes_at", "publication_rule", "delete_after"]
    list_select_related = ["version__policy"]


@admin.register(HearingResponse)
class HearingResponseAdmin(SimpleHistoryAdmin):
    list_display = ["tracking", "hearing", "kind", "received_at", "status", "receipt_sent_at"]
    list_filter = ["status", "channel", "hearing"]
    search_fields = ["tracking", "name", "organisation"]
    readonly_fields = ["tracking", "received_at", "receipt_sent_at", "receipt_error"]
    list_select_related = ["hearing__version__policy"]
