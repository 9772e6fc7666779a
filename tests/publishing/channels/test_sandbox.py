"""The sandboxes themselves: loopback only, fault injection over HTTP, the command line's control verbs."""

import json

import httpx
import pytest

from publishing.channels.sandbox import SandboxServer, WechatSandbox
from publishing.channels.sandbox.__main__ import main as sandbox_main


def test_sandboxes_listen_on_loopback_only():
    with pytest.raises(ValueError):
        SandboxServer(WechatSandbox(), host="0.0.0.0")  # noqa: S104 - the point of the test


def test_faults_are_injected_cleared_and_consumed_over_http():
    app = WechatSandbox()
    with SandboxServer(app) as server:
        with httpx.Client(base_url=server.url) as http:
            fault = http.post("/_sandbox/faults", json={"path": "/cgi-bin/draft/add", "kind": "error", "value": 53503, "times": 2})
            assert fault.json()["kind"] == "error"
            token = http.post("/cgi-bin/stable_token", json={
                "grant_type": "client_credential", "appid": app.app_id, "secret": app.secret,
            }).json()["access_token"]
            answers = [http.post("/cgi-bin/draft/add", params={"access_token": token}, json={}).json() for _ in range(3)]
            assert [a["errcode"] for a in answers] == [53503, 53503, 44003]
            http.post("/_sandbox/faults", json={"path": "*", "kind": "http", "value": 500, "times": 0})
            assert http.post("/cgi-bin/freepublish/get", json={}).status_code == 500
            assert http.delete("/_sandbox/faults").json() == {"cleared": True}
            state = http.get("/_sandbox/state").json()
            assert state["token_fetches"] == 1 and state["faults"] == []
            assert http.post("/_sandbox/faults", json={"path": "/x", "kind": "nonsense"}).status_code == 400


def test_stable_token_checks_credentials_and_spaces_forced_refreshes():
    app = WechatSandbox()
    with SandboxServer(app) as server, httpx.Client(base_url=server.url) as http:
        body = {"grant_type": "client_credential", "appid": app.app_id, "secret": app.secret}
        assert http.post("/cgi-bin/stable_token", json={**body, "secret": "no"}).json()["errcode"] == 40125
        assert http.post("/cgi-bin/stable_token", json={**body, "appid": "no"}).json()["errcode"] == 40013
        first = http.post("/cgi-bin/stable_token", json=body).json()["access_token"]
        assert http.post("/cgi-bin/stable_token", json=body).json()["access_token"] == first
        forced = http.post("/cgi-bin/stable_token", json={**body, "force_refresh": True}).json()["access_token"]
        assert forced != first
        # A second forced refresh within 30 seconds does not refresh.
        again = http.post("/cgi-bin/stable_token", json={**body, "force_refresh": True}).json()["access_token"]
        assert again == forced
        old = http.post("/cgi-bin/media/uploadimg", params={"access_token": first}).json()
        assert old["errcode"] == 40001


def test_the_command_line_injects_and_reads_state(capsys):
    app = WechatSandbox()
    with SandboxServer(app) as server:
        sandbox_main(["fault", "--url", server.url, "--path", "/cgi-bin/draft/add", "--kind", "error", "--value", "-1"])
        assert json.loads(capsys.readouterr().out)["value"] == -1
        sandbox_main(["state", "--url", server.url])
        assert json.loads(capsys.readouterr().out)["faults"][0]["path"] == "/cgi-bin/draft/add"
        sandbox_main(["clear", "--url", server.url])
        assert app.faults == []
        with pytest.raises(SystemExit):
            sandbox_main(["state", "--url", "http://example.com:9101"])
