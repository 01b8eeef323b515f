"""Bad input of every kind gets the right status and the error envelope, and the gateway stays up."""

import base64
import json
import pathlib
import time

import httpx
import pytest

CHAT = "/ai/v2/chat/completions"
BUILT_IN_POLICY = json.loads(
    (pathlib.Path(__file__).parent.parent / "Sources/FlourishRouting/Resources/catalog.json").read_text()
)["routing_policy"]


def envelope_ok(response, status):
    assert response.status_code == status, response.text
    body = response.json()
    error = body["error"]
    for key in ("message", "type", "param", "code", "fault", "retryable"):
        assert key in error, key
    assert body["request_id"]
    return error


@pytest.fixture()
def post(gateway, token):
    def send(body, headers=None, raw=False):
        headers = {"authorization": f"Bearer {token}", "content-type": "application/json", **(headers or {})}
        content = body if raw else json.dumps(body)
        return httpx.post(gateway.url + CHAT, content=content, headers=headers, timeout=60)
    return send


@pytest.mark.parametrize("body, status, param", [
    ('{"model": "gloo-openai-gpt-5-mini", "messages": [', 400, None),
    ("[]", 400, None),
    ('{"model": "gloo-openai-gpt-5-mini", "messages": "hi"}', 400, "messages"),
    ('{"model": "gloo-openai-gpt-5-mini", "messages": []}', 400, "messages"),
    ('{"model": "gloo-openai-gpt-5-mini", "messages": [{"role": "user", "content": 5}]}', 400, "messages[0].content"),
    ('{"model": "gloo-openai-gpt-5-mini", "messages": [{"role": "user", "content": "x"}], "temperature": "1"}', 400, "temperature"),
    ('{"model": "gloo-openai-gpt-5-mini", "messages": [{"role": "user", "content": "x"}], "max_tokens": -1}', 400, "max_tokens"),
    ('{"model": "gloo-openai-gpt-5-mini", "messages": [{"role": "user", "content": "x"}], "tools": {}}', 400, "tools"),
    ('{"model": "gloo-openai-gpt-99", "messages": [{"role": "user", "content": "x"}]}', 404, "model"),
    ('{"auto_routing": true, "model": "gloo-openai-gpt-5-mini", "messages": [{"role": "user", "content": "x"}]}', 400, "model"),
    ('{"messages": [{"role": "user", "content": "x"}]}', 400, "model"),
    ('{"model_family": "klingon", "messages": [{"role": "user", "content": "x"}]}', 422, "model_family"),
    ('{"model": "gloo-openai-gpt-5-mini", "tradition": "gnostic", "messages": [{"role": "user", "content": "x"}]}', 422, "tradition"),
])
def test_invalid_requests(post, body, status, param):
    error = envelope_ok(post(body, raw=True), status)
    assert error["param"] == param
    assert error["fault"] == "client" and error["retryable"] is False


def test_huge_body_is_413(post):
    huge = '{"model": "gloo-openai-gpt-5-mini", "messages": [{"role": "user", "content": "' + "a" * (17 << 20) + '"}]}'
    envelope_ok(post(huge, raw=True), 413)


def test_upstream_5xx_is_502(gateway, token, tmp_path):
    # A model mapped to the fake upstream's failing model, through a replacement catalog.
    error = None
    catalog = {"version": "2026-01-01", "routing_policy": BUILT_IN_POLICY, "models": [{
        "id": "gloo-fail", "name": "Fail", "family": "Open Source", "provider": "open_source",
        "upstream_model": "fail-500", "tier": "tier_1", "context_window": 8192, "max_output_tokens": 1024,
        "pricing": {"input_per_million": 0.1, "output_per_million": 0.1}}]}
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(catalog))
    from conftest import Gateway
    other = Gateway(gateway.env["OPEN_SOURCE_BASE_URL"], {"FLOURISH_MODELS": str(path)})
    try:
        other_token = other.token(other.create_client())
        response = httpx.post(other.url + CHAT, json={"model": "gloo-fail", "messages": [{"role": "user", "content": "x"}]},
                              headers={"authorization": f"Bearer {other_token}"})
        error = envelope_ok(response, 502)
        assert error["fault"] == "provider" and error["retryable"] is True
        assert "upstream exploded" in error["message"]
    finally:
        other.stop()


def test_missing_tampered_and_expired_tokens(gateway, token):
    def call(headers):
        return httpx.post(gateway.url + CHAT, headers=headers,
                          json={"model": "gloo-openai-gpt-5-mini", "messages": [{"role": "user", "content": "x"}]})
    envelope_ok(call({}), 401)
    envelope_ok(call({"authorization": "Bearer"}), 401)
    envelope_ok(call({"authorization": "Token abc"}), 401)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["exp"] = int(time.time()) + 10 ** 6
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    envelope_ok(call({"authorization": f"Bearer {header}.{forged}.{signature}"}), 401)
    claims["exp"] = int(time.time()) - 10
    expired = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    envelope_ok(call({"authorization": f"Bearer {header}.{expired}.{signature}"}), 401)


def test_token_endpoint_errors(gateway, credentials):
    url = gateway.url + "/oauth2/token"
    wrong = httpx.post(url, data={"grant_type": "client_credentials"}, auth=(credentials["client_id"], "wrong"))
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    assert wrong.headers["www-authenticate"].startswith("Basic")
    assert wrong.headers["cache-control"] == "no-store"
    grant = httpx.post(url, data={"grant_type": "password"}, auth=(credentials["client_id"], credentials["client_secret"]))
    assert grant.status_code == 400 and grant.json()["error"] == "unsupported_grant_type"
    scope = httpx.post(url, data={"grant_type": "client_credentials", "scope": "admin"},
                       auth=(credentials["client_id"], credentials["client_secret"]))
    assert scope.status_code == 400 and scope.json()["error"] == "invalid_scope"
    missing = httpx.post(url, data={"client_id": credentials["client_id"], "client_secret": credentials["client_secret"]})
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"


def test_gateway_is_healthy_after_all_of_it(gateway):
    assert httpx.get(gateway.url + "/healthz").json() == {"status": "ok"}
    metrics = httpx.get(gateway.url + "/metrics").text
    assert 'flourish_http_requests_total{route="/ai/v2/chat/completions",status="400"}' in metrics
