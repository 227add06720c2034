from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("foelg/", views.subscription_create, name="subscription-create"),
    path("foelg/bekraeft/<str:token>/", views.subscription_confirm, name="subscription-confirm"),
    path("foelg/mine/<str:token>/", views.subscription_manage, name="subscription-manage"),
    path("foelg/afmeld/<str:token>/", views.subscription_delete, name="subscription-delete"),
    path("notifikationer/", views.notice_list, name="notice-list"),
    path("notifikationer/indstillinger/", views.preference_update, name="preference-update"),
]
