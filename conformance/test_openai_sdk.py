"""The official OpenAI Python SDK against a running Flourish, as Gloo's quickstart uses it."""

import asyncio
import json

import httpx
import openai
import pytest
from openai import AsyncOpenAI, OpenAI

from conftest import Gateway

METADATA = ("provider", "model_family", "auto_routing", "routing_mechanism")


@pytest.fixture()
def client(gateway, token):
    return OpenAI(api_key=token, base_url=gateway.url + "/ai/v2")


def extras(model):
    return model.model_extra or {}


def test_gloo_quickstart_direct_model(client):
    response = client.chat.completions.create(
        model="gloo-openai-gpt-5-mini",
        messages=[{"role": "user", "content": "How can I be a better leader?"}],
        max_tokens=500, temperature=0.7)
    assert response.object == "chat.completion"
    assert response.model == "gloo-openai-gpt-5-mini"
    assert response.choices[0].message.role == "assistant"
    assert response.choices[0].message.content
    assert response.choices[0].finish_reason == "stop"
    assert response.usage.total_tokens == response.usage.prompt_tokens + response.usage.completion_tokens
    meta = extras(response)
    assert all(key in meta for key in METADATA)
    assert meta["routing_mechanism"] == "direct_model_selection"
    assert meta["provider"] == "openai"
    assert meta["model_family"] == "OpenAI"
    assert "routing_tier" not in meta


def test_reasoning_model_parameters_are_translated(client, last_upstream_request):
    client.chat.completions.create(
        model="gloo-openai-gpt-5-mini", messages=[{"role": "user", "content": "Hi"}], max_tokens=500, temperature=0.7)
    sent = last_upstream_request()
    assert sent["model"] == "gpt-5-mini"
    assert sent["max_completion_tokens"] == 500
    assert "max_tokens" not in sent and "temperature" not in sent


def test_model_family_and_tradition_through_extra_body(client, last_upstream_request):
    response = client.chat.completions.create(
        model="", messages=[{"role": "system", "content": "Reply in one line."},
                            {"role": "user", "content": "What is the gospel?"}],
        extra_body={"model_family": "open source", "tradition": "evangelical", "seed": 3})
    meta = extras(response)
    assert meta["routing_mechanism"] == "model_family"
    assert meta["model_family"] == "Open Source"
    assert meta["routing_tier"] in ("tier_1", "tier_2", "tier_3")
    assert 0 <= meta["routing_confidence"] <= 1
    assert meta["tradition"] == "evangelical"
    sent = last_upstream_request()
    assert sent["seed"] == 3, "unknown fields are forwarded"
    assert "tradition" not in sent and "model_family" not in sent
    system = sent["messages"][0]["content"]
    assert "evangelical" in system.lower() and system.endswith("Reply in one line.")


def test_stream_with_usage(client):
    stream = client.chat.completions.create(
        model="gloo-openai-gpt-5-nano", messages=[{"role": "user", "content": "Say hello"}],
        stream=True, stream_options={"include_usage": True})
    chunks = list(stream)
    content_chunks = [c for c in chunks if c.choices]
    assert content_chunks[0].choices[0].delta.role == "assistant"
    assert content_chunks[-1].choices[0].finish_reason == "stop"
    assert "".join(c.choices[0].delta.content or "" for c in content_chunks).strip() == "echo: Say hello"
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens > 0
    for chunk in chunks:
        assert chunk.model == "gloo-openai-gpt-5-nano"
        assert all(key in extras(chunk) for key in METADATA)


def test_streams_keep_the_connection_open(gateway, token):
    """Streamed answers leave the connection open, so an SDK's next request skips a new handshake."""
    with httpx.Client(base_url=gateway.url + "/ai/v2", headers={"authorization": f"Bearer {token}"}) as http:
        ports = []
        for _ in range(3):
            with http.stream("POST", "/chat/completions", json={
                    "model": "gloo-openai-gpt-5-nano", "stream": True,
                    "messages": [{"role": "user", "content": "Say hello"}]}) as response:
                assert response.status_code == 200
                assert response.headers.get("connection", "").lower() != "close"
                assert b"data: [DONE]" in b"".join(response.iter_bytes())
                ports.append(response.extensions["network_stream"].get_extra_info("client_addr")[1])
        assert len(set(ports)) == 1, "all three streams went over one connection"


