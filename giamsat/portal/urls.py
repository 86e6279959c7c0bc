from django.urls import path, re_path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("nhiem-vu/<int:task_id>/", views.task_detail, name="task_detail"),
    path("co-quan/<int:agency_id>/", views.agency_detail, name="agency_detail"),
    path("minh-chung/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    re_path(r"^du-lieu\.(?P<fmt>csv|json)$", views.open_data, name="open_data"),
    path("chi-tieu/", views.indicators, name="indicators"),
    re_path(r"^chi-tieu\.(?P<fmt>csv|json)$", views.indicator_open_data, name="indicator_open_data"),
]
