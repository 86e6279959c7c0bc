"""The indicators' pages: each module of pages lists its own patterns (catalogue and values; proposals at import;
provincial indices)."""

from . import index_views, proposal_views, views

app_name = "indicators"
urlpatterns = [*views.urlpatterns, *proposal_views.urlpatterns, *index_views.urlpatterns]
