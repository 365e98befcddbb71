"""Seeding steps for the features of this build (groups, posts, events, news)."""


def extra_steps():
    return []
