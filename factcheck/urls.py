from django.contrib import admin
from django.urls import include, path

from claims.views.health import health, healthz, readyz, session_check

admin.site.site_header = "Fact-check workflow"
admin.site.site_title = "Fact-check admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("health", health, name="health"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("session", session_check, name="session_check"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("claims.api.urls")),
    path("", include("claims.urls")),
]
