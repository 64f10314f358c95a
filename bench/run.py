"""The benchmark of issue 9: the portal's pages under gunicorn and the production settings, next to
a hello-world Django view on the same server.

    .venv/bin/python bench/run.py --db sqlite --size demo          # or: make bench
    .venv/bin/python bench/run.py --db postgres --size large       # the full large size
    .venv/bin/python bench/run.py --size large --scale 0.1 --reuse  # keep the database prepared

Steps: prepare the database (fresh: migrate, seed_demo, and for --size large seed_large), count
each page's SQL queries in-process (bench/queries.py), collectstatic, start gunicorn
(`config.wsgi` with bench.settings: the production settings plus /hello/), sign in as the demo
accounts through the login form, then measure each page with wrk: the median latency with one
connection (the service time), and req/s and p95 with 8 connections, each the median of --runs
runs. Prints a Markdown table and saves it to bench/results-<db>-<size>.md. Standard library only;
wrk comes from Debian's packages (installed when missing and running as root).
"""

import argparse
import base64
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PASSWORD = "portal-demo-pass"  # noqa: S105 - the published demo password (seed_demo)
RESELLER = "reseller@demo.example"
VENDOR = "vendor@demo.example"
# (label, who signs in (None: anonymous), path); {reseller_id} is the demo reseller's key,
# {deep_cursor} the activity log's position after a million entries.
PAGES = [
    ("hello-world", None, "/hello/"),
    ("/healthz", None, "/healthz"),
    # the same view behind a partner's session: what every signed-in page pays before its own
    # work (session, person, memberships, the terms gate, idle timeout)
    ("hello-world, signed in", RESELLER, "/hello/"),
    ("partner home", RESELLER, "/portal/"),
    ("customers", RESELLER, "/portal/customers/"),
    ("customers search", RESELLER, "/portal/customers/?q=cedar"),
    (
        "customers, inactive, by run rate",
        RESELLER,
        "/portal/customers/?status=inactive&sort=-run_rate",
    ),
    ("employees", RESELLER, "/portal/employees/"),
    ("company", RESELLER, "/portal/company/"),
    ("profile", RESELLER, "/profile/"),
    ("console partners", VENDOR, "/console/team/partners/"),
    ("console activity", VENDOR, "/console/audit/"),
    ("console partner detail (demo reseller)", VENDOR, "/console/team/partners/{reseller_id}/"),
    # the activity log pages by (time, id): "page 20,000" is the cursor after a million rows
    ("console activity, page 20,000", VENDOR, "/console/audit/?cursor={deep_cursor}"),
    ("admin activity list", VENDOR, "/admin/audit/auditevent/"),
    # orders and billing (issue 14)
    ("orders, first page", RESELLER, "/portal/orders/"),
    ("orders, search", RESELLER, "/portal/orders/?q=ORD-2&status=executed"),
    ("invoices", RESELLER, "/portal/billing/"),
    ("console invoices", VENDOR, "/console/billing/invoices/"),
]
BASELINE = "hello-world"
# The large size only: a reseller with 100,000 customers of its own (seed_large).
BULK = "bulk@bench.example"
LARGE_PAGES = [
    ("customers, bulk reseller", BULK, "/portal/customers/"),
    ("customers search, bulk reseller", BULK, "/portal/customers/?q=cedar"),
    # lists count to 1,000 rows (portal/core/pagination.py): page 40 is the deepest a link
    # reaches; before the cap this row was page 4,000 of 100,000 (704 ms on SQLite)
    (
        "customers, deepest page by run rate, 100,000",
        BULK,
        "/portal/customers/?sort=run_rate&page=40",
    ),
]
# Exports (bench/export.py): time and peak memory of reading the whole streamed file.
EXPORTS = [
    ("Excel, demo reseller", RESELLER, "/portal/customers/export/?format=xlsx"),
    ("CSV, demo reseller", RESELLER, "/portal/customers/export/?format=csv"),
]
LARGE_EXPORTS = [
    ("Excel, bulk reseller", BULK, "/portal/customers/export/?format=xlsx"),
    ("CSV, bulk reseller", BULK, "/portal/customers/export/?format=csv"),
]


