from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from medborger.mail import mail_send_now
from medborger.models import OutgoingMail

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


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """The mail log: what went out, what waits for another try, and what failed for good."""

    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "template", "language"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    readonly_fields = [f.name for f in OutgoingMail._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.action(description=_("Try to send the selected e-mails again now"))
    def send_again(self, request: HttpRequest, queryset) -> None:
        mails = list(queryset.exclude(status=OutgoingMail.Status.SENT))
        mail_send_now(mails=mails)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail is being sent again.",
                "%(count)d e-mails are being sent again.",
                len(mails),
            )
            % {"count": len(mails)},
        )
