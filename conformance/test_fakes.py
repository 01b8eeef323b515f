"""The fake upstream is faithful: the official Anthropic and Google Gen AI SDKs parse its answers."""

import anthropic
import pytest
from google import genai
from google.genai import types

WEATHER_SCHEMA = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}


@pytest.fixture()
def claude(upstream):
    return anthropic.Anthropic(api_key="sk-ant-fake", base_url=upstream.removesuffix("/v1"), max_retries=0)


@pytest.fixture()
def gemini(upstream):
    return genai.Client(api_key="fake", http_options=types.HttpOptions(base_url=upstream.removesuffix("/v1")))


def test_anthropic_sdk_plain(claude):
    message = claude.messages.create(
        model="claude-haiku-4-5", max_tokens=64, messages=[{"role": "user", "content": "Hello"}])
    assert message.content[0].text == "echo: Hello"
    assert message.stop_reason == "end_turn" and message.usage.output_tokens == 7


def test_anthropic_sdk_stream(claude):
    with claude.messages.stream(
            model="claude-haiku-4-5", max_tokens=64, messages=[{"role": "user", "content": "Hello there"}]) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text.strip() == "echo: Hello there"
    assert final.stop_reason == "end_turn"


def test_anthropic_sdk_tool_use_streamed_and_not(claude):
    tools = [{"name": "get_weather", "description": "Weather", "input_schema": WEATHER_SCHEMA}]
    message = claude.messages.create(model="claude-haiku-4-5", max_tokens=64, tools=tools,
                                     messages=[{"role": "user", "content": "Paris?"}])
    assert message.stop_reason == "tool_use" and message.content[0].input == {"city": "Paris"}
    with claude.messages.stream(model="claude-haiku-4-5", max_tokens=64, tools=tools,
                                messages=[{"role": "user", "content": "Paris?"}]) as stream:
        final = stream.get_final_message()
    assert final.content[0].type == "tool_use" and final.content[0].input == {"city": "Paris"}


def test_anthropic_sdk_errors(claude):
    with pytest.raises(anthropic.InternalServerError) as overloaded:
        claude.messages.create(model="m", max_tokens=8, messages=[{"role": "user", "content": "trigger:overloaded"}])
    assert overloaded.value.status_code == 529
    with pytest.raises(anthropic.RateLimitError):
        claude.messages.create(model="m", max_tokens=8, messages=[{"role": "user", "content": "trigger:ratelimit"}])


def test_gemini_sdk_plain(gemini):
    response = gemini.models.generate_content(model="gemini-2.5-flash", contents="Hello")
    assert response.text == "echo: Hello"
    assert response.candidates[0].finish_reason == types.FinishReason.STOP
    assert response.usage_metadata.total_token_count == 18


def test_gemini_sdk_stream(gemini):
    chunks = list(gemini.models.generate_content_stream(model="gemini-2.5-flash", contents="Hello there"))
    assert "".join(chunk.text or "" for chunk in chunks) == "echo: Hello there"
    assert chunks[-1].candidates[0].finish_reason == types.FinishReason.STOP


def test_gemini_sdk_function_call(gemini):
    tool = types.Tool(function_declarations=[types.FunctionDeclaration(
        name="get_weather", description="Weather", parameters_json_schema=WEATHER_SCHEMA)])
    config = types.GenerateContentConfig(
        tools=[tool], automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True))
    response = gemini.models.generate_content(model="gemini-2.5-flash", contents="Paris?", config=config)
    call = response.function_calls[0]
    assert call.name == "get_weather" and call.args == {"city": "Paris"}


def test_gemini_sdk_errors(gemini):
    with pytest.raises(genai.errors.ClientError) as limited:
        gemini.models.generate_content(model="gemini-2.5-flash", contents="trigger:ratelimit")
    assert limited.value.code == 429 and limited.value.status == "RESOURCE_EXHAUSTED"