def main() -> None:
    args = parse_args()
    wrk = ensure_wrk()
    name = args.size if args.size == "demo" or args.scale == 1 else f"large-{args.scale:g}"
    env = bench_environment(args, name)
    prepare_database(args, name, env)
    if args.prepare_only:
        return
    large = args.size == "large"
    pages = [page for page in PAGES + (LARGE_PAGES if large else []) if selected(page, args.page)]
    # The manifest storage answers 500 without collected files, in-process too.
    manage(env, "collectstatic", "--noinput", "-v0")
    counted = count_queries(pages, env)
    exports = [e for e in EXPORTS + (LARGE_EXPORTS if large else []) if selected(e, args.page)]
    exported = measure_exports(exports, env) if exports else {}
    port = free_port()
    server = start_server(env, port, args.workers)
    try:
        rows = measure(pages, counted, port, wrk, args)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    measure_cold(pages, rows, env, wrk, args)
    report = render(rows, args, name) + render_exports(exported) + billing_run_timing(env)
    print(report)
    out = BENCH / f"results-{args.db}-{name}.md"  # demo, large, large-0.1…
    if args.page:  # a few pages only: keep the full tables of the last whole run
        out = ROOT / "var" / "bench" / f"results-{args.db}-{name}-some-pages.md"
    out.write_text(report)
    print(f"Saved to {out.relative_to(ROOT)}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--size", choices=["demo", "large"], default="demo")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the large size (seed_large --scale)"
    )
    parser.add_argument(
        "--database-url",
        help="PostgreSQL database to (re)create; default postgres://postgres@127.0.0.1:5432/"
        "portal_bench_<size>",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep a database this script prepared before"
    )
    parser.add_argument(
        "--prepare-only",
        action="store_true",
        help="prepare the database and stop (measure later with --reuse)",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--runs", type=int, default=3, help="wrk runs per measurement (median)")
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8, help="connections of the load run")
    parser.add_argument(
        "--no-cold",
        action="store_true",
        help="skip the second pass with the figures cache off (first views after a change)",
    )
    parser.add_argument(
        "--page", action="append", default=[], help="measure only pages whose label contains this"
    )
    return parser.parse_args()


def selected(page: tuple, wanted: list[str]) -> bool:
    label = page[0]
    return label in (BASELINE, "/healthz") or not wanted or any(w in label for w in wanted)


# Environment and database --------------------------------------------------------------------


def bench_environment(args: argparse.Namespace, name: str) -> dict[str, str]:
    if args.db == "sqlite":
        (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
        database_url = f"sqlite:///{ROOT / 'var' / 'bench' / f'{name}.sqlite3'}"
    else:
        slug = name.replace(".", "_").replace("-", "_")
        database_url = (
            args.database_url or f"postgres://postgres@127.0.0.1:5432/portal_bench_{slug}"
        )
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        # Plain HTTP on loopback, no proxy in front.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_TRUSTED_PROXY_COUNT="0",
        PORTAL_FIELD_ENCRYPTION_KEYS=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        # The demo vendor accounts have no authenticator app: with this on, every console page
        # would redirect to its set-up (production: one more query per vendor page).
        PORTAL_REQUIRE_VENDOR_MFA="0",
        PORTAL_BASE_URL="http://127.0.0.1",
        # Production keeps its cache (login throttling, sessions' cache, home figures) in Redis.
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2"),
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env: dict[str, str], *command: str) -> None:
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603


