"""GraphiQL in a real headless Chromium, with every host but the service blocked.

The browser may reach the service's own address and nothing else; every other
request is aborted and recorded, and the test requires that there were none,
so the IDE is shown to need no CDN. The page's Content-Security-Policy is
enforced by the browser and any violation of it fails the test.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from playwright.sync_api import Page, Request, Route, sync_playwright

from tests.browser.conftest import CHROMIUM, require

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
QUERY = "{ countries { code } }"
# Runs before the page's scripts; the browser reports each blocked resource.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def editor_text(page: Page, selector: str) -> str:
    return str(page.locator(f"{selector} .CodeMirror").evaluate("e => e.CodeMirror.getValue()"))


def test_graphiql_runs_a_query_with_only_the_service_reachable(server: str) -> None:
    require(CHROMIUM.exists(), f"Chromium is not installed at {CHROMIUM}")
    service = urlsplit(server).netloc
    served: list[str] = []
    blocked: list[str] = []
    errors: list[str] = []

    def only_the_service(route: Route, request: Request) -> None:
        if urlsplit(request.url).netloc == service:
            served.append(request.url)
            route.continue_()
        else:
            blocked.append(request.url)
            route.abort("blockedbyclient")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.route("**/*", only_the_service)
            context.add_init_script(CSP_LISTENER)
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(f"{server}/graphql")

            editor = page.locator(".graphiql-query-editor .CodeMirror")
            editor.wait_for()
            editor.click()
            page.keyboard.press("Control+A")
            page.keyboard.press("Delete")
            page.keyboard.type(QUERY)
            assert editor_text(page, ".graphiql-query-editor") == QUERY

            page.locator(".graphiql-execute-button").click()
            page.wait_for_function(
                "() => document.querySelector('.graphiql-response .CodeMirror')"
                ".CodeMirror.getValue().includes('countries')"
            )
            result = json.loads(editor_text(page, ".graphiql-response"))

            # A dialog makes GraphiQL inject a <style>: it must carry the page's nonce.
            page.locator('button[aria-label="Open settings dialog"]').click()
            page.locator('[role="dialog"]').wait_for()
            violations = page.evaluate("window.__cspViolations")
        finally:
            browser.close()

    assert result == {"data": {"countries": [{"code": c} for c in ["BD", "ID", "LK", "TH", "VN"]]}}
    assert blocked == []
    assert violations == []
    assert errors == []
    assert any("/graphiql/assets/graphiql@" in url for url in served), served
