from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("bao-cao-thang/", views.monthly_report, name="monthly_report"),
    path("nhiem-vu.xlsx", views.task_list_export, name="task_list_export"),
    path("co-quan/", views.agency_summary_pick, name="agency_summary_pick"),
    path("co-quan/<int:agency_id>/tom-tat.docx", views.agency_summary, name="agency_summary"),
    path("co-quan/<int:agency_id>/tom-tat.pdf", views.agency_summary_pdf, name="agency_summary_pdf"),
]
