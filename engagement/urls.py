from django.urls import path

from engagement import hearing_views, views

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
    path("tilmelding/<str:token>/", views.registration_manage, name="registration-manage"),
    path("tilmelding/<str:token>/afmeld/", views.registration_cancel, name="registration-cancel"),
    path("invitation/<str:token>/", views.invitation_detail, name="invitation-detail"),
    # Staff tools
    path("styring/arrangementer/", views.staff_event_list, name="staff-event-list"),
    path("styring/arrangementer/<int:pk>/", views.staff_event_detail, name="staff-event-detail"),
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
    path(
        "proces/<slug:policy>/behandlinger/<int:pk>/moedepakke.pdf",
        views.handling_packet,
        name="handling-packet",
    ),
]

# The public hearing and its staff pages (engagement/hearing_views.py).
urlpatterns += [
    path("hoeringer/", hearing_views.hearing_list, name="hearing-list"),
    path("hoering/find-dit-svar/", hearing_views.hearing_receipt_find, name="hearing-receipt-find"),
    path(
        "hoering/kvittering/<str:tracking>/", hearing_views.hearing_receipt, name="hearing-receipt"
    ),
    path("hoering/bilag/<int:pk>/", hearing_views.hearing_attachment, name="hearing-attachment"),
    path("hoering/<slug:policy>/", hearing_views.hearing_detail, name="hearing-detail"),
    path("hoering/<slug:policy>/notat/", hearing_views.hearing_notat, name="hearing-notat"),
    path(
        "hoering/<slug:policy>/notat.pdf", hearing_views.hearing_notat_pdf, name="hearing-notat-pdf"
    ),
    path(
        "hoering/<slug:policy>/notat.csv", hearing_views.hearing_notat_csv, name="hearing-notat-csv"
    ),
    path(
        "styring/hoering/<slug:policy>/",
        hearing_views.staff_hearing_list,
        name="staff-hearing-list",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/",
        hearing_views.staff_hearing_detail,
        name="staff-hearing-detail",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/kvitteringer/",
        hearing_views.staff_retry_receipts,
        name="staff-hearing-retry",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/indtast/",
        hearing_views.staff_response_add,
        name="staff-response-add",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/svar/<int:response_pk>/",
        hearing_views.staff_response_detail,
        name="staff-response-detail",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/svar/<int:response_pk>/offentliggoer/",
        hearing_views.staff_response_publish,
        name="staff-response-publish",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/svar/<int:response_pk>/tilbagehold/",
        hearing_views.staff_response_withhold,
        name="staff-response-withhold",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/bilag/<int:attachment_pk>/",
        hearing_views.staff_attachment,
        name="staff-hearing-attachment",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/notat/",
        hearing_views.staff_notat,
        name="staff-notat",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/notat/offentliggoer/",
        hearing_views.staff_notat_publish,
        name="staff-notat-publish",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/notat.pdf",
        hearing_views.staff_notat_pdf,
        name="staff-notat-pdf",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/notat.csv",
        hearing_views.staff_notat_csv,
        name="staff-notat-csv",
    ),
]
