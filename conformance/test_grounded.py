"""Grounded completions end to end: an operator creates a publisher over the admin API, its owner uploads
files and a JSON item, the background worker indexes them, and search and grounded completions answer from
them with citations. Needs the embedding table (`scripts/embedding-model install`, run by scripts/test)."""

import json
import time
import uuid

import httpx
import pytest

SERMON = """# Sermon on the lost son

The father saw his son coming from far off and ran to meet him. Grace runs before repentance finishes speaking.

## Application

Forgiveness in a church family looks like an open door and a prepared table.
"""
NOTES = """<html><head><style>p{}</style></head><body><h1>Hospitality notes</h1>
<p>Welcome strangers at the door with a name tag &amp; a warm coffee.</p><script>x()</script></body></html>"""


@pytest.fixture(scope="module")
def owner(gateway):
    """An ordinary client that owns a fresh publisher, created by an admin client over HTTP."""
    admin = json.loads(gateway.cli("clients", "create", "--name", "operator", "--admin", "--json"))
    admin_token = httpx.post(gateway.url + "/oauth2/token", auth=(admin["client_id"], admin["client_secret"]),
                             data={"grant_type": "client_credentials", "scope": "api/access api/admin"}).json()
    client = gateway.create_client("grounding-owner")
    token = gateway.token(client)
    name = f"Sermons {uuid.uuid4().hex[:8]}"
    created = httpx.post(gateway.url + "/admin/v1/publishers",
                         headers={"authorization": "Bearer " + admin_token["access_token"]},
                         json={"name": name, "public": False, "owners": [client["client_id"]]})
    assert created.status_code == 201, created.text
    return {"token": token, "headers": {"authorization": "Bearer " + token}, "name": name,
            "publisher_id": created.json()["id"]}


def wait_until_indexed(gateway, owner, count):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        items = httpx.get(f"{gateway.url}/engine/v2/publisher/{owner['publisher_id']}/items",
                          headers=owner["headers"]).json()
        if len(items) >= count and all(i["status"] in ("COMPLETED", "FAILED") for i in items):
            return items
        time.sleep(0.2)
    raise AssertionError(f"items not indexed: {items}")


@pytest.fixture(scope="module")
def indexed(gateway, owner):
    files = [("files", ("sermon.md", SERMON.encode(), "text/markdown")),
             ("files", ("notes.html", NOTES.encode(), "text/html")),
             ("files", ("photo.png", b"\x89PNG\r\n\x1a\n\x00", "image/png"))]
    upload = httpx.post(gateway.url + "/ingestion/v2/files", headers=owner["headers"],
                        data={"publisher_id": owner["publisher_id"]}, files=files)
    assert upload.status_code == 200, upload.text
    body = upload.json()
    assert body["success"] is True and len(body["ingesting"]) == 3 and body["duplicates"] == []
    item = {"publisher_id": owner["publisher_id"], "producer_id": "psalm-23", "item_title": "Psalm 23 devotional",
            "author": "A. Pastor, B. Elder", "publication_date": "2025-03-01", "item_url": "https://example.org/p23",
            "content": "The Lord is my shepherd; I shall not want. He restores my soul beside still waters."}
    realtime = httpx.post(gateway.url + "/ingestion/v1/real_time_upload", headers=owner["headers"], json=item)
    assert realtime.status_code == 200 and len(realtime.json()["ingesting"]) == 1, realtime.text
    return wait_until_indexed(gateway, owner, 4)


def test_uploads_are_indexed_and_a_bad_file_fails_alone(gateway, owner, indexed):
    statuses = {i["filename"] or i["item_title"]: i["status"] for i in indexed}
    assert statuses["sermon.md"] == "COMPLETED" and statuses["notes.html"] == "COMPLETED"
    assert statuses["photo.png"] == "FAILED"
    failed = next(i for i in indexed if i["status"] == "FAILED")
    detail = httpx.get(f"{gateway.url}/engine/v2/items/{failed['item_id']}", headers=owner["headers"]).json()
    assert "cannot read" in detail["error"]
    # The same bytes again are a duplicate, not a second item.
    again = httpx.post(gateway.url + "/ingestion/v2/files", headers=owner["headers"],
                       data={"publisher_id": owner["publisher_id"]},
                       files=[("files", ("sermon-copy.md", SERMON.encode(), "text/markdown"))]).json()
    assert again["ingesting"] == [] and len(again["duplicates"]) == 1


def test_search_finds_the_passage(gateway, owner, indexed):
    response = httpx.post(gateway.url + "/ai/data/v1/search", headers=owner["headers"],
                          json={"query": "how should we welcome visitors", "tenant": owner["name"], "limit": 3})
    assert response.status_code == 200, response.text
    top = response.json()["data"][0]["properties"]
    assert "Welcome strangers" in top["snippet"] and top["section"] == "Hospitality notes"


