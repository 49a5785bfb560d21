from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from contacts.forms import PortalPasswordResetForm
from core.favicon import favicon
from core.health import healthz
from core.languages import choose_language
from core.stored_files import public_file
from opendata.api.views import NoSuchVersionView
from public.sitemaps import SITEMAPS

admin.site.site_header = _("CCM portal: secretariat")
admin.site.site_title = _("CCM portal admin")


urlpatterns = [
    # The language switcher's links: remembers the reader's choice, redirects to the page in it (core/languages.py).
    path("i18n/<str:language>/", choose_language, name="choose_language"),
    # One sitemap for the three languages: each page is listed with its alternates (public/sitemaps.py).
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Published PDFs under names that change with their content (MEDIA_URL + public/): nginx serves them
    # itself; without it (runserver, tests, plain gunicorn) this view does. Other files: their own views.
    path("files/public/<path:name>", public_file, name="public_file"),
    # Every browser asks for it whatever the page links; nginx sends it itself when it is in front (core/favicon.py).
    path("favicon.ico", favicon, name="favicon"),
    # For load balancers and monitoring: one address in every language, exempt from the HTTPS redirect (core/health.py).
    path("healthz", healthz, name="healthz"),
    # The read-only open-data API: JSON, one address per resource in no language (opendata/api/, README: API).
    path("api/v1/", include(("opendata.api.urls", "api"))),
    # Anything else under /api/ (/api/, /api/v2/): a JSON 404 naming the versions there are.
    re_path(r"^api/(?P<rest>.*)$", NoSuchVersionView.as_view(), name="api_no_such_version"),
]

# Every page readers use, in English at the addresses it always had, in French under /fr/, in Spanish under /es/.
urlpatterns += i18n_patterns(
    path("", include("public.urls")),
    # Sign-in, sign-out, password change and reset: Django's views, our templates (templates/registration/);
    # the reset e-mail links PORTAL_URL, not the Host of the request that asked for it.
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=PortalPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("contacts.urls")),
    path("admin/", admin.site.urls),
    path("", include("workspace.urls")),
    path("", include("workgroups.urls")),
    path("", include("meetings.urls")),
    path("", include("decisions.urls")),
    path("", include("notifications.urls")),
    # Personal API tokens: made and revoked on the reader's settings page.
    path("", include("opendata.urls")),
    prefix_default_language=False,
)
