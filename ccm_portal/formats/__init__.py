"""Dates and numbers as the portal writes them in each language (settings.FORMAT_MODULE_PATH).

Each module overrides only what differs from Django's own locale formats; the
rest (input formats, the first day of the week) comes from Django. Dates are
written the way the documents write them: "16 September 2011", "16 septembre
2011", "16 de septiembre de 2011" (core/dates.py builds ranges from these).
"""
