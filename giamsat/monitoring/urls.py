from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("canh-bao/", views.warnings_page, name="warnings"),
    path("tong-quan/", views.dashboard_page, name="dashboard"),
]
