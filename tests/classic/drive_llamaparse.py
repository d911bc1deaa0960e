"""Drive the classic Python client (``llama-cloud-services==0.6.94``) against a Sheaf server.

Runs in the classic client's own virtualenv (``tests/classic/.venv-classic``), never in Sheaf's:
``python drive_llamaparse.py DOCS.json OUT.json``. The server comes only from
``LLAMA_CLOUD_BASE_URL`` and ``LLAMA_CLOUD_API_KEY``, as a user would set it. Every scenario
runs concurrently and reports what the client returned (or the error it raised) as JSON, for
the pytest side to check.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any

from llama_cloud_services import LlamaParse

FAST_POLL = {"max_check_interval": 1, "verbose": False, "show_progress": False}


def parser(**kwargs: Any) -> LlamaParse:
    return LlamaParse(**FAST_POLL, **kwargs)


async def md_split(d: dict) -> Any:
    docs = await parser(result_type="markdown").aload_data(d["three"])
    return [doc.text for doc in docs]


async def text_whole(d: dict) -> Any:
    docs = await parser(result_type="text", split_by_page=False).aload_data(d["three"])
    return [doc.text for doc in docs]


async def framed(d: dict) -> Any:
    p = parser(
        result_type="markdown",
        page_separator="\n=== next: {pageNumber} ===\n",
        page_prefix="[start {pageNumber}]\n",
        page_suffix="\n[end {pageNumber}]",
    )
    result = await p.aparse(d["three"])
    return {"raw_markdown": await result.aget_markdown(), "raw_text": await result.aget_text()}


async def json_result(d: dict) -> Any:
    return await parser(result_type="markdown").aget_json(d["table"])


async def parse_job(d: dict) -> Any:
    result = await parser().aparse(d["three"])
    return {
        "job_id": result.job_id,
        "file_name": result.file_name,
        "status": result.status,
        "pages": [page.page for page in result.pages],
        "job_pages": result.job_metadata.job_pages,
        "md_docs": [doc.text for doc in result.get_markdown_documents(split_by_page=True)],
        "md_meta": [doc.metadata for doc in result.get_markdown_documents(split_by_page=True)],
        "text_docs": [doc.text for doc in result.get_text_documents(split_by_page=False)],
        "raw_text": await result.aget_text(),
        "json_pages": len((await result.aget_json())["pages"]),
        "again_pages": [page.page for page in (await parser().aget_result(result.job_id)).pages],
    }


async def target_pages(d: dict) -> Any:
    results = await parser(result_type="text", target_pages="0,2").aget_json(d["three"])
    return [{"page": p["page"], "text": p["text"]} for p in results[0]["pages"]]


async def many(d: dict) -> Any:
    p = parser(result_type="text", num_workers=3, split_by_page=False)
    docs = await p.aload_data([d["one_a"], d["one_b"], d["one_c"], d["one_d"]])
    return [doc.text for doc in docs]


async def corrupt_ignored(d: dict) -> Any:
    return [doc.text for doc in await parser(ignore_errors=True).aload_data(d["bad"])]


async def corrupt_raised(d: dict) -> Any:
    try:
        await parser(ignore_errors=False).aload_data(d["bad"])
    except Exception as exc:  # noqa: BLE001 - the point is what the client raises
        return {"raised": type(exc).__name__, "message": str(exc)}
    return {"raised": None}


async def mixed_ignored(d: dict) -> Any:
    p = parser(result_type="text", ignore_errors=True, split_by_page=False)
    return [doc.text for doc in await p.aload_data([d["one_a"], d["bad"]])]


async def images(d: dict) -> Any:
    p = parser(result_type="markdown")
    results = await p.aget_json(d["images"])
    got = await p.aget_images(results, os.path.join(d["out"], "images"))
    job = await p.aget_result(results[0]["job_id"])  # JobResult reads /api/v1/parsing/...
    data = await job.aget_image_data(job.get_image_names()[0])
    return {
        "downloaded": [
            {"name": im["name"], "path": im["path"], "page": im["page_number"]} for im in got
        ],
        "job_result_image": data[:8].hex(),
    }


async def xlsx(d: dict) -> Any:
    p = parser(result_type="markdown")
    results = await p.aget_json(d["table"])
    got = await p.aget_xlsx(results, os.path.join(d["out"], "xlsx"))
    job = await p.aget_result(results[0]["job_id"])
    again = Path(d["out"], "job_result.xlsx")
    again.write_bytes(await job.aget_xlsx_data())
    return {"paths": [x["path"] for x in got], "job_result_xlsx": str(again)}


async def partitioned(d: dict) -> Any:
    docs = await parser(result_type="text", partition_pages=2).aload_data(d["four"])
    return [doc.text for doc in docs]


async def options(d: dict) -> Any:
    p = parser(
        result_type="markdown",
        output_tables_as_HTML=True,
        skip_diagonal_text=True,
        do_not_unroll_columns=True,
        extract_charts=True,
        language="ja",
    )
    return await p.aget_json(d["table"])


async def files(d: dict) -> Any:
    from llama_cloud.client import AsyncLlamaCloud

    client = AsyncLlamaCloud(
        token=os.environ["LLAMA_CLOUD_API_KEY"], base_url=os.environ["LLAMA_CLOUD_BASE_URL"]
    )
    with open(d["table"], "rb") as fh:
        up = await client.files.upload_file(upload_file=fh, external_file_id="ext-table")
    got = await client.files.get_file(up.id)
    url = await client.files.read_file_content(up.id)
    content = await client._client_wrapper.httpx_client.get(url.url)
    await client.files.delete_file(up.id)
    try:
        await client.files.get_file(up.id)
        after = None
    except Exception as exc:  # noqa: BLE001 - llama_cloud raises ApiError(status_code=404)
        after = getattr(exc, "status_code", repr(exc))
    return {
        "id": up.id,
        "name": got.name,
        "size": got.file_size,
        "external_file_id": got.external_file_id,
        "content_matches": content.content == Path(d["table"]).read_bytes(),
        "after_delete": after,
    }


SCENARIOS = {
    f.__name__: f
    for f in (
        md_split, text_whole, framed, json_result, parse_job, target_pages, many,
        corrupt_ignored, corrupt_raised, mixed_ignored, images, xlsx, partitioned, options,
        files,
    )
}


async def run(docs: dict) -> dict:
    async def one(name: str) -> Any:
        try:
            return {"ok": await SCENARIOS[name](docs)}
        except Exception:  # noqa: BLE001 - reported to the test, which fails on it
            return {"error": traceback.format_exc()}

    names = docs.get("only") or list(SCENARIOS)
    outcomes = await asyncio.gather(*(one(n) for n in names))
    return dict(zip(names, outcomes, strict=True))


if __name__ == "__main__":
    with open(sys.argv[1]) as fh:
        docs = json.load(fh)
    result = asyncio.run(run(docs))
    with open(sys.argv[2], "w") as fh:
        json.dump(result, fh, default=str)
