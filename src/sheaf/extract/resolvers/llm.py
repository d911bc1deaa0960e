"""The LLM resolver: an OpenAI-compatible chat endpoint fills the schema.

Configured by ``SHEAF_LLM_BASE_URL`` and ``SHEAF_LLM_MODEL`` (``SHEAF_LLM_API_KEY`` optional,
``SHEAF_LLM_TIMEOUT`` seconds, default 120). The document goes in as markdown, the schema as a
``response_format`` JSON schema; the answer is validated with jsonschema and re-asked once with
the validation errors. Every value is then located in the document for its citation.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import jsonschema

from sheaf.parse.document import Document

from ..errors import ExtractError
from ..layout import Layout, render_markdown
from ..result import INFERRED, NOT_FOUND, VERBATIM, Citation, FieldValue
from ..schema import Field, nullable_schema
from ..values import find_amounts, find_dates
from .citations import locate

__all__ = ["LlmConfig", "resolve"]

MAX_DOC_CHARS = 200_000

_INSTRUCTIONS = (
    "You extract structured data from a document. Answer with one JSON object that matches "
    "the given JSON Schema. Use null for any value the document does not contain; never "
    "invent values. Copy text values exactly as printed unless the schema's format or type "
    "requires a normalised form (dates with format 'date' as YYYY-MM-DD, numbers as JSON "
    "numbers)."
)


@dataclass(frozen=True, slots=True)
class LlmConfig:
    """An OpenAI-compatible chat endpoint for the agentic tiers (the service builds it from
    ``SHEAF_LLM_*`` settings; the engine itself reads no environment)."""

    base_url: str
    model: str
    api_key: str = ""
    timeout_seconds: float = 120.0


def _strip_fences(text: str) -> str:
    m = re.search(r"```(?:json)?\s*(.*?)```", text, re.S)
    return m.group(1) if m else text


def resolve(
    root: Field,
    schema: dict,
    doc: Document,
    layout: Layout,
    pages: list[int],
    options: dict[str, Any],
    config: LlmConfig | None,
) -> tuple[dict, dict, list[str]]:
    tier = options.get("tier")
    if config is None or not (config.base_url and config.model):
        raise ExtractError(
            f"extract tier {tier!r} needs an LLM endpoint: set SHEAF_LLM_BASE_URL and "
            "SHEAF_LLM_MODEL (and SHEAF_LLM_API_KEY if the endpoint wants one) to an "
            "OpenAI-compatible server, or use tier 'cost_effective'"
        )
    base, model, timeout = config.base_url, config.model, config.timeout_seconds
    key = config.api_key or "sheaf-no-key"
    import openai  # imported here: the deterministic path never needs it

    client = openai.OpenAI(base_url=base, api_key=key, timeout=timeout, max_retries=1)
    warnings: list[str] = []
    markdown = render_markdown(doc, pages)
    if len(markdown) > MAX_DOC_CHARS:
        markdown = markdown[:MAX_DOC_CHARS]
        warnings.append(f"document text truncated to {MAX_DOC_CHARS} characters for the LLM")
    answer_schema = nullable_schema(schema)
    system = _INSTRUCTIONS
    if options.get("system_prompt"):
        system = f"{options['system_prompt']}\n\n{_INSTRUCTIONS}"
    messages: list[dict[str, str]] = [
        {"role": "system", "content": system},
        {
            "role": "user",
            "content": "JSON Schema:\n"
            + json.dumps(schema, ensure_ascii=False)
            + "\n\nDocument (markdown):\n"
            + markdown,
        },
    ]
    validator = jsonschema.validators.validator_for(
        answer_schema, default=jsonschema.Draft202012Validator
    )(answer_schema)
    data: Any = None
    for attempt in range(2):
        content = _ask(client, model, messages, answer_schema)
        try:
            data = json.loads(_strip_fences(content))
            errors = [] if isinstance(data, dict) else ["the answer is not a JSON object"]
        except ValueError as exc:
            data, errors = None, [f"the answer is not valid JSON: {exc}"]
        if not errors:
            errors = [
                f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
                for e in validator.iter_errors(data)
            ][:20]
        if not errors:
            break
        if attempt == 0:
            messages.append({"role": "assistant", "content": content})
            messages.append(
                {
                    "role": "user",
                    "content": "Your answer does not validate against the schema:\n- "
                    + "\n- ".join(errors)
                    + "\nAnswer again with the corrected JSON object only.",
                }
            )
        else:
            warnings.append("LLM answer still invalid after one retry: " + "; ".join(errors[:5]))
    if not isinstance(data, dict):
        raise ExtractError("the LLM did not return a JSON object, even after one retry")
    data = {k: v for k, v in data.items() if k in {f.name for f in root.properties}} or data
    meta = _metadata(root, data, layout)
    return data, meta, warnings


def _ask(client: Any, model: str, messages: list[dict[str, str]], schema: dict) -> str:
    import openai

    try:
        resp = client.chat.completions.create(
            model=model,
            messages=messages,
            temperature=0,
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "extraction", "schema": schema, "strict": False},
            },
        )
    except openai.OpenAIError as exc:
        raise ExtractError(f"LLM endpoint request failed: {exc}") from None
    try:
        content = resp.choices[0].message.content
    except (AttributeError, IndexError, TypeError):
        content = None
    if not content:
        raise ExtractError("LLM endpoint returned an empty answer")
    return content


# ------------------------------------------------------------------------------ citations
def _metadata(f: Field, value: Any, layout: Layout) -> Any:
    if f.kind == "object":
        value = value if isinstance(value, dict) else {}
        return {
            sub.name: _metadata(sub, value.get(sub.name), layout)
            for sub in f.properties
            if sub.name in value
        }
    if f.kind == "array":
        if not isinstance(value, list) or f.items is None:
            return []
        return [_metadata(f.items, v, layout) for v in value]
    return _leaf(value, layout).metadata()


def _printed_forms(value: Any) -> list[str]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        d = Decimal(str(value))
        forms = [
            str(value),
            f"{value:,.2f}",
            f"{value:.2f}",
            f"{value:.2f}".replace(".", ","),
            f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", "."),
        ]
        if d == d.to_integral_value():
            forms.insert(0, str(int(d)))
        return list(dict.fromkeys(forms))
    return [str(value)]


def _leaf(value: Any, layout: Layout) -> FieldValue:
    pconf = min((p.confidence for p in layout.pages.values()), default=1.0)
    if value is None:
        return FieldValue(None, [], 0.0, pconf, NOT_FOUND)
    spans: list = []
    verbatim = False
    for form in _printed_forms(value):
        spans = locate(layout, form)
        if spans:
            ln, s, e = spans[0]
            verbatim = ln.text[s:e] == form and not isinstance(value, int | float)
            break
    if not spans and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        for ln in layout.lines:  # a normalised date: find it as printed
            for m in find_dates(ln.text):
                if m.value.isoformat() == value:
                    spans = [(ln, m.start, m.end)]
                    break
            if spans:
                break
    if not spans and isinstance(value, int | float) and not isinstance(value, bool):
        for ln in layout.lines:
            for m in find_amounts(ln.text):
                if m.value == Decimal(str(value)):
                    spans = [(ln, m.start, m.end)]
                    break
            if spans:
                break
    cits: list[Citation] = []
    for ln, s, e in spans:
        cits.append(
            Citation(ln.page, ln.text[s:e], ln.span_boxes(s, e), ln.page_width, ln.page_height)
        )
    if not cits:
        return FieldValue(value, [], 0.5, pconf, INFERRED)
    ocr = min(ln.confidence for ln, _, _ in spans)
    exact = any(c.matching_text == str(value) for c in cits)
    return FieldValue(
        value,
        cits,
        0.92 if exact else 0.8,
        min(pconf, ocr),
        VERBATIM if verbatim or exact else INFERRED,
    )
