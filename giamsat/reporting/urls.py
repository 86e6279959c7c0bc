from django.urls import path

from . import views

app_name = "reporting"
# The agency's reports and one report's page (`my_reports`, `report_edit`) show statuses: they are
# monitoring's (monitoring/urls.py `reporting_pages`), added to this namespace by config/urls.py.
urlpatterns = [
    path("tham-dinh/", views.review_queue, name="review_queue"),
    path("excel/", views.bulk_excel, name="bulk_excel"),
    path("<int:report_id>/", views.report_review, name="report_review"),
    path("minh-chung/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path("nhap-thay/<int:task_id>/", views.enter_on_behalf, name="enter_on_behalf"),
    path("minh-chung/<int:evidence_id>/xem/", views.evidence_view, name="evidence_view"),
]
