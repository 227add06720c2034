from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    # A person's own data (GDPR): ask for a link, see, download or delete
    path("mine-data/", views.link_create, name="link-create"),
    path("mine-data/slettet/", views.deletion_detail, name="deletion-detail"),
    path("mine-data/<token:token>/", views.data_detail, name="data-detail"),
    path("mine-data/<token:token>/data.json", views.data_export, name="data-export"),
    path("mine-data/<token:token>/slet/", views.data_delete, name="data-delete"),
]
