from django.urls import path

from . import report_views, scorecard_views, task_views, views

app_name = "monitoring"
urlpatterns = [
    path("canh-bao/", views.warnings_page, name="warnings"),
    path("canh-bao/nhac-viec/", views.remind_late, name="remind_late"),
    path("tong-quan/", views.dashboard_page, name="dashboard"),
    path("xep-hang/", scorecard_views.scorecard_page, name="scorecard"),
]

# Pages of earlier apps' namespaces that show statuses, added there by config/urls.py (docs/decisions/0009).
directives_pages = [
    path("", task_views.task_list, name="task_list"),
    path("<int:task_id>/", task_views.task_detail, name="task_detail"),
]
reporting_pages = [
    path("", report_views.my_reports, name="my_reports"),
    path("nhiem-vu/<int:task_id>/", report_views.report_edit, name="report_edit"),
]
