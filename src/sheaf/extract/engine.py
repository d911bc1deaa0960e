"""``extract()``: options -> pages -> resolver -> schema-valid data + field metadata."""

from __future__ import annotations

import copy
import re
from typing import Any

import jsonschema

from sheaf.parse.document import Document

from .errors import ExtractError
from .layout import build_layout
from .result import ExtractResult
from .schema import compile_schema, validate_schema

__all__ = ["extract", "select_pages", "DETERMINISTIC_TIERS", "LLM_TIERS"]

DETERMINISTIC_TIERS = {None, "", "cost_effective", "turbo", "fast"}
LLM_TIERS = {"agentic", "agentic_plus"}


def select_pages(doc: Document, options: dict[str, Any]) -> list[int]:
    """Page numbers to read, from ``target_pages`` ("1-3,5", 1-based) and ``max_pages``."""
    numbers = [p.number for p in doc.pages]
    target = options.get("target_pages")
    if target:
        wanted: set[int] = set()
        for part in str(target).split(","):
            part = part.strip()
            if not part:
                continue
            m = re.fullmatch(r"(\d+)\s*-\s*(\d+)?", part)
            try:
                if m:
                    lo = int(m.group(1))
                    hi = int(m.group(2)) if m.group(2) else max(numbers, default=lo)
                    if hi < lo:
                        raise ValueError
                    wanted.update(range(lo, hi + 1))
                else:
                    wanted.add(int(part))
            except ValueError:
                raise ExtractError(
                    f"target_pages {target!r} is not a list of 1-based pages or ranges "
                    "like '1-3,5'"
                ) from None
        numbers = [n for n in numbers if n in wanted]
    max_pages = options.get("max_pages")
    if max_pages is not None:
        try:
            mp = int(max_pages)
        except (TypeError, ValueError):
            raise ExtractError(f"max_pages must be an integer, got {max_pages!r}") from None
        if mp < 1:
            raise ExtractError("max_pages must be at least 1")
        numbers = numbers[:mp]
    return numbers


def extract(doc: Document, schema: dict, *, options: dict | None = None) -> ExtractResult:
    """Fill ``schema`` from ``doc``.

    ``options`` is the contract's ExtractConfiguration (``tier``, ``target_pages``,
    ``max_pages``, ``system_prompt``, ...). ``cost_effective`` (default) and ``turbo`` run
    the deterministic resolver; ``agentic``/``agentic_plus`` run the LLM resolver and raise
    ``ExtractError`` when no LLM endpoint is configured (``SHEAF_LLM_BASE_URL`` and
    ``SHEAF_LLM_MODEL``).
    """
    options = dict(options or {})
    schema = validate_schema(schema)
    tier = options.get("tier")
    if tier not in DETERMINISTIC_TIERS and tier not in LLM_TIERS:
        raise ExtractError(
            f"unknown extract tier {tier!r}; expected cost_effective, agentic, agentic_plus "
            "or turbo"
        )
    warnings: list[str] = []
    target = options.get("extraction_target")
    if target not in (None, "per_doc"):
        warnings.append(f"extraction_target={target!r} is not supported; extracted per_doc")
    pages = select_pages(doc, options)
    failed = [p.number for p in doc.pages if p.number in pages and not p.ok]
    if failed:
        warnings.append(f"pages {failed} failed to parse and were skipped")
    if not any(p.ok for p in doc.pages if p.number in pages):
        warnings.append("no readable pages in the selected range; every field is null")
    root = compile_schema(schema)

    if tier in LLM_TIERS:
        from .resolvers import llm

        layout = build_layout(doc, pages)
        data, meta, w = llm.resolve(root, schema, doc, layout, pages, options)
        resolver = "llm"
    else:
        from .resolvers import deterministic

        layout = build_layout(doc, pages)
        data, meta, w = deterministic.resolve(root, layout)
        resolver = "deterministic"
    warnings.extend(w)
    data = make_valid(schema, data, meta, warnings)
    return ExtractResult(data, meta, resolver, warnings, pages)


def _nullable(schema: Any) -> Any:
    """A copy of ``schema`` where every property may be null (used to guarantee validity)."""
    if isinstance(schema, list):
        return [_nullable(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _nullable(v) for k, v in schema.items()}
    props = out.get("properties")
    if isinstance(props, dict):
        out["properties"] = {
            k: {"anyOf": [v, {"type": "null"}]} if isinstance(v, dict) else v
            for k, v in props.items()
        }
    return out


def make_valid(schema: dict, data: dict, meta: dict, warnings: list[str]) -> dict:
    """Null (or drop) whatever does not validate; warn about required fields left null."""
    data = copy.deepcopy(data)
    relaxed = _nullable(schema)
    validator_cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    relaxed_v = validator_cls(relaxed)
    for _ in range(50):
        errors = sorted(relaxed_v.iter_errors(data), key=lambda e: -len(e.absolute_path))
        if not errors:
            break
        err = errors[0]
        path = list(err.absolute_path)
        if not path:
            if err.validator == "additionalProperties":
                allowed = set((schema.get("properties") or {}).keys())
                for k in list(data):
                    if k not in allowed:
                        del data[k]
                continue
            warnings.append(f"result does not validate: {err.message}")
            break
        parent: Any = data
        for p in path[:-1]:
            parent = parent[p]
        key = path[-1]
        where = ".".join(str(p) for p in path)
        if isinstance(parent, list):
            parent.pop(key)
            warnings.append(f"dropped {where}: {err.message}")
            _drop_meta(meta, path, remove=True)
        else:
            if parent.get(key) is None:
                warnings.append(f"dropped {where}: {err.message}")
                del parent[key]
                _drop_meta(meta, path, remove=True)
            else:
                warnings.append(f"set {where} to null: {err.message}")
                parent[key] = None
                _drop_meta(meta, path, remove=False)
    strict = validator_cls(schema)
    for err in strict.iter_errors(data):
        if err.instance is None:
            where = ".".join(str(p) for p in err.absolute_path) or "(root)"
            warnings.append(f"{where} not found in the document; left null")
    return data


def _drop_meta(meta: Any, path: list, remove: bool) -> None:
    node = meta
    for p in path[:-1]:
        try:
            node = node[p]
        except (KeyError, IndexError, TypeError):
            return
    key = path[-1]
    try:
        if remove:
            if isinstance(node, list):
                node.pop(key)
            else:
                node.pop(key, None)
        elif isinstance(node, dict) and isinstance(node.get(key), dict):
            node[key] = {
                "citation": [], "confidence": 0.0, "extraction_confidence": 0.0,
                "parsing_confidence": node[key].get("parsing_confidence", 1.0),
                "reasoning": "NOT FOUND IN DOCUMENT",
            }
    except (KeyError, IndexError, TypeError):
        return
