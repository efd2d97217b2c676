#!/usr/bin/env python3
# page-layout-test.py
#
# The page in headless Chromium at a phone's width (390 px) and a desktop's (1280 px), light
# and dark: fails if the layout hides any variable name, shown value or mask, source or
# warning that /api/groups holds (the rendered text, innerText, is compared with the JSON:
# innerText leaves out what CSS does not display), if anything lies outside the viewport
# (nothing may need a horizontal scroll), if a name or source path wraps in the middle of a word
# rather than after _ / or -, or if the colour scheme did not switch. Chromium is
# driven over the DevTools protocol on a pipe (--remote-debugging-pipe): the standard library
# only. Screenshots go to OUT_DIR (a build folder), never into the source tree.
# Usage: page-layout-test.py SERVER_BINARY OUT_DIR
#
# SPDX-License-Identifier: Apache-2.0

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

SKIP = 77
WIDTHS = (390, 1280)
SCHEMES = ("light", "dark")
# The body's background in each scheme (HtmlPage's --bg): proves the emulation took effect.
BACKGROUND = {"light": "rgb(255, 255, 255)", "dark": "rgb(21, 24, 28)"}
MASK = "\u2022" * 6
DEADLINE = 60  # seconds for any one wait: generous, never a timing assertion

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Server:
    """lab-mock-server on an ephemeral loopback port; ready when it logs "listening on"."""

    def __init__(self, binary, args, env):
        self.process = subprocess.Popen([binary, "--address=127.0.0.1", "--port=0"] + args, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.log = ""
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("server exited before listening:\n" + self.log)
            self.log += line
            if "listening on " in line:
                address = line.split("listening on ", 1)[1].split()[0]
                self.port = int(address.rsplit(":", 1)[1])
                break

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def get(self, path):
        with urllib.request.urlopen(self.url(path), timeout=DEADLINE) as response:
            return response.read().decode("utf-8")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=DEADLINE)


class Browser:
    """Headless Chromium spoken to over --remote-debugging-pipe: JSON messages ended by NUL,
    commands on its fd 3, answers and events on its fd 4, one page session (flat mode)."""

    def __init__(self, chromium, profile):
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def plumb():
            # Copies first: the pipes' own numbers may be 3 or 4.
            read_copy, write_copy = os.dup(to_browser_read), os.dup(from_browser_write)
            os.dup2(read_copy, 3)
            os.dup2(write_copy, 4)

        args = [chromium, "--headless=new", "--remote-debugging-pipe", "--no-first-run", "--no-default-browser-check",
                "--disable-gpu", "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + profile, "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        preexec_fn=plumb, close_fds=False)
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next = 0
        self._events = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

    def _send(self, message):
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._to_browser, data):]

    def _receive(self):
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=None):
        self._next += 1
        message = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._send(message)
        while True:
            answer = self._receive()
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError("%s: %s" % (method, answer["error"]))
                return answer.get("result", {})
            self._events.append(answer)

    def page(self, method, params=None):
        return self.call(method, params, self.session)

    def evaluate(self, expression):
        result = self.page("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError("%s: %s" % (expression, result["exceptionDetails"]))
        return result["result"].get("value")

    def wait_for_event(self, method):
        start = time.monotonic()
        while time.monotonic() - start < DEADLINE:
            for i, event in enumerate(self._events):
                if event.get("method") == method and event.get("sessionId") == self.session:
                    del self._events[i]
                    return event
            self._events.append(self._receive())
        raise RuntimeError("no %s within %d s" % (method, DEADLINE))

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)


