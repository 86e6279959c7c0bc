from django.urls import path, re_path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    re_path(r"^du-lieu\.(?P<fmt>csv|json)$", views.open_data, name="open_data"),
]
