"""Data-schema validation and compilation into a tree of ``Field`` objects.

``validate_schema`` is what ``POST /api/v2/extract/schema/validation`` runs; ``compile_schema``
turns a validated schema into the fields the resolvers fill.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from typing import Any

import jsonschema
from jsonschema import validators
from jsonschema.protocols import Validator

from .errors import SchemaError

__all__ = [
    "MAX_DEPTH",
    "MAX_PROPERTIES",
    "MAX_SCHEMA_CHARS",
    "Field",
    "compile_schema",
    "field_words",
    "nullable_schema",
    "validate_schema",
]

MAX_DEPTH = 7  # nesting levels of objects/arrays below the root
MAX_PROPERTIES = 500  # properties summed over every object in the schema
MAX_SCHEMA_CHARS = 150_000  # size of the schema serialised as JSON

_SCALARS = ("string", "number", "integer", "boolean")


@dataclass(slots=True)
class Field:
    """One schema node the engine fills.

    ``kind`` is ``object``, ``array`` or a scalar type; ``path`` is the dotted location
    (``lines[].price``) used in warnings.
    """

    name: str
    path: str
    kind: str
    schema: dict[str, Any]
    description: str = ""
    format: str | None = None
    enum: list[Any] | None = None
    nullable: bool = False
    required: bool = False
    properties: list[Field] = field(default_factory=list)  # kind == object
    items: Field | None = None  # kind == array

    @property
    def is_scalar(self) -> bool:
        return self.kind in _SCALARS


def _validator_for(schema: dict[str, Any]) -> type[Validator]:
    return validators.validator_for(schema, default=jsonschema.Draft202012Validator)


def validate_schema(schema: Any) -> dict[str, Any]:
    """Check a data schema and return its normalised form (a deep copy).

    Accepts a dict (or a JSON string of one). Raises ``SchemaError`` with a message meant for
    the API caller when the schema is not valid JSON Schema, its root is not ``type: object``,
    or it exceeds the engine's limits.
    """
    if isinstance(schema, str):
        try:
            schema = json.loads(schema)
        except ValueError as exc:
            raise SchemaError(f"data_schema is not valid JSON: {exc}") from None
    if not isinstance(schema, dict):
        raise SchemaError("data_schema must be a JSON object (a JSON Schema)")
    try:
        size = len(json.dumps(schema))
    except (TypeError, ValueError) as exc:
        raise SchemaError(f"data_schema is not JSON-serialisable: {exc}") from None
    if size > MAX_SCHEMA_CHARS:
        raise SchemaError(
            f"data_schema is too large: {size} characters serialised (limit {MAX_SCHEMA_CHARS})"
        )
    try:
        _validator_for(schema).check_schema(schema)
    except jsonschema.SchemaError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(root)"
        raise SchemaError(
            f"data_schema is not a valid JSON Schema at {where}: {exc.message}"
        ) from None
    root_type = schema.get("type")
    if root_type != "object" and not (isinstance(root_type, list) and "object" in root_type):
        raise SchemaError('data_schema root must have "type": "object"')
    if not isinstance(schema.get("properties", {}), dict):
        raise SchemaError("data_schema root 'properties' must be an object")

    normalized = copy.deepcopy(schema)
    stats = {"props": 0}
    _walk_limits(normalized, normalized, 0, stats, "(root)", set())
    if stats["props"] == 0:
        raise SchemaError("data_schema must declare at least one property to extract")
    return normalized


def _resolve_ref(root: dict[str, Any], node: dict[str, Any], seen: frozenset | set) -> dict:
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return node
    if ref in seen:
        raise SchemaError(f"data_schema has a recursive $ref ({ref}), which cannot be extracted")
    if not ref.startswith("#"):
        raise SchemaError(f"data_schema $ref {ref!r} is not local; only '#/...' refs are supported")
    target: Any = root
    for part in ref[1:].split("/"):
        if not part:
            continue
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(target, dict) or part not in target:
            raise SchemaError(f"data_schema $ref {ref!r} points nowhere")
        target = target[part]
    if not isinstance(target, dict):
        raise SchemaError(f"data_schema $ref {ref!r} does not point to a schema")
    merged = {k: v for k, v in node.items() if k != "$ref"}
    resolved = _resolve_ref(root, target, set(seen) | {ref})
    return {**resolved, **merged}


def _walk_limits(
    root: dict, node: Any, depth: int, stats: dict[str, int], where: str, seen: set
) -> None:
    if not isinstance(node, dict):
        return
    ref = node.get("$ref")
    if isinstance(ref, str):
        if ref in seen:
            raise SchemaError(
                f"data_schema has a recursive $ref ({ref}) at {where}, which cannot be extracted"
            )
        seen = seen | {ref}
    node = _resolve_ref(root, node, seen - {ref} if isinstance(ref, str) else seen)
    if depth > MAX_DEPTH:
        raise SchemaError(f"data_schema is nested too deeply at {where} (limit {MAX_DEPTH} levels)")
    props = node.get("properties")
    if isinstance(props, dict):
        stats["props"] += len(props)
        if stats["props"] > MAX_PROPERTIES:
            raise SchemaError(
                f"data_schema declares too many properties (limit {MAX_PROPERTIES} in total)"
            )
        for name, sub in props.items():
            _walk_limits(root, sub, depth + 1, stats, f"{where}.{name}", seen)
    items = node.get("items")
    if isinstance(items, dict):
        _walk_limits(root, items, depth + 1, stats, f"{where}[]", seen)
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in node.get(key) or []:
            _walk_limits(root, sub, depth, stats, where, seen)


def _split_types(root: dict, node: dict) -> tuple[str, bool, dict]:
    """Return (kind, nullable, effective schema) for a schema node."""
    node = _resolve_ref(root, node, set())
    nullable = False
    t = node.get("type")
    if isinstance(t, list):
        nullable = "null" in t
        non_null = [x for x in t if x != "null"]
        t = non_null[0] if non_null else "null"
    if t is None:
        for key in ("anyOf", "oneOf"):
            options = node.get(key)
            if isinstance(options, list) and options:
                subs = [_resolve_ref(root, o, set()) for o in options if isinstance(o, dict)]
                non_null = [s for s in subs if s.get("type") != "null"]
                nullable = nullable or len(non_null) < len(subs)
                if non_null:
                    kind, n2, eff = _split_types(root, non_null[0])
                    siblings = {k: v for k, v in node.items() if k not in (key,)}
                    return kind, nullable or n2, {**eff, **siblings}
        if "allOf" in node and isinstance(node["allOf"], list):
            merged: dict[str, Any] = {}
            for sub in node["allOf"]:
                if isinstance(sub, dict):
                    merged.update(_resolve_ref(root, sub, set()))
            merged.update({k: v for k, v in node.items() if k != "allOf"})
            return _split_types(root, merged)
        if "properties" in node:
            t = "object"
        elif "items" in node:
            t = "array"
        elif "enum" in node and node["enum"]:
            first = node["enum"][0]
            t = (
                "boolean"
                if isinstance(first, bool)
                else "integer"
                if isinstance(first, int)
                else "number"
                if isinstance(first, float)
                else "string"
            )
        else:
            t = "string"
    if "enum" in node and None in (node.get("enum") or []):
        nullable = True
    return str(t), nullable, node


def compile_schema(schema: dict[str, Any]) -> Field:
    """Compile a validated schema into a ``Field`` tree rooted at an object field ``""``."""
    return _compile(schema, schema, "", "", required=True)


def _compile(root: dict, node: dict, name: str, path: str, required: bool) -> Field:
    kind, nullable, eff = _split_types(root, node)
    enum = eff.get("enum")
    if "const" in eff and enum is None:
        enum = [eff["const"]]
    f = Field(
        name=name,
        path=path,
        kind=kind,
        schema=eff,
        description=str(eff.get("description") or eff.get("title") or ""),
        format=eff.get("format"),
        enum=[e for e in enum if e is not None] if isinstance(enum, list) else None,
        nullable=nullable,
        required=required,
    )
    if kind == "object":
        req = set(eff.get("required") or [])
        for pname, sub in (eff.get("properties") or {}).items():
            sub = sub if isinstance(sub, dict) else {}
            f.properties.append(
                _compile(root, sub, pname, f"{path}.{pname}" if path else pname, pname in req)
            )
    elif kind == "array":
        items = eff.get("items")
        if not isinstance(items, dict):
            items = {"type": "string"}
        f.items = _compile(root, items, name, f"{path}[]", True)
    return f


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def field_words(name: str) -> str:
    """``invoiceNumber`` / ``invoice_number`` / ``Invoice-Number`` -> ``invoice number``."""
    s = _CAMEL.sub(" ", name)
    s = re.sub(r"[_\-.\s]+", " ", s)
    return s.strip().lower()


def nullable_schema(schema: Any) -> Any:
    """A copy of ``schema`` where every property may be null (used to guarantee validity)."""
    if isinstance(schema, list):
        return [nullable_schema(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: nullable_schema(v) for k, v in schema.items()}
    props = out.get("properties")
    if isinstance(props, dict):
        out["properties"] = {
            k: {"anyOf": [v, {"type": "null"}]} if isinstance(v, dict) else v
            for k, v in props.items()
        }
    return out
