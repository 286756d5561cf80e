from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from claims.views.health import health, session_check

admin.site.site_header = "Fact-check workflow"
admin.site.site_title = "Fact-check admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("health", health, name="health"),
    # Browsers ask for /favicon.ico whatever the page says: the app's icon, not a 404.
    path("favicon.ico", RedirectView.as_view(url=static("claims/favicon.ico"), permanent=True)),
    path("session", session_check, name="session_check"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("claims.api.urls")),
    path("", include("claims.urls")),
]
