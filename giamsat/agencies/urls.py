from django.urls import path

from . import views

app_name = "agencies"
# The agency's page lists its tasks: it is directives' (directives/urls.py `agencies_pages`), added to this
# namespace by config/urls.py.
urlpatterns = [
    path("", views.agency_list, name="agency_list"),
]
