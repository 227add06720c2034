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
    path("styring/organer/<int:pk>/medlemmer/", views.body_member_list, name="body-member-list"),
    path(
        "styring/organer/<int:pk>/medlemmer/tilfoej/",
        views.body_member_create,
        name="body-member-create",
    ),
    path(
        "styring/organer/<int:pk>/medlemmer/<int:user_pk>/fjern/",
        views.body_member_delete,
        name="body-member-delete",
    ),
    path("styring/mine-moeder/", views.meeting_list, name="meeting-list"),
    path("styring/afdelinger/", views.department_list, name="department-list"),
    path("styring/afdelinger/<int:pk>/", views.department_update, name="department-update"),
    path("styring/parter/", views.party_list, name="party-list"),
    path("styring/parter/ny/", views.party_create, name="party-create"),
    path("styring/parter/import/", views.party_import, name="party-import"),
    path("styring/parter/<int:pk>/", views.party_update, name="party-update"),
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
    path(
        "proces/<slug:policy>/behandlinger/<int:pk>/moedepakke/udgave-<int:number>.pdf",
        views.packet_detail,
        name="packet-detail",
    ),
    path(
        "styring/proces/<slug:policy>/behandlinger/<int:pk>/udsend-moedepakke/",
        views.packet_create,
        name="packet-create",
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
