"""The project's URLs as the URLconf declares them, for tests that must cover every one."""

from dataclasses import dataclass

from django.urls import URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # namespaced: "contacts:directory"
    path: str  # "/contacts/<str:as_of>/"


def project_routes() -> list[Route]:
    """Every named URL outside the admin (whose pages Django guards with is_staff itself)."""
    routes = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            path = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if not path.startswith("admin/"):
                    walk(pattern.url_patterns, path, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
            else:
                routes.append(Route(namespace + pattern.name, "/" + path))

    walk(get_resolver().url_patterns, "", "")
    return routes