def expected_texts(document):
    """What the page must show of each variable of /api/groups: (what, text) pairs."""
    expected = []
    entries = [(group["name"], variable) for group in document["groups"] for variable in group["variables"]]
    entries += [("undeclared", variable) for variable in document.get("undeclared", [])]
    for where, variable in entries:
        name = variable["name"]
        label = "%s/%s" % (where, name)
        expected.append((label + " name", name))
        if variable["state"] == "missing":
            expected.append((label + " None", "None"))
        elif variable["state"] != "set":
            expected.append((label + " reason", variable["state"] + ": " + variable["reason"]))
        elif variable.get("masked"):
            expected.append((label + " mask", MASK))
            expected.append((label + " fingerprint", "%d bytes, %s" % (variable["length"], variable["fingerprint"])))
        elif variable["value"] is not None:
            expected.append((label + " value", variable["value"]))
        source = {"env": "env", "file": "file ", "secrets-dir": "secrets dir ", "none": ""}[variable["source"]]
        if variable.get("path"):
            source += variable["path"]
        if source:
            expected.append((label + " source", source))
        if variable.get("warning"):
            expected.append((label + " warning", variable["warning"]))
        if variable.get("didYouMean"):
            expected.append((label + " did you mean", "did you mean %s?" % variable["didYouMean"]))
    return expected


# Every cell and note box inside the viewport's width, none of zero size: what overflows
# or collapses is hidden even if it is in the DOM.
LAYOUT_PROBLEMS = """(() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width)
    problems.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
  for (const el of document.querySelectorAll('td, .note, .badge, .absent, .banner, .instance div')) {
    const box = el.getBoundingClientRect();
    const what = el.tagName + '.' + el.className + ' "' + el.textContent.slice(0, 40) + '"';
    if (el.textContent.trim() !== '' && (box.width === 0 || box.height === 0))
      problems.push('collapsed: ' + what);
    else if (box.left < -0.5 || box.right > width + 0.5)
      problems.push('outside the viewport (' + box.left + '..' + box.right + ' of ' + width + '): ' + what);
    else if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
      problems.push('clipped: ' + what);
  }
  return problems;
})()"""


# Where a name or a path wraps onto a new line, the character before the wrap must be one it
# may break after (_ / - or a space): never in the middle of a word.
MID_WORD_BREAKS = """(() => {
  const problems = [];
  for (const cell of document.querySelectorAll('tr > td:first-child, tr > td:last-child')) {
    let text = '';
    const tops = [];
    for (const node of Array.from(cell.childNodes).filter(n => n.nodeType === Node.TEXT_NODE)) {
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getClientRects()[0];
        if (!box) continue;
        text += node.data[i];
        tops.push(box.top);
      }
    }
    for (let i = 1; i < text.length; i++)
      if (tops[i] > tops[i - 1] + 1 && !'_/- '.includes(text[i - 1]) && text[i] !== ' ')
        problems.push('breaks mid-word: "' + text.slice(0, i) + '|' + text.slice(i) + '"');
  }
  return problems;
})()"""


