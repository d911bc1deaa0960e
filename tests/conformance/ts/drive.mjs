// Drive the official v2 TypeScript SDK (@llamaindex/llama-cloud) against a Sheaf server:
//   node drive.mjs DOCS.json OUT.json
// The server comes only from LLAMA_CLOUD_BASE_URL and LLAMA_CLOUD_API_KEY, as a user sets
// them. Each scenario reports what the SDK returned (or the error it raised) as JSON for the
// pytest side (tests/conformance/test_ts_sdk.py), which judges it.
import { createReadStream, readFileSync, writeFileSync } from "node:fs";
import LlamaCloud from "@llamaindex/llama-cloud";

const docs = JSON.parse(readFileSync(process.argv[2], "utf8"));
const client = new LlamaCloud();  // reads LLAMA_CLOUD_BASE_URL and LLAMA_CLOUD_API_KEY
const FINISHED = ["COMPLETED", "FAILED", "CANCELLED"];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function untilFinished(get) {
  for (let i = 0; i < 600; i++) {
    const value = await get();
    if (FINISHED.includes(value.status ?? value.job?.status)) return value;
    await sleep(200);
  }
  throw new Error("still running after 120 s");
}

const scenarios = {
  // The README's workflow: a directory, uploads, a parse batch, per-file results.
  async batch_workflow() {
    const dir = await client.beta.directories.create({ name: "ts-inbox", type: "ephemeral" });
    for (const path of [docs.three, docs.table]) {
      await client.beta.directories.files.upload(dir.id, { upload_file: createReadStream(path) });
    }
    let batch = await client.batches.create({
      source_directory_id: dir.id,
      config: { job: { type: "parse_v2", configuration_id: "cfg-PARSE_FAST" } },
    });
    batch = await untilFinished(() => client.batches.get(batch.id));
    const withResults = await client.batches.get(batch.id, { expand: ["results"] });
    const files = [];
    for (const item of withResults.results) {
      const job = await client.parsing.get(item.job_reference.id, { expand: ["markdown_full", "text"] });
      files.push({ name: job.job.name, status: job.job.status, markdown: job.markdown_full,
                   pages: job.text.pages.length });
    }
    return { status: batch.status, progress: batch.progress, files };
  },
  // One file through the SDK's own helper: multipart upload, then its polling loop.
  async parse_helper() {
    const result = await client.parsing.parse(
      { tier: "fast", version: "latest", upload_file: createReadStream(docs.three),
        expand: ["markdown", "items"] },
      { pollingInterval: 0.2, timeout: 120 },
    );
    return { status: result.job.status, pages: result.markdown.pages.map((p) => p.markdown),
             items: result.items.pages.map((p) => p.items.map((it) => it.type)) };
  },
  async extract_with_saved_configuration() {
    const config = await client.configurations.create({
      name: "ts-invoices",
      parameters: {
        product_type: "extract_v2",
        data_schema: {
          type: "object",
          properties: { invoice_number: { type: "string" }, total: { type: "number" } },
        },
        cite_sources: true,
        confidence_scores: true,
      },
    });
    const file = await client.files.create({ file: createReadStream(docs.invoice), purpose: "extract" });
    const created = await client.extract.create({ file_input: file.id, configuration_id: config.id });
    const job = await client.extract.waitForCompletion(created.id, undefined,
                                                       { pollingInterval: 0.2, timeout: 120 });
    return { status: job.status, result: job.extract_result,
             metadata: job.extract_metadata?.field_metadata?.document_metadata ?? null };
  },
  // Auto-pagination follows next_page_token across pages of one.
  async list_pages() {
    const ids = [];
    for await (const job of client.parsing.list({ page_size: 1 })) ids.push(job.id);
    return ids;
  },
  async not_found() {
    try {
      await client.parsing.get("pjb-00000000-0000-4000-8000-000000000000");
      return { raised: null };
    } catch (e) {
      return { raised: e.constructor.name, status: e.status, detail: e.error?.detail ?? null };
    }
  },
  // Enough layout-tier work that the cancel lands while jobs wait or run (one fast file
  // finished before the cancel arrived once workers started within milliseconds).
  async cancel_batch() {
    const dir = await client.beta.directories.create({ name: "ts-cancel", type: "ephemeral" });
    for (const path of docs.cancel) {
      await client.beta.directories.files.upload(dir.id, { upload_file: createReadStream(path) });
    }
    const batch = await client.batches.create({
      source_directory_id: dir.id,
      config: { job: { type: "parse_v2", configuration_id: "cfg-PARSE_COST_EFFECTIVE" } },
    });
    await client.batches.cancel(batch.id);
    const done = await untilFinished(() => client.batches.get(batch.id));
    return { status: done.status, progress: done.progress };
  },
};

const out = {};
for (const [name, run] of Object.entries(scenarios)) {
  try {
    out[name] = { ok: await run() };
  } catch (e) {
    out[name] = { error: String(e.stack ?? e) };
  }
}
writeFileSync(process.argv[3], JSON.stringify(out));
