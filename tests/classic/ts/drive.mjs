// Drive @llamaindex/cloud's LlamaParseReader against a Sheaf server:
//   node drive.mjs DOCS.json OUT.json
// The server comes only from LLAMA_CLOUD_BASE_URL and LLAMA_CLOUD_API_KEY. Each scenario
// reports what the reader returned (or the error it raised) as JSON for the pytest side.
import { readFileSync, writeFileSync } from "node:fs";
import { LlamaParseReader } from "@llamaindex/cloud/reader";

const docs = JSON.parse(readFileSync(process.argv[2], "utf8"));
const baseUrl = process.env.LLAMA_CLOUD_BASE_URL;
const common = { baseUrl, verbose: false, ignoreErrors: false, maxCheckInterval: 1 };

const scenarios = {
  async pdf_markdown() {
    const reader = new LlamaParseReader({ ...common, resultType: "markdown" });
    return (await reader.loadData(docs.pdf)).map((d) => d.text);
  },
  async docx_text() {
    const reader = new LlamaParseReader({ ...common, resultType: "text", splitByPage: false });
    return (await reader.loadData(docs.docx)).map((d) => d.text);
  },
  async pdf_json() {
    const reader = new LlamaParseReader({ ...common, resultType: "json", targetPages: "1" });
    const [result] = await reader.loadJson(docs.pdf);
    return { pages: result.pages.map((p) => ({ page: p.page, md: p.md, items: p.items.length })) };
  },
  async images() {
    const reader = new LlamaParseReader({ ...common, resultType: "json" });
    const json = await reader.loadJson(docs.images);
    const got = await reader.getImages(json, docs.out + "/ts-images");
    return got.map((im) => ({ name: im.name, path: im.path, page: im.page_number }));
  },
  async corrupt() {
    const reader = new LlamaParseReader({ ...common, resultType: "text" });
    try {
      await reader.loadData(docs.bad);
      return { raised: null };
    } catch (e) {
      return { raised: String(e.message ?? e) };
    }
  },
};

const out = {};
await Promise.all(
  Object.entries(scenarios).map(async ([name, run]) => {
    try {
      out[name] = { ok: await run() };
    } catch (e) {
      out[name] = { error: String(e.stack ?? e) };
    }
  }),
);
writeFileSync(process.argv[3], JSON.stringify(out));