def inspect(browser, server, width, scheme, out_dir, tag, expected, extra_texts):
    where = "%s %d px %s" % (tag, width, scheme)
    browser.page("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    browser.page("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    browser.page("Page.navigate", {"url": server.url("/")})
    browser.wait_for_event("Page.loadEventFired")

    check(browser.evaluate("matchMedia('(prefers-color-scheme: %s)').matches" % scheme),
          "%s: prefers-color-scheme did not switch" % where)
    background = browser.evaluate("getComputedStyle(document.body).backgroundColor")
    check(background == BACKGROUND[scheme], "%s: body background %s, expected %s" % (where, background,
                                                                                       BACKGROUND[scheme]))
    check(browser.evaluate("document.documentElement.clientWidth") == width,
          "%s: viewport is not %d px wide" % (where, width))

    text = browser.evaluate("document.body.innerText")
    for what, needle in expected + extra_texts:
        check(needle in text, "%s: %s (%r) is not in the rendered text" % (where, what, needle))
    for problem in browser.evaluate(LAYOUT_PROBLEMS) + browser.evaluate(MID_WORD_BREAKS):
        failures.append("%s: %s" % (where, problem))

    shot = browser.page("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    path = os.path.join(out_dir, "page-%s-%d-%s.png" % (tag, width, scheme))
    with open(path, "wb") as out:
        out.write(base64.b64decode(shot["data"]))


def main():
    if len(sys.argv) != 3:
        print("usage: page-layout-test.py SERVER_BINARY OUT_DIR", file=sys.stderr)
        return 2
    binary, out_dir = sys.argv[1], sys.argv[2]
    chromium = find_chromium()
    if not chromium:
        print("chromium is not installed (Debian package chromium): skipped")
        return SKIP
    os.makedirs(out_dir, exist_ok=True)

    scratch = tempfile.mkdtemp(prefix="labmock-browser-")
    try:
        # Every kind of row: plain, a long unbroken value, masked, missing, from a file with a
        # long path, both X and X_FILE (a warning), unreadable, and undeclared with a typo.
        deep = os.path.join(scratch, "run", "secrets", "kubernetes.io", "serviceaccount", "lab_mock_server_db")
        os.makedirs(deep)
        # A group of long names made of short words, as real ones are.
        groups = os.path.join(scratch, "groups.d")
        os.makedirs(groups)
        long_names = ["OBJECT_STORE_SERVICE_ACCOUNT_PRIVATE_KEY_PASSPHRASE",
                      "OBJECT_STORE_REPLICATION_TARGET_BUCKET_REGION_ENDPOINT_OVERRIDE"]
        with open(os.path.join(groups, "long.json"), "w") as out:
            json.dump({"name": "Long names", "description": "Names longer than a phone is wide",
                       "vars": long_names}, out)
        password_file = os.path.join(deep, "postgres_password_file")
        with open(password_file, "w") as out:
            out.write("from-a-file\n")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "POSTGRES_USER": "lab-user",
            "POSTGRES_PASSWORD_FILE": password_file,
            "POSTGRES_DB": "x" * 120,
            "REDIS_HOST": "redis.lab.svc.cluster.local",
            "REDIS_HOST_FILE": password_file,
            "POSTGRES_HOST_FILE": os.path.join(scratch, "no", "such", "file"),
            "CSRF_SECRET": "csrf-secret-value",
            "POSGRES_PASSWORD": "typo",
            "POD_NAME": "lab-mock-server-7f9c4b8d6-x2k4q",
            "POD_NAMESPACE": "lab",
            "NODE_NAME": "node-3",
            "POD_IP": "10.1.2.3",
            long_names[0]: "passphrase",
        }
        configurations = {
            "masked": ["--define=display.undeclared=masked", "--define=groups.path=" + groups],
            "all": ["--define=display.reveal=all", "--define=groups.path=" + groups],
        }
        browser = Browser(chromium, os.path.join(scratch, "profile"))
        try:
            browser.page("Page.enable")
            for tag, args in configurations.items():
                server = Server(binary, args, env)
                try:
                    document = json.loads(server.get("/api/groups"))
                    expected = expected_texts(document)
                    check(any(what.endswith(" warning") for what, _ in expected), "the fixture has no warning")
                    check(any(what.endswith(" reason") for what, _ in expected), "the fixture has no unreadable row")
                    check(any(what.endswith(" source") and text.startswith("file ") for what, text in expected),
                          "the fixture has no file source")
                    extra = [("instance pod", "lab-mock-server-7f9c4b8d6-x2k4q")]
                    if tag == "all":
                        extra.append(("banner", "All values, secrets included, are shown in plain text"))
                    for width in WIDTHS:
                        for scheme in SCHEMES:
                            inspect(browser, server, width, scheme, out_dir, tag, expected, extra)
                finally:
                    server.stop()
        finally:
            browser.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    for failure in failures:
        print("FAIL " + failure)
    print("%d layouts checked, screenshots in %s: %s" % (len(WIDTHS) * len(SCHEMES) * 2, out_dir,
                                                         "FAILED" if failures else "ok"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
