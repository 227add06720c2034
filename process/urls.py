from django.urls import path

from process import views

app_name = "process"

urlpatterns = [
    path("", views.home, name="home"),
    path("politikker/", views.process_list, name="process-list"),
    path("proces/<slug:policy>/", views.process_detail, name="process-detail"),
    path("proces/<slug:policy>/kalender.ics", views.process_calendar, name="process-calendar"),
    path("styring/", views.staff_home, name="staff-home"),
    path("styring/organer/", views.body_list, name="body-list"),
    path("styring/organer/<int:pk>/", views.body_update, name="body-update"),
    path("styring/proces/<slug:policy>/", views.board, name="board"),
    path("styring/proces/<slug:policy>/kontakt/", views.contact_update, name="contact-update"),
    path(
        "styring/proces/<slug:policy>/milepaele/ny/",
        views.milestone_create,
        name="milestone-create",
    ),
    path(
        "styring/proces/<slug:policy>/milepaele/<int:pk>/rediger/",
        views.milestone_edit,
        name="milestone-edit",
    ),
    path(
        "styring/proces/<slug:policy>/milepaele/<int:pk>/",
        views.milestone_detail,
        name="milestone-detail",
    ),
    path(
        "styring/proces/<slug:policy>/versioner/<int:number>/godkend/",
        views.version_approve,
        name="version-approve",
    ),
    path(
        "styring/proces/<slug:policy>/versioner/<int:number>/send-tilbage/",
        views.version_send_back,
        name="version-send-back",
    ),
    path(
        "styring/proces/<slug:policy>/versioner/<int:number>/bed-om-godkendelse/",
        views.version_request_approval,
        name="version-request-approval",
    ),
    path(
        "proces/<slug:policy>/behandlinger/<int:pk>/",
        views.handling_detail,
        name="handling-detail",
    ),
    path("styring/proces/<slug:policy>/behandlinger/", views.handling_list, name="handling-list"),
    path(
        "styring/proces/<slug:policy>/behandlinger/ny/",
        views.handling_create,
        name="handling-create",
    ),
    path(
        "styring/proces/<slug:policy>/behandlinger/<int:pk>/",
        views.handling_update,
        name="handling-update",
    ),
    path(
        "styring/proces/<slug:policy>/behandlinger/<int:pk>/slet/",
        views.handling_delete,
        name="handling-delete",
    ),
    path("styring/proces/<slug:policy>/medlemmer/", views.member_list, name="member-list"),
    path(
        "styring/proces/<slug:policy>/medlemmer/<int:pk>/",
        views.member_update,
        name="member-update",
    ),
    path(
        "styring/proces/<slug:policy>/medlemmer/<int:pk>/fjern/",
        views.member_remove,
        name="member-remove",
    ),
]
