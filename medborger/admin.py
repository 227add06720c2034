from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from simple_history.admin import SimpleHistoryAdmin

User = get_user_model()

admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class PortalUserAdmin(SimpleHistoryAdmin, UserAdmin):
    """Users with their full change history (who changed roles and details, when)."""

    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email", "first_name", "last_name", "username"]
    ordering = ["email"]


@admin.register(Group)
class PortalGroupAdmin(SimpleHistoryAdmin, GroupAdmin):
    pass
