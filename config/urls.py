from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import two_factor
from config import api, security_events, views, work
from documents.api import StoredDocumentDownload

admin.site.site_header = _("Administration — Plateforme diaspora")
admin.site.site_title = _("Plateforme diaspora")

api_v1: list[URLPattern | URLResolver] = [
    path("auth/token/", api.TokenView.as_view(), name="auth_token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include("registry.api_urls")),
    path("", include("workflows.api_urls")),
    path("", include("cases.api_urls")),
    path("", include("missions.api_urls")),
    path("", include("difficulties.api_urls")),
    path("", include("observatory.api_urls")),
    path("tasks/", work.TaskListView.as_view(), name="tasks"),
    path("audit/", security_events.SecurityEventListView.as_view(), name="audit"),
    path(
        "documents/<int:pk>/download/",
        StoredDocumentDownload.as_view(),
        name="stored_document_download",
    ),
    # Last: an unknown address under /api/v1/ answers JSON, like every other API error
    # (any character, a line break included, may stand before its final slash).
    re_path(r"^([\s\S]*/)?$", api.not_found, name="not_found"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("health/", views.health, name="health"),
    path("tasks/", views.tasks, name="tasks"),
    path("securite/evenements/", security_events.security_event_list, name="security_events"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/login/code/", two_factor.verify, name="two_factor_verify"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", two_factor.setup, name="two_factor_setup"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("registry/", include("registry.urls")),
    path("projects/", include("workflows.urls")),
    path("cases/", include("cases.urls")),
    path("missions/", include("missions.urls")),
    path("", include("difficulties.urls")),
    path("observatoire/", include("observatory.urls")),
    # /verify/ (public) and the downloads of generated documents.
    path("", include("documents.urls")),
    path("api/v1/", include((api_v1, "api"))),
    path("admin/", admin.site.urls),
]
handler403 = "config.views.permission_denied"
handler500 = "config.views.server_error"
