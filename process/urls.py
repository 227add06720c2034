from django.urls import path

from process import views

app_name = "process"

urlpatterns = [
    path("", views.home, name="home"),
    path("proces/<slug:policy>/", views.process_detail, name="process-detail"),
    path("styring/", views.staff_home, name="staff-home"),
]
