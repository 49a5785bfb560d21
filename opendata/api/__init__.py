"""The read-only open-data API under /api/v1/ (README: API).

base.py holds what every resource shares (authentication, pagination, filters, caching, errors);
each resource family has its module (groups, meetings, action_points...) registering its viewsets on
the one router in urls.py.
"""
