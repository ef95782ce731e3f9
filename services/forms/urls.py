app_name = "forms"
urlpatterns = []
