"""Schema generation (``POST /api/v2/extract/schema/generate``) without a model.

Fields are proposed from, in order: the partial ``data_schema`` (kept as given), the
natural-language ``prompt`` (the nouns it lists), and the document (its "Label: value" pairs
and table headers). Types come from the value printed in the document, or from the name.
"""

from __future__ import annotations

import re
from typing import Any

from sheaf.parse.document import Document

from .errors import SchemaError
from .layout import build_layout
from .roles import role_of
from .schema import Field, validate_schema
from .values import find_amounts, find_dates, find_emails, find_urls

__all__ = ["generate_schema"]

MAX_FIELDS = 40

_STOP = {
    "the",
    "a",
    "an",
    "of",
    "from",
    "all",
    "each",
    "every",
    "its",
    "their",
    "this",
    "that",
    "please",
    "me",
    "document",
    "documents",
    "file",
    "also",
    "any",
    "in",
    "on",
    "for",
    "to",
}
_LEAD = re.compile(
    r"^\s*(?:please\s+)?(?:also\s+)?"
    r"(?:extract|get|find|pull|capture|return|give\s+me|list|read|collect)"
    r"(?:\s+out)?\s*(?::|the following)?\s*",
    re.I,
)


def _snake(text: str) -> str:
    s = re.sub(r"[^0-9a-zA-Z]+", " ", text).strip().lower()
    words = [w for w in s.split() if w not in _STOP] or s.split()
    name = "_".join(words[:5])
    if name and name[0].isdigit():
        name = "f_" + name
    return name


def _type_for_name(name: str) -> dict[str, Any]:
    role = role_of(Field(name, name, "string", {}))
    if role.kind == "date":
        return {"type": "string", "format": "date"}
    if role.kind in ("total", "amount"):
        return {"type": "number"}
    if role.kind == "email":
        return {"type": "string", "format": "email"}
    if role.kind == "boolean":
        return {"type": "boolean"}
    return {"type": "string"}


def _type_for_value(value: str, name: str) -> dict[str, Any]:
    v = value.strip()
    if find_emails(v) and len(v) < 80:
        return {"type": "string", "format": "email"}
    d = find_dates(v)
    if d and len(d[0].text) >= len(v) * 0.6:
        return {"type": "string", "format": "date"}
    a = [m for m in find_amounts(v) if m.fit >= 0.9]
    if (
        a
        and len(a[0].text) >= len(re.sub(r"[^\d.,]", "", v)) * 0.8
        and not re.search(r"[A-Za-z]{3,}", v.replace(a[0].extra, ""))
    ):
        return {"type": "number"}
    if find_urls(v) and len(v) < 100 and " " not in v:
        return {"type": "string", "format": "uri"}
    return _type_for_name(name)


def _from_prompt(prompt: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for sentence in re.split(r"[.;\n]+", prompt):
        body = _LEAD.sub("", sentence)
        if body == sentence and not re.search(r",|\band\b", sentence):
            continue
        body = re.sub(r"\b(?:such as|like|including|e\.g\.)\b", ",", body, flags=re.I)
        for part in re.split(r",|\band\b|\bor\b|&|/", body):
            name = _snake(part)
            if name and 1 <= len(name.split("_")) <= 5 and name not in out:
                out[name] = {**_type_for_name(name), "description": part.strip()}
    return out


def _from_document(doc: Document) -> dict[str, dict[str, Any]]:
    from .resolvers.pairs import build_pairs

    layout = build_layout(doc)
    out: dict[str, dict[str, Any]] = {}
    for p in build_pairs(layout):
        if p.kind not in ("colon", "cell", "table"):
            continue
        label = p.label.strip().rstrip(":").strip()
        if not re.search(r"[A-Za-z]{2}", label) or len(label.split()) > 5 or len(label) > 40:
            continue
        name = _snake(label)
        if not name or name in out or not p.value.strip():
            continue
        out[name] = {**_type_for_value(p.value, name), "description": label}
    tables = [t for t in layout.tables if t.header and len(t.rows) > 1]
    for k, t in enumerate(tables[:3]):
        props: dict[str, Any] = {}
        first = t.body[0] if t.body else []
        for j, h in enumerate(t.header):
            hn = _snake(h)
            if not hn or hn in props:
                continue
            sample = first[j] if j < len(first) else ""
            props[hn] = {
                **(_type_for_value(sample, hn) if sample else _type_for_name(hn)),
                "description": h.strip(),
            }
        if props:
            name = "line_items" if k == 0 else f"table_{k + 1}"
            out[name] = {
                "type": "array",
                "description": "Rows of the table with columns "
                + ", ".join(h.strip() for h in t.header if h.strip()),
                "items": {"type": "object", "properties": props},
            }
    return out


def generate_schema(
    *,
    doc: Document | None = None,
    prompt: str | None = None,
    data_schema: dict | None = None,
    name: str | None = None,
) -> dict[str, Any]:
    """Propose an extract configuration: ``{"name", "parameters": {product_type, data_schema}}``.

    Raises ``SchemaError`` when nothing could be proposed (no prompt fields, no document
    fields, no partial schema) or the partial schema is invalid.
    """
    base: dict[str, Any]
    if data_schema:
        base = validate_schema(data_schema) if data_schema.get("properties") else dict(data_schema)
        base.setdefault("type", "object")
    else:
        base = {"type": "object"}
    props: dict[str, Any] = dict(base.get("properties") or {})
    existing = set(props)
    if prompt:
        for k, v in _from_prompt(prompt).items():
            props.setdefault(k, v)
    if doc is not None:
        for k, v in _from_document(doc).items():
            if len(props) >= MAX_FIELDS:
                break
            props.setdefault(k, v)
    if len(props) > MAX_FIELDS:
        keep = list(existing) + [k for k in props if k not in existing]
        props = {k: props[k] for k in keep[: max(MAX_FIELDS, len(existing))]}
    if not props:
        raise SchemaError(
            "could not propose any field: give a prompt listing the fields, a document with "
            "labelled values or tables, or a partial data_schema"
        )
    schema = {**base, "type": "object", "properties": props}
    schema = validate_schema(schema)
    if not name:
        if prompt:
            words = [
                w
                for w in re.findall(r"[A-Za-z0-9]+", _LEAD.sub("", prompt))
                if w.lower() not in _STOP
            ][:4]
            name = "-".join(w.lower() for w in words) or "generated-schema"
        else:
            name = "generated-schema"
    return {"name": name, "parameters": {"product_type": "extract_v2", "data_schema": schema}}
