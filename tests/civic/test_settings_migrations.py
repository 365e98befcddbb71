"""The data migrations that moved the council's name, the territory and the charter page from the
portal's settings to civic's (CivicSettings): what a site had set is still set after them, and
going back puts it home again.

They run in a process of their own, on a scratch SQLite database: data migrations write through
the default connection, and migrating the suite's database back and forth would empty it for
the other tests."""

import json
import os
import subprocess
import sys
from pathlib import Path

MIGRATE_BACK_AND_FORTH = """
import json
import django

django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("civic", "0013_updated_at"), ("portal", "0008_updated_at")]
AFTER = [("civic", "0015_s_authority_name"), ("portal", "0010_s_authority_name_moves_to_civic")]


def migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def settings_of(apps, model):
    row = apps.get_model(*model.split(".")).objects.get()
    fields = {field.name for field in row._meta.get_fields()}
    return {
        name: getattr(row, f"{name}_id" if name in ("territory", "charter_page") else name)
        for name in ("authority_name", "territory", "charter_page")
        if name in fields
    }


old = migrate(BEFORE)
site = old.get_model("wagtailcore", "Site").objects.get(is_default_site=True)
oise = old.get_model("civic", "Territory").objects.create(
    kind="departement", code="60", name="Oise", slug="oise"
)
old.get_model("portal", "PortalSettings").objects.create(
    site_id=site.pk,
    authority_name="Département de l'Oise",
    territory_id=oise.pk,
    charter_page_id=site.root_page_id,
)
expected = {"authority_name": "Département de l'Oise", "territory": oise.pk,
            "charter_page": site.root_page_id}
new = migrate(AFTER)
after = {"civic": settings_of(new, "civic.CivicSettings"),
         "portal": settings_of(new, "portal.PortalSettings")}
back = migrate(BEFORE)
print(json.dumps({"expected": expected, "after": after,
                  "back": settings_of(back, "portal.PortalSettings")}))
"""


def test_a_sites_name_territory_and_charter_move_to_civic_and_back(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'moves.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", MIGRATE_BACK_AND_FORTH],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])

    assert result["after"]["civic"] == result["expected"]
    assert result["after"]["portal"] == {}  # the fields left the portal's settings
    assert result["back"] == result["expected"]
