from django.urls import path

from . import scorecard_views, views

app_name = "monitoring"
urlpatterns = [
    path("canh-bao/", views.warnings_page, name="warnings"),
    path("tong-quan/", views.dashboard_page, name="dashboard"),
    path("xep-hang/", scorecard_views.scorecard_page, name="scorecard"),
]
