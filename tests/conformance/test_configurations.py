"""Product configurations and built-in presets through the official SDK."""

from __future__ import annotations

import llama_cloud
import pytest

PRESETS = {
    "cfg-PARSE_FAST": "fast",
    "cfg-PARSE_COST_EFFECTIVE": "cost_effective",
    "cfg-PARSE_AGENTIC": "agentic",
    "cfg-PARSE_AGENTIC_PLUS": "agentic_plus",
}


@pytest.mark.parametrize("preset,tier", PRESETS.items())
def test_presets_resolve_and_are_read_only(client, preset, tier):
    cfg = client.configurations.retrieve(preset)
    assert cfg.product_type == "parse_v2"
    assert cfg.parameters.tier == tier and cfg.parameters.version == "latest"
    with pytest.raises(llama_cloud.BadRequestError):
        client.configurations.update(preset, name="mine")
    with pytest.raises(llama_cloud.BadRequestError):
        client.configurations.delete(preset)


def test_create_is_upsert_and_crud(client):
    params = {"product_type": "parse_v2", "tier": "cost_effective", "version": "latest"}
    a = client.configurations.create(name="invoices-parse", parameters=params)
    assert a.id.startswith("cfg-") and a.product_type == "parse_v2"
    b = client.configurations.create(
        name="invoices-parse",
        parameters={**params, "tier": "agentic", "page_ranges": {"max_pages": 3}},
    )
    assert b.id == a.id
    assert b.parameters.tier == "agentic" and b.version >= a.version
    got = client.configurations.retrieve(a.id)
    assert got.parameters.page_ranges.max_pages == 3

    renamed = client.configurations.update(a.id, name="invoices-parse-2")
    assert renamed.name == "invoices-parse-2" and renamed.parameters.tier == "agentic"
    updated = client.configurations.update(a.id, parameters={**params, "tier": "fast"})
    assert updated.parameters.tier == "fast" and updated.name == "invoices-parse-2"

    client.configurations.delete(a.id)
    with pytest.raises(llama_cloud.NotFoundError):
        client.configurations.retrieve(a.id)


def test_list_by_product_type(client):
    schema = {"type": "object", "properties": {"total": {"type": "number"}}}
    p = client.configurations.create(
        name="lp", parameters={"product_type": "parse_v2", "tier": "fast", "version": "latest"}
    )
    e = client.configurations.create(
        name="le", parameters={"product_type": "extract_v2", "data_schema": schema}
    )
    ids = lambda **kw: {c.id for c in client.configurations.list(page_size=1000, **kw).items}  # noqa: E731
    assert p.id in ids(product_type=["parse_v2"]) and e.id not in ids(product_type=["parse_v2"])
    assert {p.id, e.id} <= ids(product_type=["parse_v2", "extract_v2"])
    assert {p.id, e.id} <= ids(latest_only=True)
    assert ids(name="le") == {e.id}


def test_parameters_are_validated(client):
    with pytest.raises(llama_cloud.UnprocessableEntityError) as err:
        client.configurations.create(
            name="bad",
            parameters={"product_type": "parse_v2", "tier": "turbo", "version": "latest"},
        )
    assert any("tier" in e["loc"] for e in err.value.body["detail"])
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.configurations.create(name="bad", parameters={"product_type": "extract_v2"})
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.configurations.create(
            name="bad",
            parameters={
                "product_type": "parse_v2",
                "tier": "fast",
                "version": "latest",
                "tiers": 1,
            },
        )
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.configurations.create(
            name="bad", parameters={"product_type": "extract_v2", "data_schema": {"type": "array"}}
        )
