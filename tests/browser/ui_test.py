#!/usr/bin/env python3
"""Browser test: drives Chokepoint's web UI in headless Chromium through ChromeDriver.

Uses only the Python standard library (WebDriver is JSON over HTTP). It expects a store that
`chokepoint demo` has filled (lists, alerts) and a rendered report, starts `chokepoint serve`
on a free loopback port, then:
  1. screens a name in the UI and checks the first hit;
  2. triages a hit: the row shows lists, dates of birth, countries by name, programmes and
     listing dates; the hit is marked a false positive with a note (kept in the store under the
     local user) and the marked hits are exported as CSV;
  3. the entity page names properties and countries for people ("Date of birth", "Russia");
  4. dismisses an alert in the alert queue with a note and checks the API's audit trail;
  5. filters the queue by rule and undoes a decision;
  6. draws an alert's network picture: its subject at the centre and only its neighbourhood,
     for the first alert and for another one chosen in the queue;
  7. renders the HTML report headless;
  8. against a second server started with an API key: the page loads, asks for the key, and
     a decision made after signing in is recorded under the key's label;
saving a screenshot of each step. Prints 'N passed, N failed' and exits non-zero on failure.

usage: ui_test.py --bin target/release/chokepoint --db DB --report REPORT.html --out DIR
"""
import argparse, base64, json, os, re, shutil, socket, subprocess, sys, tempfile, time, urllib.request, urllib.error

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def http(method, url, body=None, headers=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"content-type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")

def wait_until(fn, what, timeout=30):
    t0 = time.time()
    while time.time() - t0 < timeout:
        try:
            v = fn()
            if v:
                return v
        except Exception:
            pass
        time.sleep(0.2)
    raise AssertionError("timed out waiting for " + what)

