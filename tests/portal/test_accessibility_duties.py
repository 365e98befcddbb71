"""The RGAA's duties on the site: the mention computed from the audit, the plans in the footer."""

from decimal import Decimal

import pytest
from factories import page_text

from portal.models import PortalSettings, StandardPage


@pytest.mark.parametrize(
    ("rate", "mention"),
    [
        (None, "non conforme"),
        (Decimal("49.9"), "non conforme"),
        (Decimal("50"), "partiellement conforme"),
        (Decimal("87.5"), "partiellement conforme"),
        (Decimal("100"), "totalement conforme"),
    ],
)
def test_the_footer_mention_follows_the_audited_rate(client, demo, rate, mention):
    settings = PortalSettings.for_site(demo.site)
    settings.accessibility_rate = rate
    settings.save()

    html = page_text(client.get("/"))

    footer = html[html.index("<footer") : html.index("</footer>")]
    assert f"Accessibilité : {mention}</a>" in footer


def test_the_multiyear_plan_and_the_action_plan_are_linked_from_the_footer_and_the_statement(
    client, demo
):
    plans = []
    for title, slug in (
        ("Schéma pluriannuel d'accessibilité 2026-2028", "schema-pluriannuel"),
        ("Plan d'action 2026", "plan-action-2026"),
    ):
        page = StandardPage(title=title, slug=slug)
        demo.home.add_child(instance=page)
        page.save_revision().publish()
        plans.append(page)
    settings = PortalSettings.for_site(demo.site)
    settings.accessibility_multiyear_plan_page, settings.accessibility_action_plan_page = plans
    settings.save()

    home = page_text(client.get("/"))
    statement = page_text(client.get("/accessibilite/"))

    footer = home[home.index("<footer") : home.index("</footer>")]
    assert (
        '<a href="/schema-pluriannuel/">Schéma pluriannuel d\'accessibilité 2026-2028</a>' in footer
    )
    assert '<a href="/plan-action-2026/">Plan d\'action 2026</a>' in footer
    assert "75 % des critères du RGAA sont respectés." in statement
    assert 'href="/plan-action-2026/"' in statement
