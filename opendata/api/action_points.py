"""Action points the public may read: those of meetings whose minutes it may read."""
