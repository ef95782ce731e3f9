from django.urls import path

from .views import public

app_name = "forms"
urlpatterns = [
    path("", public.form_list, name="list"),
    path("<str:code>/", public.form_detail, name="detail"),
]
