"""The web desk logged in as ana, each main page saved as a PNG (see desk-screenshots.sh)."""
import base64, json, os, subprocess, time, urllib.request
drv = subprocess.Popen(["chromedriver", "--port=9517"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(1)
def call(method, path, body=None):
    req = urllib.request.Request("http://127.0.0.1:9517" + path, method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))["value"]
try:
    s = call("POST", "/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": ["--headless=new", "--no-sandbox", "--window-size=1280,1100", "--disable-gpu"]}}}})["sessionId"]
    D = os.environ["DESK"]
    def go(url): call("POST", f"/session/{s}/url", {"url": url})
    def el(css): return list(call("POST", f"/session/{s}/element", {"using": "css selector", "value": css}).values())[0]
    go(D + "/login")
    call("POST", f"/session/{s}/element/{el('input[name=name]')}/value", {"text": "ana"})
    call("POST", f"/session/{s}/element/{el('input[name=password]')}/value", {"text": "a long enough passphrase"})
    call("POST", f"/session/{s}/element/{el('form button')}/click", {})
    time.sleep(1)
    for name, path in [("desk", "/"), ("queue", "/queue?whose=all"), ("article", "/articles/syria-truce"), ("audit", "/audit"), ("compare", "/articles/syria-truce/compare?from=1&to=2")]:
        go(D + path); time.sleep(0.7)
        png = base64.b64decode(call("GET", f"/session/{s}/screenshot"))
        open(os.path.join(os.environ["OUT"], f"{name}.png"), "wb").write(png)
        print(name, len(png))
    call("DELETE", f"/session/{s}")
finally:
    drv.kill()
