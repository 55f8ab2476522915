#!/usr/bin/python3
"""Opens a tankersim report.html in headless Chromium (Debian's chromium) from disk with the network
off, and reports what the page did: every console message, uncaught exception and log entry, any
request that was not for the page itself, the counts the page wrote into #report-stats, and
optionally a screenshot.

Driven over the DevTools protocol (python3-websocket) rather than `chromium --dump-dom` and
`--enable-logging`: one browser start does it all (about 1 s), the console arrives as structured
events instead of log lines to parse, and the test can call the page (move the time slider,
click a vessel) before it reads the DOM.

    tools/report_browser.py out/x/report.html [--screenshot docs/images/report.png] [--size 1400x1000]

prints a JSON object: {"console": [...], "requests": [...], "stats": {...}}.
"""
import argparse
import base64
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket  # python3-websocket (tools/install-deps.sh)


class Page:
    """One headless Chromium with one page, on the DevTools protocol."""

    def __init__(self, width=1400, height=1000, timeout_s=20.0):
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        if exe is None:
            raise RuntimeError("chromium not found (tools/install-deps.sh installs Debian's chromium)")
        self.profile = tempfile.mkdtemp(prefix="tankersim-chromium-")
        self.timeout_s = timeout_s
        args = [exe, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--disable-domain-reliability", "--metrics-recording-only",
                # No name resolves and no proxy is used: the page must need no network.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--no-proxy-server",
                "--allow-file-access-from-files", f"--window-size={width},{height}",
                "--hide-scrollbars", "--remote-debugging-port=0", "--remote-allow-origins=*",
                f"--user-data-dir={self.profile}", "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium's sandbox refuses to run as root
        log_path = pathlib.Path(self.profile) / "chromium-stderr.log"
        with open(log_path, "wb") as log:
            self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=log)
        port_file = pathlib.Path(self.profile) / "DevToolsActivePort"
        # Chromium's start, unlike the page's work, waits on the machine: on two cores shared with
        # a sanitizer build it has taken over 20 s.
        started_by = time.monotonic() + max(timeout_s, 90.0)
        while not (port_file.exists() and port_file.read_text().count("\n") >= 1):
            if time.monotonic() > started_by or self.proc.poll() is not None:
                why = "exited with " + str(self.proc.returncode) if self.proc.poll() is not None else "no answer in 90 s"
                tail = log_path.read_text(errors="replace")[-2000:]
                self.close()
                raise RuntimeError(f"chromium did not start its DevTools endpoint ({why}); its stderr ends:\n{tail}")
            time.sleep(0.05)
        port = int(port_file.read_text().split("\n")[0])
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=timeout_s))
        page = next(t for t in targets if t.get("type") == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=timeout_s, suppress_origin=True)
        self.next_id = 0
        self.console = []   # console calls, exceptions and log entries, as text
        self.requests = []  # every URL the page asked for
        self.loaded = False
        for method in ("Runtime.enable", "Log.enable", "Network.enable", "Page.enable"):
            self.call(method)
        self.call("Network.emulateNetworkConditions", offline=True, latency=0, downloadThroughput=-1,
                  uploadThroughput=-1)
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)

    def _event(self, msg):
        method = msg.get("method")
        p = msg.get("params", {})
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            self.console.append(f"console.{p.get('type')}: {text}")
        elif method == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            self.console.append("exception: " + d.get("exception", {}).get("description", d.get("text", "")))
        elif method == "Log.entryAdded":
            e = p.get("entry", {})
            self.console.append(f"log.{e.get('level')}: {e.get('text')} {e.get('url', '')}".rstrip())
        elif method == "Network.requestWillBeSent":
            self.requests.append(p.get("request", {}).get("url", ""))
        elif method == "Page.loadEventFired":
            self.loaded = True

    def call(self, method, **params):
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self._event(msg)

    def pump(self, seconds):
        """Receives events for a while (console messages after load)."""
        deadline = time.monotonic() + seconds
        self.ws.settimeout(0.05)
        try:
            while time.monotonic() < deadline:
                try:
                    self._event(json.loads(self.ws.recv()))
                except websocket.WebSocketTimeoutException:
                    pass
        finally:
            self.ws.settimeout(self.timeout_s)

    def open(self, path):
        url = pathlib.Path(path).resolve().as_uri()
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + self.timeout_s
        while not self.loaded:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not finish loading in {self.timeout_s} s")
            self.pump(0.05)
        while self.evaluate("document.getElementById('report-stats') && "
                            "document.getElementById('report-stats').dataset.ready") != "1":
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url}: the report's script did not finish (no data-ready)")
            self.pump(0.05)
        self.pump(0.2)  # messages logged just after the script
        return url

    def evaluate(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression}: {r['exceptionDetails']}")
        return r.get("result", {}).get("value")

    def stats(self):
        return self.evaluate("Object.assign({}, document.getElementById('report-stats').dataset)")

    def screenshot(self, path):
        r = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=False)
        pathlib.Path(path).write_bytes(base64.b64decode(r["data"]))

    def close(self):
        try:
            if getattr(self, "ws", None):
                self.ws.close()
        finally:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def foreign_requests(page_url, requests):
    """Requests for anything but the page itself and data: URIs."""
    return [u for u in requests if u != page_url and not u.startswith("data:")]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("report", help="the report.html to open")
    ap.add_argument("--screenshot", help="write a PNG of the page's first screen here")
    ap.add_argument("--size", default="1400x1000", help="window size WIDTHxHEIGHT (default 1400x1000)")
    a = ap.parse_args()
    w, h = (int(x) for x in a.size.lower().split("x"))
    with Page(w, h) as page:
        url = page.open(a.report)
        if a.screenshot:
            page.screenshot(a.screenshot)
        out = {"console": page.console, "requests": foreign_requests(url, page.requests), "stats": page.stats()}
    print(json.dumps(out, indent=1))
    return 1 if out["console"] or out["requests"] else 0


if __name__ == "__main__":
    sys.exit(main())
