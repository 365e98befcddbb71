"""axe-core in the browser: the WCAG 2.1 A and AA rules, run on the page as it is now."""

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page):
    """Run axe-core's WCAG 2.1 A and AA rules on the page; return the violations, readable."""
    # Evaluated by the browser's devtools rather than added as a <script>: the pages' policy
    # (Content-Security-Policy) refuses inline scripts, and the tests keep it on.
    page.evaluate(AXE.read_text())
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [
                {"target": node["target"], "html": node["html"][:200]}
                for node in violation["nodes"][:5]
            ],
        }
        for violation in results["violations"]
    ]
