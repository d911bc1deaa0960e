"""``extract()``: options -> pages -> resolver -> schema-valid data + field metadata."""

from __future__ import annotations

import copy
import re
from typing import Any

import jsonschema

from sheaf.parse.document import Document

from .errors import ExtractError
from .layout import build_layout
from .normalise import normalise
from .resolvers.llm import LlmConfig
from .result import ExtractResult
from .schema import compile_schema, nullable_schema, validate_schema

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
                    f"target_pages {target!r} is not a list of 1-based pages or ranges like '1-3,5'"
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


def extract(
    doc: Document, schema: dict, *, options: dict | None = None, llm: LlmConfig | None = None
) -> ExtractResult:
    """Fill ``schema`` from ``doc``.

    ``options`` is the contract's ExtractConfiguration (``tier``, ``target_pages``,
    ``max_pages``, ``system_prompt``, ...). ``cost_effective`` (default) and ``turbo`` run
    the deterministic resolver; ``agentic``/``agentic_plus`` run the LLM resolver and raise
    ``ExtractError`` when ``llm`` (the endpoint, from ``SHEAF_LLM_BASE_URL`` and
    ``SHEAF_LLM_MODEL`` in the service) is not given.
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
        from .resolvers import llm as llm_resolver

        layout = build_layout(doc, pages)
        data, meta, w = llm_resolver.resolve(root, schema, doc, layout, pages, options, llm)
        resolver = "llm"
    else:
        from .resolvers import deterministic

        layout = build_layout(doc, pages)
        data, meta, w = deterministic.resolve(root, layout)
        resolver = "deterministic"
    warnings.extend(w)
    data = normalise(root, data, layout)
    data = make_valid(schema, data, meta, warnings)
    return ExtractResult(data, meta, resolver, warnings, pages)


def make_valid(schema: dict, data: dict, meta: dict, warnings: list[str]) -> dict:
    """Null (or drop) whatever does not validate; warn about required fields left null."""
    data = copy.deepcopy(data)
    relaxed = nullable_schema(schema)
    validator_cls = jsonschema.validators.validator_for(
        schema, default=jsonschema.Draft202012Validator
    )
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
    # nulls the schema does not allow: drop the key when it is optional, warn when required
    strict = validator_cls(schema)
    for _ in range(200):
        errs = [e for e in strict.iter_errors(data) if e.instance is None and e.absolute_path]
        if not errs:
            break
        err = errs[0]
        path = list(err.absolute_path)
        parent = data
        for p in path[:-1]:
            parent = parent[p]
        required = _required_at(schema, path)
        if isinstance(parent, dict) and not required:
            del parent[path[-1]]
            continue
        where = ".".join(str(p) for p in path)
        warnings.append(f"{where} not found in the document; left null")
        break
    return data


def _required_at(schema: dict, path: list) -> bool:
    """Whether the property at ``path`` is required by its parent object schema."""
    node: Any = schema
    for p in path[:-1]:
        node = _deref(schema, node)
        if isinstance(p, int):
            node = node.get("items", {}) if isinstance(node, dict) else {}
        else:
            node = (node.get("properties") or {}).get(p, {}) if isinstance(node, dict) else {}
    node = _deref(schema, node)
    if not isinstance(node, dict):
        return False
    for key in ("anyOf", "oneOf"):
        for sub in node.get(key) or []:
            sub = _deref(schema, sub)
            if isinstance(sub, dict) and path[-1] in (sub.get("required") or []):
                return True
    return path[-1] in (node.get("required") or [])


def _deref(root: dict, node: Any) -> Any:
    for _ in range(20):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        target: Any = root
        for part in node["$ref"].lstrip("#").split("/"):
            if part:
                target = target.get(part, {}) if isinstance(target, dict) else {}
        node = target
    return node


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
                "citation": [],
                "confidence": 0.0,
                "extraction_confidence": 0.0,
                "parsing_confidence": node[key].get("parsing_confidence", 1.0),
                "reasoning": "NOT FOUND IN DOCUMENT",
            }
    except (KeyError, IndexError, TypeError):
        return
