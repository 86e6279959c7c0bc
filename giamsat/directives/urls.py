from django.urls import path

from . import import_views, views

app_name = "directives"
urlpatterns = [
    path("", views.task_list, name="task_list"),
    path("<int:task_id>/", views.task_detail, name="task_detail"),
    path("<int:task_id>/sua/", views.task_edit, name="task_edit"),
    path("van-ban/", views.directive_list, name="directive_list"),
    path("van-ban/<int:directive_id>/", views.directive_detail, name="directive_detail"),
    path("van-ban/nhap/", import_views.import_upload, name="import_upload"),
    path("van-ban/nhap/<int:batch_id>/", import_views.import_preview, name="import_preview"),
]
