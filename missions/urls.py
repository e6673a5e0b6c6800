from missions import mission_urls, need_urls

app_name = "missions"

urlpatterns = [*need_urls.urlpatterns, *mission_urls.urlpatterns]
