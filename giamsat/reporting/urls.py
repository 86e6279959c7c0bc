from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.my_reports, name="my_reports"),
    path("nhiem-vu/<int:task_id>/", views.report_edit, name="report_edit"),
    path("tham-dinh/", views.review_queue, name="review_queue"),
    path("excel/", views.bulk_excel, name="bulk_excel"),
    path("<int:report_id>/", views.report_review, name="report_review"),
    path("minh-chung/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
]
