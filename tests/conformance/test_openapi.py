"""The OpenAPI document tells the truth about errors: every error a route returns is declared,
and its body matches the declared schema (a 422 is a message or a list of field errors)."""

from __future__ import annotations

import httpx
import jsonschema


def _schema_for(spec: dict, path: str, method: str, status: int) -> dict:
    operation = spec["paths"][path][method]
    assert str(status) in operation["responses"], (path, method, status, operation["responses"])
    content = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    # Resolve $refs against the document's components.
    return {**content, "components": spec["components"]}


def _assert_declared(spec, path, method, response: httpx.Response) -> None:
    schema = _schema_for(spec, path, method, response.status_code)
    jsonschema.validate(response.json(), schema)


def test_error_bodies_match_their_declared_schemas(server):
    spec = httpx.get(f"{server.base_url}/openapi.json").json()
    api = httpx.Client(
        base_url=server.base_url, headers={"Authorization": f"Bearer {server.api_key}"}
    )
    # Our own check (one message) and FastAPI's field validation (a list), both 422.
    mine = api.post("/api/v2/parse", json={"tier": "fast", "version": "latest"})
    assert mine.status_code == 422 and isinstance(mine.json()["detail"], str)
    _assert_declared(spec, "/api/v2/parse", "post", mine)
    fields = api.post("/api/v2/parse", json={"tier": 7})
    assert fields.status_code == 422 and isinstance(fields.json()["detail"], list)
    _assert_declared(spec, "/api/v2/parse", "post", fields)
    bad_purpose = api.post(
        "/api/v1/beta/files", files={"file": ("a.txt", b"x")}, data={"purpose": "nonsense"}
    )
    assert bad_purpose.status_code == 422
    _assert_declared(spec, "/api/v1/beta/files", "post", bad_purpose)
    # 401 and 404, and a signed route's refusal (no key there: the signature is the key).
    anon = httpx.get(f"{server.base_url}/api/v2/parse/pjb-x")
    assert anon.status_code == 401
    _assert_declared(spec, "/api/v2/parse/{job_id}", "get", anon)
    missing = api.get("/api/v2/parse/pjb-missing")
    assert missing.status_code == 404
    _assert_declared(spec, "/api/v2/parse/{job_id}", "get", missing)
    signed = httpx.get(
        f"{server.base_url}/api/v1/beta/files/f-x/download", params={"expires": 1, "signature": "x"}
    )
    assert signed.status_code == 404
    _assert_declared(spec, "/api/v1/beta/files/{file_id}/download", "get", signed)
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_create_operations_link_to_their_follow_ups(server):
    spec = httpx.get(f"{server.base_url}/openapi.json").json()
    links = spec["paths"]["/api/v1/beta/directories"]["post"]["responses"]["200"]["links"]
    batch = next(v for v in links.values() if "source_directory_id" in v.get("requestBody", {}))
    assert batch["requestBody"]["source_directory_id"] == "$response.body#/id"
    ops = {op["operationId"] for p in spec["paths"].values() for op in p.values()}
    assert all(link["operationId"] in ops for link in links.values())
