"""Demo content for `manage.py setup_demo`.

One module per kind of content (pages, users…), each with idempotent `ensure_*` functions:
running them twice creates nothing the second time and never overwrites what an editor changed.
Later demo modules (profiles, groups, events) go beside these ones.
"""
