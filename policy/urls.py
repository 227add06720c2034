from django.urls import path

from policy import views

app_name = "policy"

urlpatterns = [
    path("politik/<slug:policy>/", views.policy_detail, name="policy-detail"),
    path("politik/<slug:policy>/version/<int:number>/", views.version_detail, name="version-detail"),
]