def prepare_database(args: argparse.Namespace, name: str, env: dict[str, str]) -> None:
    marker = ROOT / "var" / "bench" / f"{args.db}-{name}.ready"
    marker.parent.mkdir(parents=True, exist_ok=True)
    if args.reuse and marker.exists() and marker.read_text() == env["DATABASE_URL"]:
        print(f"Reusing the {args.db} database of size {name}.")
        manage(env, "migrate", "--noinput", "-v0")
        return
    marker.unlink(missing_ok=True)
    started = time.monotonic()
    print(f"Preparing a fresh {args.db} database of size {name}…")
    if args.db == "sqlite":
        path = Path(env["DATABASE_URL"].removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        recreate_postgres(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "seed_demo")
    if args.size == "large":
        manage(env, "seed_large", "--scale", str(args.scale))
        manage(env, "seed_large_orders", "--scale", str(args.scale))
    marker.write_text(env["DATABASE_URL"])
    print(f"Database ready in {time.monotonic() - started:.0f}s.")


def billing_run_timing(env: dict[str, str]) -> str:
    """Issue 14: a billing run over the due subscriptions (10,000 at the large size), then a
    second run that must issue nothing. It changes the database: with --reuse, a later run finds
    nothing due (prepare a fresh database to time it again)."""
    lines = ["", "## Billing run", "", "| run | seconds | result |", "| --- | ---: | --- |"]
    for label in ("first", "second (must issue nothing)"):
        started = time.monotonic()
        output = subprocess.run(
            [sys.executable, "manage.py", "billing_run"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        lines.append(f"| {label} | {time.monotonic() - started:.1f} | {output} |")
    return "\n".join(lines) + "\n"


def recreate_postgres(database_url: str) -> None:
    import psycopg  # the project's own driver, in the same virtualenv

    url = urllib.parse.urlsplit(database_url)
    database = url.path.lstrip("/")
    if not re.fullmatch(r"\w+", database):
        sys.exit(f"Refusing to recreate a database named {database!r}.")
    maintenance = urllib.parse.urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')


def count_queries(pages: list[tuple], env: dict[str, str]) -> dict:
    result = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(BENCH / "queries.py")],
        input=json.dumps(pages),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    if result.returncode:
        sys.exit(f"Counting queries failed:\n{result.stderr}")
    return json.loads(result.stdout)


def measure_exports(exports: list[tuple], env: dict[str, str]) -> dict:
    print("Measuring the exports…")
    result = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(BENCH / "export.py")],
        input=json.dumps(exports),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    if result.returncode:
        sys.exit(f"Measuring the exports failed:\n{result.stderr}")
    return json.loads(result.stdout)


def render_exports(exported: dict) -> str:
    if not exported:
        return ""
    lines = [
        "",
        "## Customer exports (bench/export.py, in-process)",
        "",
        "Whole filtered list read to the end; peak = the most Python memory allocated at once "
        "while one export ran (tracemalloc, a second run); RSS growth = the process's peak "
        "resident size after the timed run minus before it.",
        "",
        "| export | status | rows | size (KiB) | time (s) | peak Python memory (MiB) "
        "| RSS growth (MiB) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, row in exported.items():
        lines.append(
            f"| {label} | {row['status']} | {row['rows']:,} | {row['bytes'] / 1024:,.0f} "
            f"| {row['seconds']:.2f} | {row['peak_mib']:.1f} | {row['rss_growth_mib']:.1f} |"
        )
    return "\n".join(lines) + "\n"


# Server and client -------------------------------------------------------------------------


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() != 0:
        sys.exit("wrk is missing: apt-get install -y wrk")
    print("Installing wrk from Debian's packages…")
    apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "wrk"]
    if subprocess.run(install, env=apt, check=False).returncode:  # noqa: S603, S607
        subprocess.run(["apt-get", "update", "-q"], env=apt, check=True)  # noqa: S603, S607
        subprocess.run(install, env=apt, check=True)  # noqa: S603, S607
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    server_env = {**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": str(workers)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi"], cwd=ROOT, env=server_env
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn did not start.")
        try:
            if request(port, "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer within a minute.")


def request(port: int, path: str, *, cookies: dict | None = None, form: dict | None = None):
    """One request on a new connection: (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Host": f"127.0.0.1:{port}"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request("POST" if form is not None else "GET", path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def take_cookies(headers: list[tuple[str, str]], jar: dict) -> None:
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key.strip()] = rest.split(";", 1)[0]


def sign_in(port: int, email: str) -> dict:
    """Through the login form, as a browser does: the CSRF cookie and token, then the POST."""
    jar: dict[str, str] = {}
    status, headers, body = request(port, "/accounts/login/")
    take_cookies(headers, jar)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or token is None:
        sys.exit(f"The login page answered {status} without a CSRF token.")
    form = {"csrfmiddlewaretoken": token.group(1).decode(), "login": email, "password": PASSWORD}
    status, headers, _body = request(port, "/accounts/login/", cookies=jar, form=form)
    take_cookies(headers, jar)
    if status != 302 or "sessionid" not in jar:
        sys.exit(f"Signing in as {email} failed ({status}).")
    status, headers, _body = request(port, "/", cookies=jar)  # lands: active membership set
    take_cookies(headers, jar)
    return jar


def wrk_run(wrk: str, port: int, path: str, cookies: dict, connections: int, duration: int):
    command = [
        wrk,
        f"-t{min(connections, 2)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "120s",
        "-s",
        str(BENCH / "report.lua"),
    ]
    if cookies:
        command += ["-H", "Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items())]
    command.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    values = dict(item.split("=") for item in line.split()[1:])
    return {key: int(value) for key, value in values.items()}


# Measuring and reporting -------------------------------------------------------------------


def measure(pages: list[tuple], counted: dict, port: int, wrk: str, args) -> list[dict]:
    rows = []
    for label, email, path in pages:
        url = path.format(reseller_id=counted["reseller_id"], deep_cursor=counted["deep_cursor"])
        cookies = sign_in(port, email) if email else {}  # fresh: idle sessions end (20 min)
        status, _headers, body = request(port, url, cookies=cookies)
        row = {"label": label, "path": url, "status": status, "bytes": len(body)}
        row["queries"] = counted["pages"][label]["queries"]
        print(f"{label}: {url} → {status}, {len(body):,} bytes", flush=True)
        if status == 200:
            single = [wrk_run(wrk, port, url, cookies, 1, args.duration) for _ in range(args.runs)]
            load = [
                wrk_run(wrk, port, url, cookies, args.connections, args.duration)
                for _ in range(args.runs)
            ]
            errors = sum(r["status_errors"] + r["socket_errors"] for r in single + load)
            row.update(
                service_ms=statistics.median(r["p50_us"] for r in single) / 1000,
                rps=statistics.median(r["requests"] / r["duration_us"] * 1e6 for r in load),
                p95_ms=statistics.median(r["p95_us"] for r in load) / 1000,
                samples=sum(r["requests"] for r in single),
                errors=errors,
            )
            print(
                f"    {row['service_ms']:.2f} ms, {row['rps']:.0f} req/s, "
                f"p95 {row['p95_ms']:.1f} ms, {row['queries']} queries",
                flush=True,
            )
        rows.append(row)
    return rows


def measure_cold(pages: list[tuple], rows: list[dict], env: dict[str, str], wrk: str, args):
    """Each signed-in page as its first view after a change in the reader's organization: from
    a second server with the figures cache off, so nothing (figures, kept parts) comes from the
    cache. Service time only (1 connection), added to the page's row."""
    signed_in = [page for page in pages if page[1]]
    if not signed_in or args.no_cold:
        return
    cold_env = {**env, "PORTAL_FIGURES_CACHE_SECONDS": "0"}
    counted = count_queries(signed_in, cold_env)
    port = free_port()
    server = start_server(cold_env, port, args.workers)
    try:
        by_label = {row["label"]: row for row in rows}
        for label, email, path in signed_in:
            url = path.format(
                reseller_id=counted["reseller_id"], deep_cursor=counted["deep_cursor"]
            )
            row = by_label[label]
            row["cold_queries"] = counted["pages"][label]["queries"]
            if row.get("status") != 200:
                continue
            cookies = sign_in(port, email)
            single = [wrk_run(wrk, port, url, cookies, 1, args.duration) for _ in range(args.runs)]
            row["cold_ms"] = statistics.median(r["p50_us"] for r in single) / 1000
            print(f"{label}, cold: {row['cold_ms']:.2f} ms", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def render(rows: list[dict], args, name: str) -> str:
    baseline = next((r.get("service_ms") for r in rows if r["label"] == BASELINE), None)

    def ratio(ms):
        return f"{ms / baseline:.1f}" if baseline and ms is not None else "–"

    lines = [
        f"# Benchmark: {args.db}, {name}",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, "
        f"gunicorn {args.workers} sync workers, bench.settings (production), medians of "
        f"{args.runs} wrk runs of {args.duration} s; service time = median latency with 1 "
        f"connection, load = {args.connections} connections; queries counted in-process. "
        "*Cold*: the same page as the first view after a change in the reader's organization "
        "(a second server with the figures cache off: no figures or page parts from the cache).",
        "",
        "| page | path | status | queries | service time (ms) | × hello-world | "
        f"req/s ({args.connections} conn.) | p95 ms ({args.connections} conn.) "
        "| cold: queries | cold: ms | cold: × hello-world |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        cold_ms = row.get("cold_ms")
        cold = (
            f"| {row.get('cold_queries', '–')} | "
            f"{'–' if cold_ms is None else f'{cold_ms:.2f}'} | {ratio(cold_ms)} |"
        )
        if "service_ms" not in row:
            lines.append(
                f"| {row['label']} | `{row['path']}` | **{row['status']}** | {row['queries']} "
                f"| – | – | – | – {cold}"
            )
            continue
        status = str(row["status"]) + (f" ({row['errors']} errors)" if row["errors"] else "")
        lines.append(
            f"| {row['label']} | `{row['path']}` | {status} | {row['queries']} "
            f"| {row['service_ms']:.2f} | {ratio(row['service_ms'])} | {row['rps']:.0f} "
            f"| {row['p95_ms']:.1f} {cold}"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
