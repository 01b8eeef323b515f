"""A real model through Flourish: the local open-source server started by `scripts/local-model start`.

The gateway runs with no provider keys, as a newcomer's does, so every routed request must reach the
local model. Assertions are on structure (finish reasons, tool calls, JSON arguments, metadata), never
on wording, which changes between CPUs and builds.
"""

import json
import os

import httpx
import pytest
from openai import OpenAI

from conftest import Gateway

LOCAL_URL = os.environ.get("LOCAL_MODEL_URL", "http://127.0.0.1:8081/v1")
LOCAL_MODEL = "gloo-qwen-2.5-coder-1.5b-instruct"
WEATHER = [{"type": "function", "function": {
    "name": "get_weather", "description": "Get the current weather in a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "City name"}},
                   "required": ["city"]}}}]


@pytest.fixture(scope="module")
def local_gateway():
    if os.environ.get("FLOURISH_SKIP_LOCAL_MODEL") == "1":
        pytest.skip("FLOURISH_SKIP_LOCAL_MODEL=1: the real-model tests were asked not to run")
    try:
        models = httpx.get(LOCAL_URL + "/models", timeout=5).json()
    except httpx.HTTPError as error:
        pytest.fail(f"no local model at {LOCAL_URL} ({error}); run `scripts/local-model start` first")
    assert any(m["id"] == "qwen2.5-coder-1.5b" for m in models["data"]), models
    # No keys at all: an empty OPENAI_API_KEY counts as unset.
    gateway = Gateway(LOCAL_URL, {"OPENAI_API_KEY": "", "OPEN_SOURCE_BASE_URL": LOCAL_URL})
    yield gateway
    gateway.stop()


@pytest.fixture(scope="module")
def client(local_gateway):
    token = local_gateway.token(local_gateway.create_client("local-model"))
    return OpenAI(api_key=token, base_url=local_gateway.url + "/ai/v2", timeout=120, max_retries=0)


def metadata(response):
    return response.model_extra or {}


def test_only_the_local_model_is_available(client):
    available = {m.id for m in client.models.list().data if m.model_extra["available"]}
    assert available == {LOCAL_MODEL}


def test_plain_completion(client):
    response = client.chat.completions.create(
        model=LOCAL_MODEL, messages=[{"role": "user", "content": "What is the capital of France? One word."}],
        max_tokens=32, temperature=0)
    assert response.choices[0].message.content.strip()
    assert response.choices[0].finish_reason in ("stop", "length")
    assert response.usage.prompt_tokens > 0 and response.usage.completion_tokens > 0
    meta = metadata(response)
    assert meta["provider"] == "open-source" and meta["model_family"] == "Open Source"
    assert meta["routing_mechanism"] == "direct_model_selection"


def test_stream_with_usage(client):
    chunks = list(client.chat.completions.create(
        model=LOCAL_MODEL, messages=[{"role": "user", "content": "Count from 1 to 5."}], max_tokens=40,
        temperature=0, stream=True, stream_options={"include_usage": True}))
    with_choices = [c for c in chunks if c.choices]
    assert with_choices[0].choices[0].delta.role == "assistant"
    assert "".join(c.choices[0].delta.content or "" for c in with_choices).strip()
    assert with_choices[-1].choices[0].finish_reason in ("stop", "length")
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0
    assert all(metadata(c)["model_family"] == "Open Source" for c in chunks)


@pytest.mark.parametrize("tool_choice", ["auto", "required"])
def test_tool_call(client, tool_choice):
    response = client.chat.completions.create(
        model=LOCAL_MODEL, messages=[{"role": "user", "content": "What is the weather in Paris right now?"}],
        tools=WEATHER, tool_choice=tool_choice, max_tokens=80, temperature=0)
    choice = response.choices[0]
    assert choice.finish_reason == "tool_calls"
    call = choice.message.tool_calls[0]
    assert call.function.name == "get_weather"
    assert "city" in json.loads(call.function.arguments)


@pytest.mark.parametrize("tool_choice", ["auto", "required"])
def test_streamed_tool_call(client, tool_choice):
    stream = client.chat.completions.create(
        model=LOCAL_MODEL, messages=[{"role": "user", "content": "What is the weather in Rome right now?"}],
        tools=WEATHER, tool_choice=tool_choice, max_tokens=80, temperature=0, stream=True)
    name, arguments, finish = None, "", None
    for chunk in stream:
        if not chunk.choices:
            continue
        for delta in chunk.choices[0].delta.tool_calls or []:
            name = name or (delta.function and delta.function.name)
            arguments += (delta.function and delta.function.arguments) or ""
        finish = chunk.choices[0].finish_reason or finish
    assert name == "get_weather"
    assert "city" in json.loads(arguments)
    assert finish == "tool_calls"


def test_tool_result_round_trip(client):
    messages = [{"role": "user", "content": "What is the weather in Paris right now?"}]
    first = client.chat.completions.create(
        model=LOCAL_MODEL, messages=messages, tools=WEATHER, tool_choice="required", max_tokens=80, temperature=0)
    call = first.choices[0].message.tool_calls[0]
    messages += [first.choices[0].message.model_dump(exclude_none=True),
                 {"role": "tool", "tool_call_id": call.id, "content": json.dumps({"city": "Paris", "celsius": 18})}]
    second = client.chat.completions.create(model=LOCAL_MODEL, messages=messages, max_tokens=80, temperature=0)
    assert second.choices[0].message.content.strip()
    assert second.choices[0].finish_reason in ("stop", "length")


def test_auto_routing_reaches_the_local_model(client):
    response = client.chat.completions.create(
        model="", messages=[{"role": "user", "content": "Say hello in French."}], max_tokens=24, temperature=0,
        extra_body={"auto_routing": True})
    meta = metadata(response)
    assert response.model == LOCAL_MODEL
    assert meta["routing_mechanism"] == "auto_routing" and meta["auto_routing"] is True
    assert meta["routing_tier"] in ("tier_1", "tier_2", "tier_3")
    assert 0 <= meta["routing_confidence"] <= 1
    assert response.choices[0].message.content.strip()


def test_tradition_on_a_family_with_no_key_falls_back_to_the_local_model(client):
    stream = client.chat.completions.create(
        model="", messages=[{"role": "user", "content": "In one sentence, what is grace?"}], max_tokens=48,
        temperature=0, stream=True, extra_body={"model_family": "openai", "tradition": "catholic"})
    chunks = list(stream)
    assert all(metadata(c)["tradition"] == "catholic" for c in chunks)
    assert all(c.model == LOCAL_MODEL and metadata(c)["model_family"] == "Open Source" for c in chunks)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices).strip()


def test_direct_selection_of_an_unconfigured_provider_names_the_variable(client):
    import openai
    with pytest.raises(openai.APIStatusError) as error:
        client.chat.completions.create(model="gloo-openai-gpt-5-mini", messages=[{"role": "user", "content": "x"}])
    assert error.value.status_code == 503 and "OPENAI_API_KEY" in error.value.message
