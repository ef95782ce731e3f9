from django.urls import path

from . import views

app_name = "portal_search"
urlpatterns = [
    path("", views.results, name="results"),
    path("javaslatok/", views.suggest, name="suggest"),
]
