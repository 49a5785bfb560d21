"""What drf-spectacular cannot guess about the API: how a personal token is sent."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "opendata.api.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                'A personal token from the portal\'s "API tokens" page, sent as "Token <token>": the holder '
                "reads what they may read on the site, circulated drafts included for Friends and staff."
            ),
        }
