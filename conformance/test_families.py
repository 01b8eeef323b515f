"""The same scenarios through Flourish for every family: OpenAI and open source over the OpenAI protocol,
Anthropic over Messages, Google over Gemini, each against the faithful fake upstream (test_fakes.py)."""

import json

import httpx
import openai
import pytest
from openai import OpenAI

from conftest import Gateway

FAMILIES = ["openai", "anthropic", "google", "open source"]
TITLES = {"openai": "OpenAI", "anthropic": "Anthropic", "google": "Google", "open source": "Open Source"}
WEATHER = [{"type": "function", "function": {
    "name": "get_weather", "description": "Weather in a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]
PIXEL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


@pytest.fixture(scope="module")
def every_family(upstream):
    root = upstream.removesuffix("/v1")
    gateway = Gateway(upstream, {
        "ANTHROPIC_BASE_URL": root, "ANTHROPIC_API_KEY": "sk-ant-fake",
        "GEMINI_BASE_URL": root, "GEMINI_API_KEY": "gemini-fake"})
    yield gateway
    gateway.stop()


@pytest.fixture(scope="module")
def client(every_family):
    token = every_family.token(every_family.create_client("families"))
    return OpenAI(api_key=token, base_url=every_family.url + "/ai/v2", max_retries=0)


def ask(client, family, content, **kwargs):
    extra = {"model_family": family, **kwargs.pop("extra_body", {})}
    return client.chat.completions.create(
        model="", messages=content if isinstance(content, list) else [{"role": "user", "content": content}],
        extra_body=extra, **kwargs)


@pytest.mark.parametrize("family", FAMILIES)
def test_plain(client, family):
    response = ask(client, family, "Hello")
    assert response.choices[0].message.content.strip() == "echo: Hello"
    assert response.choices[0].finish_reason == "stop"
    assert response.usage.prompt_tokens == 11 and response.usage.completion_tokens == 7
    assert response.model_extra["model_family"] == TITLES[family]
    assert response.id.startswith("gen-")


@pytest.mark.parametrize("family", FAMILIES)
def test_stream_with_usage(client, family):
    chunks = list(ask(client, family, "Hello there", stream=True, stream_options={"include_usage": True}))
    with_choices = [c for c in chunks if c.choices]
    assert with_choices[0].choices[0].delta.role == "assistant"
    assert "".join(c.choices[0].delta.content or "" for c in with_choices).strip() == "echo: Hello there"
    assert with_choices[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].usage.total_tokens == 18
    assert all(c.model_extra["model_family"] == TITLES[family] for c in chunks)
    assert len({c.id for c in chunks}) == 1


@pytest.mark.parametrize("family", FAMILIES)
def test_tool_call_and_result_round_trip(client, family):
    messages = [{"role": "user", "content": "Weather in Paris?"}]
    first = ask(client, family, messages, tools=WEATHER, tool_choice="required")
    call = first.choices[0].message.tool_calls[0]
    assert first.choices[0].finish_reason == "tool_calls"
    assert call.id and call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"city": "Paris"}
    messages += [first.choices[0].message.model_dump(exclude_none=True),
                 {"role": "tool", "tool_call_id": call.id, "content": '{"celsius": 18}'}]
    second = ask(client, family, messages, tools=WEATHER)
    assert "18" in second.choices[0].message.content


@pytest.mark.parametrize("family", FAMILIES)
def test_streamed_tool_call(client, family):
    name, arguments, ids, finish = None, "", set(), None
    for chunk in ask(client, family, "Weather in Paris?", tools=WEATHER, stream=True):
        if not chunk.choices:
            continue
        for delta in chunk.choices[0].delta.tool_calls or []:
            name = name or (delta.function and delta.function.name)
            arguments += (delta.function and delta.function.arguments) or ""
            if delta.id:
                ids.add(delta.id)
        finish = chunk.choices[0].finish_reason or finish
    assert name == "get_weather" and json.loads(arguments) == {"city": "Paris"}
    assert len(ids) == 1 and finish == "tool_calls"


@pytest.mark.parametrize("family", FAMILIES)
def test_image_part(client, family):
    content = [{"type": "text", "text": "What is this?"}, {"type": "image_url", "image_url": {"url": PIXEL}}]
    response = ask(client, family, [{"role": "user", "content": content}])
    assert response.choices[0].message.content.strip() == "echo: What is this? [1 image]"


def system_prompt_sent(body):
    if "system" in body:
        return body["system"]
    if "systemInstruction" in body:
        return body["systemInstruction"]["parts"][0]["text"]
    return body["messages"][0]["content"]


@pytest.mark.parametrize("family", FAMILIES)
def test_system_prompt_and_tradition(client, family, last_upstream_request):
    response = ask(client, family, [{"role": "system", "content": "Answer in French."},
                                    {"role": "user", "content": "What is grace?"}],
                   extra_body={"tradition": "catholic"})
    assert response.model_extra["tradition"] == "catholic"
    system = system_prompt_sent(last_upstream_request())
    assert "Catholic" in system and system.endswith("Answer in French.")


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("trigger, status, retryable", [
    ("trigger:500", 502, True), ("trigger:ratelimit", 429, True), ("trigger:overloaded", 503, True),
    ("trigger:badjson", 502, True)])
def test_bad_upstream_responses(client, family, trigger, status, retryable):
    with pytest.raises(openai.APIStatusError) as error:
        ask(client, family, trigger)
    assert error.value.status_code == status
    assert error.value.body["retryable"] is retryable and error.value.body["fault"] == "provider"
    if status == 429:
        assert error.value.response.headers["retry-after"] == "3"


@pytest.mark.parametrize("family", FAMILIES)
def test_broken_stream_ends_with_an_error_chunk(every_family, client, family):
    token = client.api_key
    response = httpx.post(every_family.url + "/ai/v2/chat/completions", headers={"authorization": f"Bearer {token}"},
                          json={"model_family": family, "stream": True,
                                "messages": [{"role": "user", "content": "trigger:break"}]}, timeout=30)
    events = [line[6:] for line in response.text.split("\n") if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    last = json.loads(events[-2])
    assert last["choices"][0]["finish_reason"] == "error" and last["error"]["retryable"] is True
