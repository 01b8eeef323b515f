"""OAuth2 client credentials with authlib, the way a third-party client library does it."""

import json
import time

import httpx
from authlib.integrations.httpx_client import OAuth2Client

from conftest import Gateway


def test_fetch_token_with_basic_and_post(gateway, credentials):
    for method in ("client_secret_basic", "client_secret_post"):
        client = OAuth2Client(credentials["client_id"], credentials["client_secret"],
                              token_endpoint_auth_method=method, scope="api/access")
        token = client.fetch_token(gateway.url + "/oauth2/token", grant_type="client_credentials")
        assert token["token_type"] == "Bearer"
        assert token["expires_in"] == 3600
        assert token["scope"] == "api/access"


def test_refresh_on_expiry(upstream):
    gateway = Gateway(upstream, {"FLOURISH_TESTING_TOKEN_LIFETIME_SECONDS": "2"})
    try:
        credentials = gateway.create_client()
        endpoint = gateway.url + "/oauth2/token"
        client = OAuth2Client(credentials["client_id"], credentials["client_secret"], scope="api/access",
                              token_endpoint=endpoint, grant_type="client_credentials", leeway=0)
        first = client.fetch_token(endpoint, grant_type="client_credentials")
        body = {"model": "gloo-openai-gpt-5-mini", "messages": [{"role": "user", "content": "hi"}]}
        assert client.post(gateway.url + "/ai/v2/chat/completions", json=body).status_code == 200
        time.sleep(2.5)
        stale = httpx.post(gateway.url + "/ai/v2/chat/completions", json=body,
                           headers={"authorization": f"Bearer {first['access_token']}"})
        assert stale.status_code == 401 and "expired" in stale.json()["error"]["message"]
        # authlib sees the token expired and fetches a new one before the request.
        response = client.post(gateway.url + "/ai/v2/chat/completions", json=body)
        assert response.status_code == 200
        assert client.token["access_token"] != first["access_token"]
    finally:
        gateway.stop()


def test_cli_revoke_and_rotate_take_effect_on_the_running_gateway(gateway):
    credentials = gateway.create_client("to-revoke")
    token = gateway.token(credentials)
    body = {"model": "gloo-openai-gpt-5-mini", "messages": [{"role": "user", "content": "hi"}]}
    headers = {"authorization": f"Bearer {token}"}
    assert httpx.post(gateway.url + "/ai/v2/chat/completions", json=body, headers=headers).status_code == 200

    rotated = json.loads(gateway.cli("clients", "rotate", credentials["client_id"], "--json"))
    assert rotated["client_id"] == credentials["client_id"] and rotated["client_secret"] != credentials["client_secret"]
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        status = httpx.post(gateway.url + "/ai/v2/chat/completions", json=body, headers=headers).status_code
        if status == 401:
            break
        time.sleep(0.1)
    assert status == 401, "the rotated-away token still works"
    old = httpx.post(gateway.url + "/oauth2/token", data={"grant_type": "client_credentials"},
                     auth=(credentials["client_id"], credentials["client_secret"]))
    assert old.status_code == 401

    new_token = gateway.token(rotated)
    assert httpx.post(gateway.url + "/ai/v2/chat/completions", json=body,
                      headers={"authorization": f"Bearer {new_token}"}).status_code == 200
    gateway.cli("clients", "revoke", credentials["client_id"])
    listing = gateway.cli("clients", "list", "--json")
    entry = next(c for c in json.loads(listing) if c["client_id"] == credentials["client_id"])
    assert entry["revoked_at"]
    assert "client_secret" not in listing
    assert httpx.post(gateway.url + "/oauth2/token", data={"grant_type": "client_credentials"},
                      auth=(rotated["client_id"], rotated["client_secret"])).status_code == 401
