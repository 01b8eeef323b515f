"""LangChain's ChatOpenAI against Flourish."""

import pytest
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI


@pytest.fixture()
def llm(gateway, token):
    return ChatOpenAI(model="gloo-openai-gpt-5-mini", api_key=token, base_url=gateway.url + "/ai/v2",
                      max_retries=0, extra_body={"tradition": "catholic"})


def test_invoke(llm):
    message = llm.invoke("What is lectio divina?")
    assert message.content == "echo: What is lectio divina?"
    assert message.response_metadata["model_name"] == "gloo-openai-gpt-5-mini"


def test_stream(llm):
    text = "".join(chunk.content for chunk in llm.stream("Hello there"))
    assert text.strip() == "echo: Hello there"


@tool
def find_passage(topic: str) -> str:
    """Find a Bible passage about a topic."""
    return "Psalm 23"


def test_bind_tools(llm):
    message = llm.bind_tools([find_passage]).invoke("A passage about comfort, please")
    assert message.tool_calls[0]["name"] == "find_passage"
    assert message.tool_calls[0]["args"] == {"topic": "x"}
