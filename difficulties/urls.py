from difficulties import public_urls, register_urls

app_name = "difficulties"

urlpatterns = [*public_urls.urlpatterns, *register_urls.urlpatterns]
