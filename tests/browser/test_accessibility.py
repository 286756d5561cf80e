"""axe-core (tests/browser/vendor/axe-core, from the npm registry) on the pages of the day, in
Italian and English, desktop and phone: no serious or critical violation. The counts per
page, language and impact go to test-artifacts/a11y.json."""

import json
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS, login
from tests.browser.world import build, pages

pytestmark = pytest.mark.django_db(transaction=True)
AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
PASSWORDS = {"rita": "pw-rita", "elena": "pw-elena"}
IMPACTS = ("minor", "moderate", "serious", "critical")


def audit(page) -> list[dict]:
    # Evaluated through the DevTools protocol, not a <script> in the page: the page's own
    # Content-Security-Policy stays as it is.
    page.evaluate(AXE)
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))"""
    )


def test_no_serious_or_critical_violation_on_any_page(new_page, seed_bytes, users):
    canary = new_page()
    canary.set_content('<html><body><img src="x.png"><button></button></body></html>')
    assert {"image-alt", "button-name"} <= {v["id"] for v in audit(canary)}  # the engine sees problems
    world = build(seed_bytes, users)
    report, failures = {}, []
    for lang, locale in (("it", "it-IT"), ("en", "en-US")):
        for width in (1366, 390):
            for name, (url, who) in pages(world).items():
                page = new_page(locale=locale)
                page.set_viewport_size({"width": width, "height": 900})
                if who:
                    login(page, who, PASSWORDS[who])
                page.goto(url)
                page.wait_for_load_state("networkidle")
                if name == "claim":
                    page.locator("#history-box > summary").click()  # the folded history too
                violations = audit(page)
                counts = {impact: sum(1 for v in violations if v["impact"] == impact) for impact in IMPACTS}
                report[f"{name} {lang} {width}"] = {"url": url, **counts, "violations": violations}
                failures += [
                    f"{name} {lang} {width}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes']}"
                    for v in violations
                    if v["impact"] in ("serious", "critical")
                ]
                page.context.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "a11y.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    assert failures == []
