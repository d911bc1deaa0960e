import pytest

from sheaf.extract import SchemaError, validate_schema
from sheaf.extract.schema import MAX_DEPTH, MAX_PROPERTIES, compile_schema


def test_valid_schema_is_returned_as_copy():
    s = {"type": "object", "properties": {"a": {"type": "string"}}}
    out = validate_schema(s)
    assert out == s and out is not s


def test_json_string_accepted():
    assert validate_schema('{"type":"object","properties":{"a":{"type":"number"}}}')


@pytest.mark.parametrize(
    "schema, msg",
    [
        ({"type": "array", "items": {"type": "string"}}, '"type": "object"'),
        ({"properties": {"a": {"type": "string"}}}, '"type": "object"'),
        ({"type": "object", "properties": {"a": {"type": "strng"}}}, "not a valid JSON Schema"),
        ({"type": "object", "properties": {}}, "at least one property"),
        ("not json", "not valid JSON"),
        (["x"], "must be a JSON object"),
        ({"type": "object", "properties": {"a": {"$ref": "#/$defs/missing"}}}, "points nowhere"),
    ],
)
def test_invalid_schemas(schema, msg):
    with pytest.raises(SchemaError) as ei:
        validate_schema(schema)
    assert msg in str(ei.value)


def test_depth_limit():
    node: dict = {"type": "string"}
    for _ in range(MAX_DEPTH + 1):
        node = {"type": "object", "properties": {"x": node}}
    with pytest.raises(SchemaError, match="nested too deeply"):
        validate_schema(node)


def test_property_limit():
    props = {f"f{i}": {"type": "string"} for i in range(MAX_PROPERTIES + 1)}
    with pytest.raises(SchemaError, match="too many properties"):
        validate_schema({"type": "object", "properties": props})


def test_size_limit():
    props = {"a": {"type": "string", "description": "x" * 200_000}}
    with pytest.raises(SchemaError, match="too large"):
        validate_schema({"type": "object", "properties": props})


def test_recursive_ref_rejected():
    s = {
        "type": "object",
        "properties": {"node": {"$ref": "#/$defs/n"}},
        "$defs": {"n": {"type": "object", "properties": {"child": {"$ref": "#/$defs/n"}}}},
    }
    with pytest.raises(SchemaError, match="recursive"):
        validate_schema(s)


def test_compile_handles_refs_nullable_and_arrays():
    s = validate_schema(
        {
            "type": "object",
            "properties": {
                "when": {"type": ["string", "null"], "format": "date"},
                "who": {"anyOf": [{"$ref": "#/$defs/party"}, {"type": "null"}]},
                "lines": {
                    "type": "array",
                    "items": {"type": "object", "properties": {"qty": {"type": "integer"}}},
                },
            },
            "$defs": {"party": {"type": "object", "properties": {"name": {"type": "string"}}}},
        }
    )
    root = compile_schema(s)
    when, who, lines = root.properties
    assert (when.kind, when.nullable, when.format) == ("string", True, "date")
    assert who.kind == "object" and who.nullable and who.properties[0].name == "name"
    assert lines.kind == "array" and lines.items.properties[0].kind == "integer"
