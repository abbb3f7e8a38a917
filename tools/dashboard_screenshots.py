"""Take the dashboard's screenshots for docs/dashboard.md and the README (docs/img/dashboard-*.png).

Serves a store with ``eventwire serve`` on a free port of 127.0.0.1 and drives Debian's headless Chromium
(/usr/bin/chromium) with Playwright for Python, as the browser tests do (tests/api/test_dashboard.py):

    make demo                                   # eventwire.db: the sample articles
    .venv/bin/python tools/dashboard_screenshots.py --db eventwire.db --out docs/img

One PNG per view: the map, the timeline, the facets, the table, the detail of an event, and the whole page on
a 420 px wide screen.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--hide-scrollbars"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_rendered(page: Any, before: int = 0) -> None:
    """Wait for the dashboard's next full render (polled: the page's CSP forbids wait_for_function's eval)."""
    deadline = time.monotonic() + 20
    while not page.evaluate(f"Number(document.documentElement.dataset.renders || 0) > {before} && "
                            "!document.documentElement.dataset.busy"):
        if time.monotonic() > deadline:
            raise SystemExit("the dashboard did not render in 20 s")
        time.sleep(0.05)
    page.wait_for_timeout(150)


def shoot(base: str, out: Path, chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    taken: list[Path] = []
    events = httpx.get(base + "/api/events", params={"sort": "-killed", "limit": 1}).json()["events"]
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(base + "/")
        wait_rendered(page)
        for name, selector in (("map", "#map-panel"), ("timeline", "#timeline-panel"), ("facets", "#facets")):
            path = out / f"dashboard-{name}.png"
            page.locator(selector).screenshot(path=str(path))
            taken.append(path)
        path = out / "dashboard-table.png"
        page.evaluate("window.scrollTo(0, 0)")
        box = page.locator("#table-panel").bounding_box()  # the first rows: the whole page of 25 is too tall
        page.screenshot(path=str(path), full_page=True,
                        clip={"x": box["x"], "y": box["y"], "width": box["width"], "height": min(box["height"], 760)})
        taken.append(path)
        path = out / "dashboard.png"
        page.screenshot(path=str(path))
        taken.append(path)
        if events:
            page.goto(f"{base}/?event={events[0]['event_id']}")
            wait_rendered(page)
            path = out / "dashboard-detail.png"
            page.screenshot(path=str(path))
            taken.append(path)
        mobile = browser.new_page(viewport={"width": 420, "height": 1400})
        mobile.goto(base + "/")
        wait_rendered(mobile)
        path = out / "dashboard-mobile.png"
        mobile.screenshot(path=str(path))
        taken.append(path)
        browser.close()
    return taken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("eventwire.db"))
    parser.add_argument("--out", type=Path, default=Path("docs/img"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    if not Path(args.chromium).is_file():
        raise SystemExit(f"chromium not found at {args.chromium}: apt-get install chromium (or make test-deps)")
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    exe = Path(sys.executable).parent / "eventwire"
    server = subprocess.Popen([str(exe), "serve", "--db", str(args.db), "--port", str(port)],
                              stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if server.poll() is not None:
                raise SystemExit(f"eventwire serve exited with {server.returncode}")
            try:
                httpx.get(base + "/api/summary", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        for path in shoot(base, args.out, args.chromium):
            print(f"{path}: {path.stat().st_size / 1024:.0f} KB")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