def test_quiet_streams_get_heartbeats_the_sdk_ignores(upstream):
    """While the upstream is silent, the stream carries SSE comments; the SDK reads the answer as usual."""
    gateway = Gateway(upstream, {"FLOURISH_STREAM_HEARTBEAT_SECONDS": "0.2"})
    try:
        token = gateway.token(gateway.create_client())
        client = OpenAI(base_url=gateway.url + "/ai/v2", api_key=token)
        stream = client.chat.completions.create(
            model="gloo-openai-gpt-5-nano", stream=True, messages=[{"role": "user", "content": "trigger:pause"}])
        assert "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices).strip() == \
            "echo: trigger:pause"
        raw = httpx.post(gateway.url + "/ai/v2/chat/completions", headers={"authorization": f"Bearer {token}"},
                         json={"model": "gloo-openai-gpt-5-nano", "stream": True,
                               "messages": [{"role": "user", "content": "trigger:pause"}]}, timeout=10)
        assert "\n\n: keep-alive\n\n" in raw.text
    finally:
        gateway.stop()


def test_tools_round_trip(client):
    tools = [{"type": "function", "function": {
        "name": "get_weather", "description": "Weather for a city",
        "parameters": {"type": "object", "properties": {"location": {"type": "string"},
                                                        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
                       "required": ["location"]}}}]
    messages = [{"role": "user", "content": "Weather in Paris?"}]
    first = client.chat.completions.create(
        model="gloo-deepseek-v3.2", messages=messages, tools=tools, tool_choice="required")
    call = first.choices[0].message.tool_calls[0]
    assert first.choices[0].finish_reason == "tool_calls"
    assert json.loads(call.function.arguments)["location"] == "Paris"
    messages += [first.choices[0].message.model_dump(exclude_none=True),
                 {"role": "tool", "tool_call_id": call.id, "content": "18 C and sunny"}]
    second = client.chat.completions.create(model="gloo-deepseek-v3.2", messages=messages, tools=tools)
    assert "18 C and sunny" in second.choices[0].message.content


def test_streamed_tool_call_deltas(client):
    tools = [{"type": "function", "function": {"name": "lookup_verse", "parameters": {
        "type": "object", "properties": {"reference": {"type": "string"}}}}}]
    stream = client.chat.completions.create(
        model="gloo-meta-llama-3.1-8b-instruct", messages=[{"role": "user", "content": "John 3:16"}],
        tools=tools, tool_choice="auto", stream=True)
    name, arguments, finish = None, "", None
    for chunk in stream:
        if not chunk.choices:
            continue
        for delta in chunk.choices[0].delta.tool_calls or []:
            name = name or (delta.function and delta.function.name)
            arguments += (delta.function and delta.function.arguments) or ""
        finish = chunk.choices[0].finish_reason or finish
    assert name == "lookup_verse"
    assert json.loads(arguments) == {"reference": "x"}
    assert finish == "tool_calls"


def test_async_client_stream_and_create(gateway, token):
    asyncio.run(async_client_stream_and_create(gateway, token))


async def async_client_stream_and_create(gateway, token):
    client = AsyncOpenAI(api_key=token, base_url=gateway.url + "/ai/v2")
    response = await client.chat.completions.create(
        model="gloo-openai-gpt-oss-120b", messages=[{"role": "user", "content": "Hi"}])
    assert response.choices[0].message.content == "echo: Hi"
    stream = await client.chat.completions.create(
        model="gloo-openai-gpt-oss-120b", messages=[{"role": "user", "content": "Hi there"}], stream=True)
    text = "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])
    assert text.strip() == "echo: Hi there"
    await client.close()


def test_models_list(client):
    models = client.models.list().data
    ids = [model.id for model in models]
    assert len(ids) == 18, "the 15 Gloo models and 3 local ones"
    assert "gloo-anthropic-claude-sonnet-4.5" in ids and "gloo-openai-gpt-oss-120b" in ids
    available = {model.id for model in models if model.model_extra["available"]}
    assert "gloo-openai-gpt-5-mini" in available, "OPENAI_API_KEY is set"
    assert "gloo-deepseek-v3.2" in available, "the open-source server lists it"
    assert "gloo-anthropic-claude-haiku-4.5" not in available and "gloo-qwen-2.5-coder-1.5b-instruct" not in available


def test_sdk_errors_map_to_sdk_exceptions(client, gateway):
    with pytest.raises(openai.BadRequestError) as conflict:
        client.chat.completions.create(
            model="gloo-openai-gpt-5-mini", messages=[{"role": "user", "content": "x"}],
            extra_body={"model_family": "openai"})
    assert conflict.value.body["code"] == "conflicting_routing_mechanisms"
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model="gloo-openai-gpt-99", messages=[{"role": "user", "content": "x"}])
    with pytest.raises(openai.APIStatusError) as unconfigured:
        client.chat.completions.create(
            model="gloo-anthropic-claude-haiku-4.5", messages=[{"role": "user", "content": "x"}])
    assert unconfigured.value.status_code == 503
    assert "ANTHROPIC_API_KEY" in unconfigured.value.message
    with pytest.raises(openai.AuthenticationError):
        OpenAI(api_key="not-a-token", base_url=gateway.url + "/ai/v2").chat.completions.create(
            model="gloo-openai-gpt-5-mini", messages=[{"role": "user", "content": "x"}])
