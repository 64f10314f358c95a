"""Browser tests: Playwright driving Debian's Chromium against a live server with demo data.

Without a Chromium they are skipped with a visible notice; REQUIRE_BROWSER=1 makes that a failure.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

# Playwright's sync API runs an event loop in this thread; the ORM calls of the tests are still
# synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = Path(CHROMIUM).exists()
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEMO_PASSWORD = "portal-demo-pass"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not HAVE_CHROMIUM:
        message = f"no Chromium at {CHROMIUM}: browser tests skipped"
        if REQUIRE_BROWSER:
            pytest.fail(message + " (REQUIRE_BROWSER=1)")
        print(f"\nNOTICE: {message}")  # noqa: T201 - the notice the README promises
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db, settings):
    # Each test starts with fresh throttling counters: the suite signs in from 127.0.0.1 more
    # often than allauth's per-address limit allows in a minute (the figures cache is emptied
    # before every test: conftest.py).
    cache.clear()
    # As in production: home figures and kept page parts (menus, list rows) come from the cache
    # until a change, so every flow shows that a change is seen on the next page.
    settings.PORTAL_FIGURES_CACHE_SECONDS = 120
    global _demo_rows
    if _demo_rows is None:
        call_command("seed_demo", customers=12, verbosity=0)
        _demo_rows = _read_all_rows()
    else:
        _write_all_rows(_demo_rows)


# The demo data as seed_demo first wrote it, table by table. Seeding through the services takes
# 5-8 s; writing the same rows back takes a fraction of that, and a browser test then starts from
# exactly the data (ids included) that the first one did.
_demo_rows = None
_NOT_DATA = {"django_migrations"}


def _read_all_rows():
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in _NOT_DATA:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            rows[table] = (columns, cursor.fetchall())
    return rows


def _write_all_rows(rows):
    """Empty every table, then write the kept rows back. The flush after the previous test left
    rows of its own behind (content types and permissions, made again by post_migrate)."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # foreign keys are deferred to the commit on both databases, so the order does not matter
        for statement in connection.ops.sql_flush(no_style(), list(rows)):
            cursor.execute(statement)
        for table, (columns, values) in rows.items():
            if not values:
                continue
            placeholders = ", ".join(["%s"] * len(columns))
            names = ", ".join(quote(column) for column in columns)
            cursor.executemany(
                f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})",  # noqa: S608
                values,
            )
        models = [model for model in apps.get_models() if model._meta.db_table in rows]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


@pytest.fixture
def page(browser, live_server, demo, request):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    assert not csp_violations, f"the page broke its Content-Security-Policy: {csp_violations}"
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def log_in(page, email, password=DEMO_PASSWORD):
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if page.url.endswith("/accounts/login/") and password == DEMO_PASSWORD:
        alert = page.locator(".alert, .messages").all_inner_texts()
        raise AssertionError(f"{email} could not log in: {alert}")


def nav_labels(page) -> list[str]:
    return [text.strip() for text in page.locator("aside nav a").all_inner_texts()]
