from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import docs, views

app_name = "api"
router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("directives", views.DirectiveViewSet, basename="directive")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("reports", views.ReportViewSet, basename="report")
router.register("reviews", views.ReviewViewSet, basename="review")
router.register("public/tasks", views.PublicTaskViewSet, basename="public-task")
router.register("public/indicators", views.PublicIndicatorViewSet, basename="public-indicator")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/warnings/", views.WarningsView.as_view(), name="warnings"),
    path("v1/dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(url_name="api:schema"), name="docs"),
]
