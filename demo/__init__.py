"""Demo content of `make run` (`manage.py setup_demo`): an app the dev and test settings install,
never production's, and that the product never imports.

One module per kind of content (pages, news, users, people, dialogue, agenda), each idempotent:
running it twice creates nothing the second time and never overwrites what an editor changed.
"""
