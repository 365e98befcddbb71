"""Feature timings measured in-process on the seeded data (feeds, imports, search)."""


def feature_timings():
    return {}
