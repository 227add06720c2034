from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from medborger import views

urlpatterns = [
    path("sundhed/", views.health, name="health"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("process.urls")),
    path("", include("policy.urls")),
    path("", include("engagement.urls")),
    path("", include("hearing.urls")),
    path("", include("privacy.urls")),
    path("", include("notifications.urls")),
    path("konto/", include("allauth.urls")),
    path(
        "tilgaengelighed/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("privatliv/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("regler/", TemplateView.as_view(template_name="pages/rules.html"), name="rules"),
    prefix_default_language=False,
)

handler403 = "process.errors.permission_denied"
handler404 = "medborger.views.page_not_found"
handler500 = "medborger.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
