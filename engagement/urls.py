from django.urls import path

from engagement import views

app_name = "engagement"

urlpatterns = [
    path("arrangementer/", views.event_list, name="event-list"),
    path("arrangementer/for/<slug:policy>/", views.policy_event_list, name="policy-event-list"),
    path("arrangementer/<int:pk>/", views.event_detail, name="event-detail"),
    path("arrangementer/<int:pk>/kalender.ics", views.event_calendar, name="event-calendar"),
    path(
        "arrangementer/<int:pk>/send-link/",
        views.registration_resend_link,
        name="registration-resend",
    ),
    path("tilmelding/<token:token>/", views.registration_manage, name="registration-manage"),
    path("tilmelding/<token:token>/afmeld/", views.registration_cancel, name="registration-cancel"),
    path("invitation/<token:token>/", views.invitation_detail, name="invitation-detail"),
    # Staff tools
    path("styring/arrangementer/", views.staff_event_list, name="staff-event-list"),
    path("styring/arrangementer/nyt/", views.staff_event_create, name="staff-event-create"),
    path("styring/arrangementer/<int:pk>/", views.staff_event_detail, name="staff-event-detail"),
    path(
        "styring/arrangementer/<int:pk>/rediger/",
        views.staff_event_update,
        name="staff-event-update",
    ),
    path("styring/arrangementer/<int:pk>/kopier/", views.staff_event_copy, name="staff-event-copy"),
    path(
        "styring/arrangementer/<int:pk>/aflys/", views.staff_event_cancel, name="staff-event-cancel"
    ),
    path(
        "styring/arrangementer/<int:pk>/besked/",
        views.staff_event_message,
        name="staff-event-message",
    ),
    path(
        "styring/arrangementer/<int:pk>/doerliste.pdf",
        views.staff_door_list,
        name="staff-door-list",
    ),
    path(
        "styring/arrangementer/<int:pk>/tilmeldinger/<int:registration_pk>/ryk-op/",
        views.staff_registration_promote,
        name="staff-registration-promote",
    ),
    path(
        "styring/arrangementer/<int:pk>/tilmeldinger.csv",
        views.staff_registrations_csv,
        name="staff-registrations-csv",
    ),
    path(
        "styring/arrangementer/<int:pk>/tilfoej/",
        views.staff_registration_add,
        name="staff-registration-add",
    ),
    path(
        "styring/arrangementer/<int:pk>/tilmeldinger/<int:registration_pk>/afmeld/",
        views.staff_registration_cancel,
        name="staff-registration-cancel",
    ),
    path(
        "styring/arrangementer/<int:pk>/indtjekning/", views.staff_check_in, name="staff-check-in"
    ),
    path(
        "styring/arrangementer/<int:pk>/indtjekning/<int:registration_pk>/",
        views.staff_check_in_toggle,
        name="staff-check-in-toggle",
    ),
    path(
        "styring/arrangementer/<int:pk>/invitationer/",
        views.staff_invitations,
        name="staff-invitations",
    ),
    path(
        "styring/arrangementer/<int:pk>/invitationer/send/",
        views.staff_invitations_send,
        name="staff-invitations-send",
    ),
    path(
        "styring/arrangementer/<int:pk>/invitationer/<int:invitation_pk>/",
        views.staff_invitation_status,
        name="staff-invitation-status",
    ),
    path("styring/arrangementer/<int:pk>/plakat.pdf", views.staff_poster, name="staff-poster"),
    path(
        "styring/arrangementer/<int:pk>/synlighed/",
        views.staff_distribution,
        name="staff-distribution",
    ),
    path(
        "styring/arrangementer/<int:pk>/synlighed/<int:item_pk>/",
        views.staff_distribution_toggle,
        name="staff-distribution-toggle",
    ),
    path("styring/input/<slug:policy>/", views.staff_input, name="staff-input"),
    path(
        "styring/input/<slug:policy>/temaer/", views.staff_input_summary, name="staff-input-summary"
    ),
]
