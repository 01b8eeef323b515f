"""Fallbacks and circuit breakers seen through the OpenAI SDK: a failing open-source upstream, an Anthropic one
that answers."""

import json
import pathlib
import time

import openai
import pytest
from openai import OpenAI

from conftest import Gateway

POLICY = json.loads(
    (pathlib.Path(__file__).parent.parent / "Sources/FlourishRouting/Resources/catalog.json").read_text()
)["routing_policy"]


def model(model_id, family, provider, upstream, price):
    return {"id": model_id, "name": model_id, "family": family, "provider": provider, "upstream_model": upstream,
            "tier": "tier_1", "context_window": 32768, "max_output_tokens": 1024,
            "pricing": {"input_per_million": price, "output_per_million": price}}


@pytest.fixture(scope="module")
def fallback_gateway(upstream, tmp_path_factory):
    policy = {**POLICY, "circuit_breaker": {"failures_to_open": 2, "open_seconds": 1}}
    catalog = {"version": "conformance", "routing_policy": policy, "models": [
        model("gloo-failing", "Open Source", "open_source", "fail-500", 0),
        model("gloo-claude", "Anthropic", "anthropic", "claude-haiku-4-5", 1)]}
    path = tmp_path_factory.mktemp("fallbacks") / "catalog.json"
    path.write_text(json.dumps(catalog))
    root = upstream.removesuffix("/v1")
    gateway = Gateway(upstream, {"FLOURISH_MODELS": str(path), "ANTHROPIC_BASE_URL": root,
                                 "ANTHROPIC_API_KEY": "sk-ant-fake"})
    yield gateway
    gateway.stop()


@pytest.fixture(scope="module")
def client(fallback_gateway):
    token = fallback_gateway.token(fallback_gateway.create_client())
    return OpenAI(api_key=token, base_url=fallback_gateway.url + "/ai/v2", max_retries=0)


def ask(client, stream=False, **routing):
    # The SDK insists on `model`; Flourish reads an empty one as absent.
    return client.chat.completions.with_raw_response.create(
        model="", messages=[{"role": "user", "content": "hi"}], stream=stream, extra_body=routing)


def test_fallbacks_then_breaker_then_probe(client):
    # Two failures in a row open the open-source breaker; each request is still answered by Anthropic.
    for _ in range(2):
        raw = ask(client, auto_routing=True)
        completion = raw.parse()
        assert completion.model == "gloo-claude"
        assert completion.model_extra["model_family"] == "Anthropic"
        assert raw.headers["flourish-attempts"] == (
            "gloo-failing;provider=open_source;result=500, gloo-claude;provider=anthropic;result=200")
    # Open: the failing provider is left out of the plan.
    raw = ask(client, auto_routing=True)
    assert raw.headers["flourish-attempts"] == "gloo-claude;provider=anthropic;result=200"
    # After open_seconds one probe tries it again.
    time.sleep(1.1)
    raw = ask(client, auto_routing=True)
    assert raw.headers["flourish-attempts"].startswith("gloo-failing;provider=open_source;result=500")


def test_stream_falls_back_before_the_first_byte(client):
    time.sleep(1.1)
    with client.chat.completions.with_streaming_response.create(
            model="", messages=[{"role": "user", "content": "hi"}], stream=True,
            extra_body={"auto_routing": True}) as raw:
        assert raw.headers["flourish-attempts"].endswith("gloo-claude;provider=anthropic;result=200")
        chunks = list(raw.parse())
    assert chunks and all(chunk.model == "gloo-claude" for chunk in chunks)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


def test_direct_selection_does_not_fall_back(client):
    with pytest.raises(openai.APIStatusError) as failure:
        client.chat.completions.create(model="gloo-failing", messages=[{"role": "user", "content": "hi"}])
    assert failure.value.status_code in (502, 503)
    assert failure.value.response.headers["flourish-attempts"].startswith("gloo-failing;provider=open_source")
