"""Browser tests (Playwright driving Debian's Chromium) and their helpers.

The fixtures are in conftest.py; the helpers below are imported by the test modules:
`from tests.browser import axe_check, describe_violations`.
"""

from axe_playwright_python.sync_playwright import Axe

# axe-core's own impact scale: minor < moderate < serious < critical. WCAG 2.1 AA
# failures that block a reader are serious or critical; the others are reported by axe
# for review but do not fail the suite.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

# The axe script ships inside the Python package (axe.min.js): no network needed.
_axe = Axe()


def axe_check(page, context=None) -> list[dict]:
    """Run axe on the page (or on `context`, a CSS selector) and return the serious and
    critical violations, WCAG 2.1 A/AA rules plus axe's best practices."""
    options = {
        "resultTypes": ["violations"],
        "runOnly": {
            "type": "tag",
            "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
        },
    }
    results = _axe.run(page, context=context, options=options)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict]) -> str:
    """A readable report for an assertion message: rule, impact, help and the elements."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)
