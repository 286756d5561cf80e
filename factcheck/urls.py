from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from claims.views.health import health, healthz, readyz, session_check

admin.site.site_header = "Fact-check workflow"
admin.site.site_title = "Fact-check admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Logging in and out and changing one's password. No self-service password reset: the
    # app sends no email (no mail server is configured), and an anonymous form that mails
    # anyone's address is one more thing to abuse; administrators set passwords in the admin.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("health", health, name="health"),
    # Browsers ask for /favicon.ico whatever the page says: the app's icon, not a 404.
    path("favicon.ico", RedirectView.as_view(url=static("claims/favicon.ico"), permanent=True), name="favicon"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("session", session_check, name="session_check"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("claims.api.urls")),
    path("", include("claims.urls")),
]