class Driver:
    def __init__(self, url):
        self.url = url
        self.profile = tempfile.mkdtemp(prefix="chokepoint-ui-")
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": shutil.which("chromium") or "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1280,900", "--user-data-dir=" + self.profile]}}}}
        status, v = http("POST", url + "/session", caps, timeout=60)
        assert status == 200, v
        self.sid = v["value"]["sessionId"]

    def cmd(self, method, path, body=None):
        status, v = http(method, f"{self.url}/session/{self.sid}{path}", body)
        if status != 200:
            raise AssertionError(f"{method} {path}: {status} {v}")
        return v["value"]

    def go(self, url): self.cmd("POST", "/url", {"url": url})
    def find(self, css): return self.cmd("POST", "/element", {"using": "css selector", "value": css})["element-6066-11e4-a52e-4f735466cecf"]
    def find_all(self, css): return [e["element-6066-11e4-a52e-4f735466cecf"] for e in self.cmd("POST", "/elements", {"using": "css selector", "value": css})]
    def text(self, el): return self.cmd("GET", f"/element/{el}/text")
    def click(self, el): self.cmd("POST", f"/element/{el}/click", {})
    def type(self, el, s): self.cmd("POST", f"/element/{el}/value", {"text": s})
    def title(self): return self.cmd("GET", "/title")
    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.cmd("GET", "/screenshot")))
    def quit(self):
        http("DELETE", f"{self.url}/session/{self.sid}")
        shutil.rmtree(self.profile, ignore_errors=True)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--report", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", default="KOREA MINING DEVELOPMENT TRADING CORP")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    passed, failed = 0, 0
    port, dport = free_port(), free_port()
    server = subprocess.Popen([a.bin, "--db", a.db, "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    driver_proc = subprocess.Popen([shutil.which("chromedriver") or "/usr/bin/chromedriver", f"--port={dport}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    d = None
    try:
        wait_until(lambda: http("GET", base + "/healthz")[0] == 200, "the server", 120)
        wait_until(lambda: http("GET", f"http://127.0.0.1:{dport}/status")[1]["value"]["ready"], "chromedriver", 30)
        d = Driver(f"http://127.0.0.1:{dport}")

        def step(name, fn):
            nonlocal passed, failed
            try:
                fn()
                passed += 1
                print(f"ok   {name}")
            except Exception as e:
                failed += 1
                print(f"FAIL {name}: {e}")
                try:
                    d.screenshot(os.path.join(a.out, f"failed-{name}.png"))
                except Exception:
                    pass

        def screen_a_name():
            d.go(base + "/#/screen")
            wait_until(lambda: d.find("#q-name"), "the screening form")
            d.type(d.find("#q-name"), a.name)
            d.click(d.find("#q-go"))
            rows = wait_until(lambda: d.find_all("#hits tbody tr.hit"), "hits")
            first = d.text(rows[0])
            assert "match" in first, first
            summary = d.text(d.find("#summary"))
            assert "results" in summary and "threshold" in summary, summary
            d.screenshot(os.path.join(a.out, "ui-screen.png"))
            # The entity page opens from the hit.
            d.click(d.find("#hits tbody tr.hit a"))
            cap = wait_until(lambda: d.text(d.find("#entity-caption")), "the entity page")
            assert cap, "entity caption"
            # The related-records card finishes its lookups (linked parties, other lists).
            wait_until(lambda: len(d.find_all("#related h3")) == 2, "the related records")
            d.screenshot(os.path.join(a.out, "ui-entity.png"))

        def show_every_status():
            d.cmd("POST", "/execute/sync", {"script": "const s = document.querySelector('#f-status'); s.value = ''; s.dispatchEvent(new Event('input', {bubbles: true}));", "args": []})

        def dismiss_an_alert():
            d.go(base + "/#/alerts")
            rows = wait_until(lambda: d.find_all("#alerts tr.alert"), "alerts", 60)
            show_every_status()
            rows = wait_until(lambda: d.find_all("#alerts tr.alert"), "alerts", 60)
            row = rows[0]
            alert_id = d.cmd("GET", f"/element/{row}/attribute/data-id")
            d.type(d.find("#f-note"), "supplier known to the team")
            btn = d.find(f'#alerts tr.alert[data-id="{alert_id}"] button[data-act="dismissed"]')
            d.click(btn)
            wait_until(lambda: d.text(d.find(f'#alerts tr.alert[data-id="{alert_id}"] .badge')) == "dismissed", "the dismissed badge")
            d.screenshot(os.path.join(a.out, "ui-alerts.png"))
            status, hist = http("GET", f"{base}/alerts/{urllib.parse.quote(alert_id, safe='')}/history")
            assert status == 200 and hist["history"] and hist["history"][-1]["to"] == "dismissed", hist
            assert hist["history"][-1]["note"] == "supplier known to the team", hist
            status, v = http("GET", base + "/alerts?status=dismissed&limit=500")
            assert any(x["id"] == alert_id for x in v["alerts"]), "dismissed alert listed as dismissed"

        def script(js, *args):
            return d.cmd("POST", "/execute/sync", {"script": js, "args": list(args)})

        def triage_a_hit():
            status, labels = http("GET", base + "/labels")
            assert status == 200, labels
            country_names = set(labels["countries"].values())
            d.go(base + "/#/screen?name=" + urllib.parse.quote(a.name))
            rows = wait_until(lambda: d.find_all("#hits tbody tr.hit"), "hits", 60)
            heads = [d.text(h) for h in d.find_all("#hits thead th")]
            for want in ["LISTS", "DATE OF BIRTH", "COUNTRY", "PROGRAMME", "LISTING DATE", "YOUR MARK"]:
                assert want in [h.upper() for h in heads], (want, heads)
            first = rows[0]
            entity_id = d.cmd("GET", f"/element/{first}/attribute/data-id")
            lists = d.text(d.find("#hits tbody tr.hit td.lists"))
            assert lists and lists != "—", "the hit names its lists"
            countries = [c for c in d.text(d.find("#hits tbody tr.hit td.countries")).split("\n") if c and c != "—"]
            for c in countries:
                assert c in country_names, f"country {c!r} is shown by its name"
            # One row per entity: no entity twice.
            ids = [d.cmd("GET", f"/element/{r}/attribute/data-id") for r in rows]
            assert len(ids) == len(set(ids)), ids
            script("const s = document.querySelector('#hits tr.hit .mark'); s.value = 'false_positive';")
            d.type(d.find("#hits tbody tr.hit input.note"), "different date of birth")
            d.click(d.find("#hits tbody tr.hit .save-mark"))
            wait_until(lambda: "false positive" in d.text(d.find("#hits tbody tr.hit .marked")), "the saved mark")
            status, v = http("GET", base + "/reviews?query=" + urllib.parse.quote(a.name))
            mine = [r for r in v["reviews"] if r["entity_id"] == entity_id]
            assert status == 200 and mine, v
            assert mine[0]["mark"] == "false_positive" and mine[0]["note"] == "different date of birth", mine
            assert mine[0]["actor"].startswith("local user"), mine
            # A new screening of the same name shows the mark again.
            d.go(base + "/#/catalog")
            d.go(base + "/#/screen?name=" + urllib.parse.quote(a.name))
            wait_until(lambda: "false positive" in d.text(d.find(f'#hits tr.hit[data-id="{entity_id}"] .marked')), "the kept mark")
            d.click(d.find("#export"))
            wait_until(lambda: (d.cmd("GET", f"/element/{d.find('#export-link')}/attribute/href") or "").startswith("blob:"), "the CSV download")
            csv = d.cmd("POST", "/execute/async", {"script": "const done = arguments[arguments.length - 1]; fetch(document.querySelector('#export-link').href).then(r => r.text()).then(done, e => done('ERROR ' + e));", "args": []})
            lines = csv.strip().split("\n")
            assert lines[0].startswith("screened_name,entity_id,entity_name,lists,mark,note"), lines[0]
            assert any(entity_id in l and "false positive" in l and "different date of birth" in l for l in lines[1:]), csv
            d.screenshot(os.path.join(a.out, "ui-triage.png"))

        def human_labels():
            status, hits = http("POST", base + "/match/default?limit=5", {"queries": {"q": {"schema": "LegalEntity", "properties": {"name": [a.name]}}}})
            assert status == 200, hits
            # The entity page of a hit with a country, if any (else the first).
            results = hits["responses"]["q"]["results"]
            e = next((r for r in results if r["properties"].get("country")), results[0])
            d.go(base + "/#/entity/" + urllib.parse.quote(e["id"], safe=""))
            wait_until(lambda: d.text(d.find("#entity-caption")), "the entity page")
            cells = d.find_all(".props tr")
            shown = {}
            for tr in cells:
                tds = d.cmd("POST", f"/element/{tr}/elements", {"using": "css selector", "value": "td"})
                tds = [t["element-6066-11e4-a52e-4f735466cecf"] for t in tds]
                raw = d.cmd("GET", f"/element/{tds[0]}/attribute/title")
                shown[raw] = (d.text(tds[0]), d.text(tds[1]))
            assert shown, "properties listed"
            status, labels = http("GET", base + "/labels")
            for raw, (label, value) in shown.items():
                assert label == labels["properties"][raw]["label"], (raw, label)
                assert not re.match(r"^[a-z]+[A-Z]", label), f"raw property name {raw} shown as {label}"
            assert shown["name"][0] == "Name"
            for code in e["properties"].get("country", []):
                name = labels["countries"][code.lower()]
                assert name in shown["country"][1] and code.upper() not in shown["country"][1].split("\n"), shown["country"]
            d.screenshot(os.path.join(a.out, "ui-entity-labels.png"))

        def centred_network():
            d.go(base + "/#/alerts")
            wait_until(lambda: d.find_all("#alerts tr.alert"), "alerts", 60)
            show_every_status()

            def check(alert_id):
                status, pic = http("GET", f"{base}/alerts/{urllib.parse.quote(alert_id, safe='')}/network")
                assert status == 200, pic
                def drawn():
                    c = d.find_all("#network svg circle.node")
                    return c if len(c) == len(pic["nodes"]) and d.cmd("GET", f"/element/{d.find('#network svg circle.node[data-role=subject]')}/attribute/data-id") == pic["subject"] else None
                circles = wait_until(drawn, "the picture of " + alert_id, 60)
                ids = {d.cmd("GET", f"/element/{c}/attribute/data-id") for c in circles}
                assert ids == {n["id"] for n in pic["nodes"]}, "only the subject's neighbourhood is drawn"
                subject = d.find("#network svg circle.node[data-role=subject]")
                width = float(script("return document.querySelector('#network svg').viewBox.baseVal.width;"))
                assert float(d.cmd("GET", f"/element/{subject}/attribute/cx")) == width / 2, "the subject is at the centre"
                roles = {n["id"]: n["role"] for n in pic["nodes"]}
                for e in pic["edges"]:
                    assert pic["subject"] in (e["source"], e["target"]) or roles.get(e["source"]) == "customer", e
                _, alerts = http("GET", base + "/alerts?limit=500")
                alert = next(x for x in alerts["alerts"] if x["id"] == alert_id)
                label = next(n["label"] for n in pic["nodes"] if n["id"] == pic["subject"])
                assert alert["subject"].startswith(label), (alert["subject"], label)
                assert label.split()[0] in d.text(d.find("#network-title")), d.text(d.find("#network-title"))
                # Countries by their names: in the queue's subject and in every node's tooltip.
                _, labels = http("GET", base + "/labels")
                names = labels["countries"]
                if alert.get("country"):
                    shown = d.text(d.find(f'#alerts tr.alert[data-id="{alert_id}"] b.subject'))
                    assert shown == f'{alert["name"]} ({names[alert["country"].lower()]})', shown
                tips = dict(script("return [...document.querySelectorAll('#network svg circle.node')].map(c => [c.dataset.id, c.querySelector('title').textContent]);"))
                with_country = [n for n in pic["nodes"] if n.get("country")]
                for n in with_country:
                    tip = tips[n["id"]]
                    assert tip == f'{n["label"]} ({names[n["country"].lower()]}) — {n["role"]}', tip

            first = d.cmd("GET", f"/element/{d.find('#alerts tr.alert.focus')}/attribute/data-id")
            check(first)
            rows = d.find_all("#alerts tr.alert")
            assert len(rows) > 1, "a second alert to look at"
            other = d.cmd("GET", f"/element/{rows[1]}/attribute/data-id")
            d.click(d.find(f'#alerts tr.alert[data-id="{other}"] a.net'))
            check(other)
            script("document.querySelector('#network').scrollIntoView()")
            d.screenshot(os.path.join(a.out, "ui-network.png"))

        def filter_and_undo():
            d.go(base + "/#/alerts")
            wait_until(lambda: d.find_all("#alerts tr.alert"), "alerts", 60)
            rules = [o for o in d.find_all("#f-rule option") if d.cmd("GET", f"/element/{o}/property/value")]
            assert rules, "the rule filter lists the rules"
            rule = d.cmd("GET", f"/element/{rules[0]}/property/value")
            d.cmd("POST", "/execute/sync", {"script": "const s = document.querySelector('#f-rule'); s.value = arguments[0]; s.dispatchEvent(new Event('input', {bubbles: true}));", "args": [rule]})
            rows = wait_until(lambda: d.find_all("#alerts tr.alert"), "filtered alerts")
            for r in rows:
                assert rule in d.text(r), f"a row without rule {rule}"
            open_rows = [r for r in rows if d.text(d.find_all(f'#alerts tr.alert[data-id="{d.cmd("GET", f"/element/{r}/attribute/data-id")}"] .badge')[0]) == "open"]
            assert open_rows, "an open alert under this rule"
            alert_id = d.cmd("GET", f"/element/{open_rows[0]}/attribute/data-id")
            before = "open"
            d.type(d.find("#f-note"), "confirmed, then undone")
            d.click(d.find(f'#alerts tr.alert[data-id="{alert_id}"] button[data-act="confirmed"]'))
            wait_until(lambda: "confirmed 1 alert" in d.text(d.find("#undo")), "the undo button for this decision")
            d.click(d.find("#undo"))
            def reverted():
                status, hist = http("GET", f"{base}/alerts/{urllib.parse.quote(alert_id, safe='')}/history")
                return len(hist["history"]) >= 2 and hist["history"][-1]["to"] == before and hist["history"][-2]["to"] == "confirmed"
            wait_until(reverted, "the undo in the audit trail")
            d.screenshot(os.path.join(a.out, "ui-alerts-filtered.png"))

        def login_with_a_key():
            kport = free_port()
            keyed = subprocess.Popen([a.bin, "--db", a.db, "serve", "--bind", f"127.0.0.1:{kport}", "--api-keys", "ui-test:k3y-for-the-ui"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            kbase = f"http://127.0.0.1:{kport}"
            try:
                wait_until(lambda: http("GET", kbase + "/healthz")[0] == 200, "the keyed server", 120)
                assert http("GET", kbase + "/alerts")[0] == 401, "the API needs the key"
                d.go(kbase + "/#/alerts")
                wait_until(lambda: d.find("#login-key"), "the login card")
                d.type(d.find("#login-key"), "k3y-for-the-ui")
                d.click(d.find("#login-form button"))
                rows = wait_until(lambda: d.find_all("#alerts tr.alert"), "alerts after signing in", 60)
                alert_id = d.cmd("GET", f"/element/{rows[0]}/attribute/data-id")
                d.type(d.find("#f-note"), "signed-in decision")
                d.click(d.find(f'#alerts tr.alert[data-id="{alert_id}"] button[data-act="confirmed"]'))
                def recorded():
                    status, hist = http("GET", f"{kbase}/alerts/{urllib.parse.quote(alert_id, safe='')}/history", headers={"authorization": "ApiKey k3y-for-the-ui"})
                    return status == 200 and hist["history"] and hist["history"][-1]["actor"] == "ui-test"
                wait_until(recorded, "the decision under the key's label")
                d.screenshot(os.path.join(a.out, "ui-login.png"))
            finally:
                keyed.terminate()
                keyed.wait(10)

        def render_report():
            d.go("file://" + os.path.abspath(a.report))
            title = d.title()
            assert "Chokepoint" in title, title
            assert d.find("#headlines") and d.find("#chains svg"), "report sections"
            # The real-data part renders (from local files only: the page fetches nothing).
            assert d.find("#real-data") and d.find("#real-teardowns") and d.find("#real-surges svg"), "real-data sections"
            assert "7.2 %" in d.text(d.find("#real-data")), "the GUR headline"
            assert d.find("#contents a"), "the table of contents"
            d.screenshot(os.path.join(a.out, "report.png"))

        import urllib.parse  # noqa: E402 (used in dismiss_an_alert)
        step("screen_a_name", screen_a_name)
        step("triage_a_hit", triage_a_hit)
        step("human_labels", human_labels)
        step("dismiss_an_alert", dismiss_an_alert)
        step("filter_and_undo", filter_and_undo)
        step("centred_network", centred_network)
        step("render_report", render_report)
        step("login_with_a_key", login_with_a_key)
    finally:
        if d:
            d.quit()
        server.terminate()
        driver_proc.terminate()
        server.wait(10)
        driver_proc.wait(10)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
