from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from meetings.models import Meeting
from publishing.models import PublishedVersion
from publishing.selectors import documents_prefetch
from workgroups.models import WorkingGroup


class LanguagesSitemap(Sitemap):
    """Each page once per language (/…, /fr/…, /es/…), each entry naming the others as its alternates
    (xhtml:link hreflang), the English address as x-default."""

    i18n = True
    alternates = True
    x_default = True


class PagesSitemap(LanguagesSitemap):
    def items(self):
        return [
            "home",
            "meetings:meeting_list",
            "meetings:minutes_list",
            "decisions:decision_list",
            "workgroups:group_list",
        ]

    def location(self, name):
        return reverse(name)


class MeetingsSitemap(LanguagesSitemap):
    def items(self):
        return Meeting.objects.filter(is_public=True).order_by("pk")


class GroupsSitemap(LanguagesSitemap):
    def items(self):
        return WorkingGroup.objects.order_by("pk")


class PublishedVersionsSitemap(LanguagesSitemap):
    """Every published version's permanent URL; withdrawn and circulated ones are not listed."""

    def items(self):
        return (
            PublishedVersion.objects.filter(kind=PublishedVersion.Kind.PUBLISHED, withdrawn_at__isnull=True)
            .defer("html", "search_text")
            .prefetch_related(documents_prefetch())
            .order_by("pk")
        )

    def lastmod(self, version):
        return version.superseded_at or version.created_at


SITEMAPS = {
    "pages": PagesSitemap,
    "meetings": MeetingsSitemap,
    "groups": GroupsSitemap,
    "publications": PublishedVersionsSitemap,
}
