from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from simple_history.admin import SimpleHistoryAdmin

User = get_user_model()


@secure_admin_login
def admin_login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """The admin's login page, without the admin's own username and password form.

    People log in through allauth, which asks for the second factor: `secure_admin_login` sends
    anonymous visitors there (with `next`) and answers logged-in non-staff with 403. Staff who
    are already logged in go on to the admin, so a POST here can never switch accounts.
    """
    return redirect("admin:index")


admin.site.login = admin_login

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