def test_grounded_completion_cites_its_sources(gateway, owner, indexed, last_upstream_request):
    body = {"model": "gloo-openai-gpt-5-mini", "rag_publisher": owner["name"], "include_citations": True,
            "sources_limit": 2, "messages": [{"role": "user", "content": "Who is my shepherd, and what does he restore?"}]}
    response = httpx.post(gateway.url + "/ai/v2/chat/completions/grounded", headers=owner["headers"], json=body)
    assert response.status_code == 200, response.text
    completion = response.json()
    assert completion["sources_returned"] is True
    assert completion["routing_mechanism"] == "direct_model_selection"
    citation = completion["citations"][0]
    assert citation["item_title"] == "Psalm 23 devotional" and citation["author"] == ["A. Pastor", "B. Elder"]
    assert citation["publisher"] == owner["name"] and citation["item_url"] == "https://example.org/p23"
    assert "shepherd" in citation["snippets"][0] and citation["sections"][0]["score"] > 0
    sent = last_upstream_request()["messages"]
    grounding = next(m["content"] for m in sent if m["role"] == "system" and "[1]" in m["content"])
    assert "The Lord is my shepherd" in grounding and "rag_publisher" not in last_upstream_request()


def test_grounded_stream_sends_citations_first(gateway, owner, indexed):
    body = {"auto_routing": True, "rag_publisher": owner["name"], "include_citations": True, "stream": True,
            "messages": [{"role": "user", "content": "How does the father greet the lost son?"}]}
    with httpx.stream("POST", gateway.url + "/ai/v2/chat/completions/grounded", headers=owner["headers"],
                      json=body) as response:
        assert response.status_code == 200
        events = [line[6:] for line in response.iter_lines() if line.startswith("data: ")]
    first = json.loads(events[0])
    assert first["object"] == "chat.completion.citations" and first["sources_returned"] is True
    assert any(s["reference"].startswith("Sermon on the lost son") for c in first["citations"] for s in c["sections"])
    assert json.loads(events[1])["object"] == "chat.completion.chunk" and events[-1] == "[DONE]"


def test_nothing_relevant_says_so(gateway, owner, indexed, last_upstream_request):
    body = {"model": "gloo-openai-gpt-5-mini", "rag_publisher": owner["name"],
            "messages": [{"role": "user", "content": "What torque do diesel truck lug nuts need?"}]}
    completion = httpx.post(gateway.url + "/ai/v2/chat/completions/grounded", headers=owner["headers"],
                            json=body).json()
    assert completion["sources_returned"] is False and "citations" not in completion
    system = " ".join(m["content"] for m in last_upstream_request()["messages"] if m["role"] == "system")
    assert "does not cover it" in system


def test_publisher_access_rules(gateway, owner, indexed, token):
    other = {"authorization": f"Bearer {token}"}
    body = {"model": "gloo-openai-gpt-5-mini", "messages": [{"role": "user", "content": "hi"}]}
    unknown = httpx.post(gateway.url + "/ai/v2/chat/completions/grounded", headers=other,
                         json={**body, "rag_publisher": "No Such Publisher"})
    assert unknown.status_code == 404 and unknown.json()["error"]["param"] == "rag_publisher"
    private = httpx.post(gateway.url + "/ai/v2/chat/completions/grounded", headers=other,
                         json={**body, "rag_publisher": owner["name"]})
    assert private.status_code == 403
    assert httpx.get(gateway.url + "/admin/v1/publishers", headers=other).status_code == 403
    upload = httpx.post(gateway.url + "/ingestion/v1/real_time_upload", headers=other,
                        json={"publisher_id": owner["publisher_id"], "content": "x"})
    assert upload.status_code == 403
    bad_limit = httpx.post(gateway.url + "/ai/v2/chat/completions/grounded", headers=other,
                           json={**body, "sources_limit": 11})
    assert bad_limit.status_code == 400 and bad_limit.json()["error"]["param"] == "sources_limit"


def test_deleted_items_leave_search(gateway, owner, indexed):
    psalm = next(i for i in indexed if i["item_title"] == "Psalm 23 devotional")
    deleted = httpx.request("DELETE", gateway.url + "/engine/v2/items", headers=owner["headers"],
                            json={"item_ids": [psalm["item_id"]]}).json()
    assert deleted["total_deleted"] == 1 and deleted["results"][0]["success"] is True
    data = httpx.post(gateway.url + "/ai/data/v1/search", headers=owner["headers"],
                      json={"query": "shepherd still waters", "tenant": owner["name"], "limit": 5}).json()["data"]
    assert all("shepherd" not in d["properties"]["snippet"] for d in data)
