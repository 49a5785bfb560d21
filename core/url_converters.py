"""Path converters: one spelling per address.

Django's `int` converter takes any run of digits, so `v01/`, `v001/` and `v1/` were three addresses of
the same page (each another stored page in the cache, another address for crawlers to find). `number`
takes a whole number only as written canonically, "0" or digits without a leading zero, so every other
spelling is no address at all (a 404).
"""

from django.urls import register_converter


class CanonicalNumberConverter:
    # At most 19 digits: a bigint's range (views still refuse what is past it).
    regex = "0|[1-9][0-9]{0,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


# `<number:...>` in path(), for every module that imports this one before writing its routes (an import,
# not the app's ready(): an admin module may read a URLconf while the apps are still being readied).
register_converter(CanonicalNumberConverter, "number")
