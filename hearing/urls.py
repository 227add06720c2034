"""The public hearing, its staff pages and the meeting packet. The paths are part of the URL
contract and did not change when hearings moved out of `engagement`."""

from django.urls import path

from hearing import views

app_name = "hearing"

urlpatterns = [
    path("hoeringer/", views.hearing_list, name="hearing-list"),
    path("hoering/find-dit-svar/", views.hearing_receipt_find, name="receipt-find"),
    path("hoering/kvittering/<token:tracking>/", views.hearing_receipt, name="receipt-detail"),
    path("hoering/bekraeft/<str:token>/", views.hearing_confirm, name="confirmation-update"),
    path("hoering/bilag/<int:pk>/", views.hearing_attachment, name="attachment-detail"),
    path("hoering/<slug:policy>/", views.hearing_detail, name="hearing-detail"),
    path("hoering/<slug:policy>/notat/", views.hearing_notat, name="notat-detail"),
    path("hoering/<slug:policy>/notat.pdf", views.hearing_notat_pdf, name="notat-pdf"),
    path("hoering/<slug:policy>/notat.csv", views.hearing_notat_csv, name="notat-csv"),
    path(
        "styring/hoering/<slug:policy>/",
        views.staff_hearing_list,
        name="staff-hearing-list",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/",
        views.staff_hearing_detail,
        name="staff-hearing-detail",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/kvitteringer/",
        views.staff_retry_receipts,
        name="staff-receipts-retry",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/indtast/",
        views.staff_response_add,
        name="staff-response-create",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/svar/<int:response_pk>/",
        views.staff_response_detail,
        name="staff-response-detail",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/svar/<int:response_pk>/punkter/",
        views.staff_point_list,
        name="staff-point-list",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/svar/<int:response_pk>/punkter/et/",
        views.staff_point_single_create,
        name="staff-point-create",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/svar/<int:response_pk>/kvittering.pdf",
        views.staff_receipt_letter,
        name="staff-receipt-detail",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/tildel/",
        views.staff_response_assign,
        name="staff-response-assign",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/svar/<int:response_pk>/offentliggoer/",
        views.staff_response_publish,
        name="staff-response-publish",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/svar/<int:response_pk>/tilbagehold/",
        views.staff_response_withhold,
        name="staff-response-withhold",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/bilag/<int:attachment_pk>/",
        views.staff_attachment,
        name="staff-attachment-detail",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/notat/",
        views.staff_notat,
        name="staff-notat-detail",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/notat/offentliggoer/",
        views.staff_notat_publish,
        name="staff-notat-publish",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/notat.pdf",
        views.staff_notat_pdf,
        name="staff-notat-pdf",
    ),
    path(
        "styring/hoering/<slug:policy>/<int:pk>/notat.csv",
        views.staff_notat_csv,
        name="staff-notat-csv",
    ),
    path(
        "proces/<slug:policy>/behandlinger/<int:pk>/moedepakke.pdf",
        views.handling_packet,
        name="packet-detail",
    ),
]
