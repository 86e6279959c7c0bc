"""Pages (to be written)."""

urlpatterns = []
