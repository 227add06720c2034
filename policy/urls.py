from django.urls import path

from policy import views

app_name = "policy"

urlpatterns = [
    path("politik/<slug:policy>/", views.policy_detail, name="policy-detail"),
    path("politik/<slug:policy>/versioner/", views.version_list, name="version-list"),
    path(
        "politik/<slug:policy>/version/<int:number>/", views.version_detail, name="version-detail"
    ),
    path(
        "politik/<slug:policy>/version/<int:number>/afsnit/<str:key>/",
        views.section_comments,
        name="section-comments",
    ),
    path(
        "politik/<slug:policy>/sammenlign/<int:a>/<int:b>/",
        views.version_compare,
        name="version-compare",
    ),
    path(
        "politik/<slug:policy>/sammenlign/<int:a>/<int:b>/pdf/",
        views.version_compare_pdf,
        name="version-compare-pdf",
    ),
    path("politik/<slug:policy>/version/<int:number>/pdf/", views.version_pdf, name="version-pdf"),
    path(
        "politik/<slug:policy>/version/<int:number>/pdf/<str:language>/",
        views.translation_pdf,
        name="translation-pdf",
    ),
    path("kontrol/", views.snapshot_verify, name="snapshot-verify"),
    path("politik/<slug:policy>/soeg/", views.search, name="search"),
    path("kommentar/bekraeft/<token:token>/", views.comment_confirm, name="comment-confirm"),
    path("kommentar/<int:comment_id>/anmeld/", views.comment_report, name="comment-report"),
    # Staff: drafting and publishing.
    path("styring/politik/<slug:policy>/udkast/", views.draft_detail, name="draft-detail"),
    path("styring/politik/<slug:policy>/udkast/start/", views.draft_start, name="draft-start"),
    path(
        "styring/politik/<slug:policy>/udkast/sammenlign/",
        views.draft_compare,
        name="draft-compare",
    ),
    path("styring/politik/<slug:policy>/udkast/afsnit/ny/", views.section_add, name="section-add"),
    path(
        "styring/politik/<slug:policy>/udkast/forhaandsvisning/",
        views.section_preview,
        name="section-preview",
    ),
    path(
        "styring/politik/<slug:policy>/udkast/afsnit/<str:key>/",
        views.section_edit,
        name="section-edit",
    ),
    path(
        "styring/politik/<slug:policy>/udkast/afsnit/<str:key>/flyt/",
        views.section_move,
        name="section-move",
    ),
    path(
        "styring/politik/<slug:policy>/udkast/afsnit/<str:key>/slet/",
        views.section_delete,
        name="section-delete",
    ),
    path(
        "styring/politik/<slug:policy>/udkast/offentliggoer/",
        views.draft_publish,
        name="draft-publish",
    ),
    path(
        "styring/politik/<slug:policy>/udkast/let-at-laese/",
        views.easy_read_update,
        name="easy-read-update",
    ),
    # Staff: translations of published versions.
    path(
        "styring/politik/<slug:policy>/oversaettelser/",
        views.translation_list,
        name="translation-list",
    ),
    path(
        "styring/politik/<slug:policy>/version/<int:number>/oversaettelser/<str:language>/",
        views.translation_update,
        name="translation-update",
    ),
    path(
        "styring/politik/<slug:policy>/version/<int:number>/oversaettelser/<str:language>/"
        "offentliggoer/",
        views.translation_publish,
        name="translation-publish",
    ),
    # Staff: comments.
    path(
        "styring/politik/<slug:policy>/kommentarer/",
        views.moderation_queue,
        name="moderation-queue",
    ),
    path(
        "styring/politik/<slug:policy>/kommentarer/indstillinger/",
        views.comment_settings,
        name="comment-settings",
    ),
    path(
        "styring/politik/<slug:policy>/kommentarer/<int:comment_id>/",
        views.comment_manage,
        name="comment-manage",
    ),
    path(
        "styring/politik/<slug:policy>/kommentarer/eksport.csv",
        views.comments_export_csv,
        name="comments-export-csv",
    ),
    path(
        "styring/politik/<slug:policy>/kommentarer/eksport.xlsx",
        views.comments_export_xlsx,
        name="comments-export-xlsx",
    ),
]
