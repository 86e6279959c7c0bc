from django.urls import path

from . import agency_views, extension_views, import_views, views

app_name = "directives"
# The task list and the task page (`task_list`, `task_detail`) show statuses: they are monitoring's
# (monitoring/urls.py `directives_pages`), added to this namespace by config/urls.py.
urlpatterns = [
    path("<int:task_id>/sua/", views.task_edit, name="task_edit"),
    path("van-ban/", views.directive_list, name="directive_list"),
    path("van-ban/<int:directive_id>/", views.directive_detail, name="directive_detail"),
    path("van-ban/nhap/", import_views.import_upload, name="import_upload"),
    path("van-ban/nhap/<int:batch_id>/", import_views.import_preview, name="import_preview"),
    # Extension requests and closures (extension_views.py).
    path("gia-han/", extension_views.extension_list, name="extension_list"),
    path("gia-han/<int:request_id>/", extension_views.extension_detail, name="extension_detail"),
    path("<int:task_id>/gia-han/", extension_views.extension_request_new, name="extension_request"),
    path("<int:task_id>/dung/", extension_views.task_close_view, name="task_close"),
    path("<int:task_id>/mo-lai/", extension_views.task_reopen_view, name="task_reopen"),
]

# Pages of the `agencies:` namespace that list tasks (config/urls.py).
agencies_pages = [
    path("<int:agency_id>/", agency_views.agency_detail, name="agency_detail"),
]
