"""Meetings as Open Civic Data events: kind, dates as the site prints them, venue, languages, groups,
the issued agenda as a tree with leads, and documents."""
