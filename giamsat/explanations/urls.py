from . import views

app_name = "explanations"
urlpatterns = views.urlpatterns
