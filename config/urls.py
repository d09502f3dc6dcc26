from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("titrepro.web.urls")),
    path("api/", include("titrepro.api.urls")),
    path("administration/", admin.site.urls),
]
