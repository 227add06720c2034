from django.urls import path

from engagement import views

app_name = "engagement"

urlpatterns = [
    path("arrangementer/<int:pk>/", views.event_detail, name="event-detail"),
]
