// Search in a real browser, Taper's box against Zola's elasticlunr index, on the same articles.
//
//   node benches/search.mjs TAPER_SITE ZOLA_SITE [RUNS] [QUERY ...]
//
// TAPER_SITE: a `taper build` output; ZOLA_SITE: a `zola build` output with
// `build_search_index = true` and `[search] index_format = "elasticlunr_json"` (what Zola's own
// docs site uses). benches/search.sh makes both from one generated corpus; run that instead.
//
// Each query is typed into a fresh page (empty cache) RUNS times per tool, tools taking turns,
// and gives:
// - cold: ms from the last keystroke's input event to the last change of the results list,
//   timed in the page, so it includes fetching whatever index the box needs;
// - warm: the same for a second query typed into the same page, index already loaded;
// - bytes: what the page downloaded for the cold query (every byte the tool's server sent
//   after the page's own load, up to the results; no compression on either side).
// Taper is timed with its own box (templates/search.js, loaded when the box is first used).
// Zola ships elasticlunr and an index, not a box, so the Zola page is a small one written here
// doing what Zola's docs site does: load elasticlunr.min.js and fetch search_index.en.json on
// the first query (both counted, as Taper's script is), `elasticlunr.Index.load` it, search with
// `bool: "AND"` and title boosted 2, and list 10 results with an excerpt; both boxes wait
// 10 ms after a keystroke (Taper's debounce; Zola's docs wait 150 ms, not counted here).
// Needs Debian's chromium and tests/browser's node_modules (`npm ci --prefix tests/browser`).
// Prints a Markdown table: medians, and Taper's ratio to Zola.
import { createServer } from "node:http";
import { readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../tests/browser/package.json"));
const { chromium } = require("playwright-core");

const [taperArg, zolaArg, runsArg, ...queryArgs] = process.argv.slice(2);
if (!taperArg || !zolaArg) {
  console.error("usage: node benches/search.mjs TAPER_SITE ZOLA_SITE [RUNS] [QUERY ...]");
  process.exit(2);
}
const runs = Number(runsArg ?? 5);
// Words of gen_corpus.py's articles: a query must find something in both tools (the time is
// to the first results shown).
const queries = queryArgs.length ? queryArgs : ["recovery", "easy run", "tempo", "fuelling"];
const WARM = "long run";

// What Zola's docs site does with the index, in a page of its own.
const ZOLA_PAGE = `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Search</title>
<input id="search-input" type="search" aria-label="Search">
<ul id="search-results"></ul>
<script>
  const input = document.getElementById("search-input");
  const list = document.getElementById("search-results");
  const options = { bool: "AND", fields: { title: { boost: 2 }, body: { boost: 1 } } };
  let index;
  // Loaded on first use, as Taper's box loads its script: both tools' bytes and times count
  // everything search needs after the page itself.
  const script = () => new Promise((ok) => {
    const s = document.createElement("script");
    s.src = "elasticlunr.min.js";
    s.onload = ok;
    document.head.appendChild(s);
  });
  const load = () => index ??= Promise.all([script(), fetch("search_index.en.json").then((r) => r.json())])
    .then(([, j]) => elasticlunr.Index.load(j));
  const escape = (s) => s.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]);
  // An excerpt of 30 words from the first word whose stem a term's stem begins.
  function teaser(body, terms) {
    const stems = terms.map((t) => elasticlunr.stemmer(t.toLowerCase()));
    const words = body.split(/\\s+/);
    const at = Math.max(0, words.findIndex((w) => stems.some((s) => elasticlunr.stemmer(w.toLowerCase()).startsWith(s))));
    return words.slice(Math.max(0, at - 10), at + 20)
      .map((w) => stems.some((s) => elasticlunr.stemmer(w.toLowerCase()).startsWith(s)) ? "<b>" + escape(w) + "</b>" : escape(w))
      .join(" ") + "…";
  }
  async function run() {
    const term = input.value.trim();
    if (!term) { list.replaceChildren(); return; }
    const results = (await load()).search(term, options).slice(0, 10);
    list.innerHTML = results.map((r) => '<li><a href="' + r.ref + '">' + escape(r.doc.title) + "</a><p>" + teaser(r.doc.body, term.split(" ")) + "</p></li>").join("");
  }
  let timer;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 10); });
</script>
</html>
`;

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json" };
// Bytes each server has sent: counted where they leave, since the browser keeps no body of a
// response as large as Zola's index for Playwright to read back.
const sent = { taper: 0, zola: 0 };
function serve(tool, root) {
  const server = createServer(async (req, res) => {
    const p = path.join(root, decodeURIComponent(req.url.split("?")[0]));
    try {
      const file = (await stat(p)).isDirectory() ? path.join(p, "index.html") : p;
      const body = await readFile(file);
      res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream", "content-length": body.length });
      sent[tool] += body.length;
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end("not found");
    }
  });
  return new Promise((r) => server.listen(0, "127.0.0.1", () => r(server)));
}

const taperRoot = path.resolve(taperArg);
const zolaRoot = path.resolve(zolaArg);
for (const f of ["elasticlunr.min.js", "search_index.en.json"]) {
  await stat(path.join(zolaRoot, f)).catch(() => {
    console.error(`${zolaRoot}/${f} is missing: build the Zola site with build_search_index = true and [search] index_format = "elasticlunr_json"`);
    process.exit(2);
  });
}
await writeFile(path.join(zolaRoot, "taper-bench-search.html"), ZOLA_PAGE);
const servers = { taper: await serve("taper", taperRoot), zola: await serve("zola", zolaRoot) };
const pageOf = { taper: "/", zola: "/taper-bench-search.html" };
const origin = (tool) => `http://127.0.0.1:${servers[tool].address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

// Types `query` and returns ms from its last input event to the list's last change.
async function timed(page, query) {
  await page.evaluate(() => {
    window.__shown = undefined;
    const list = document.getElementById("search-results");
    document.addEventListener("input", () => { window.__typed = performance.now(); }, true);
    new MutationObserver(() => { window.__shown = performance.now(); }).observe(list, { childList: true, subtree: true });
  });
  await page.fill("#search-input", "");
  await page.focus("#search-input");
  await page.keyboard.type(query);
  await page.waitForFunction(() => document.querySelector("#search-results li") && window.__shown > window.__typed, null, { timeout: 120000 })
    .catch(() => { throw new Error(`'${query}' showed no results in ${page.url()} within 120 s: pick queries both sites can answer`); });
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(50);
  return page.evaluate(() => window.__shown - window.__typed);
}

async function once(tool, query) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(origin(tool) + pageOf[tool], { waitUntil: "networkidle" });
  const before = sent[tool];
  const cold = await timed(page, query);
  const coldBytes = sent[tool] - before;
  const results = await page.$$eval("#search-results li", (lis) => lis.length);
  const warm = await timed(page, WARM);
  await context.close();
  return { cold, warm, bytes: coldBytes, results };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmtMs = (x) => `${Math.round(x)} ms`;
const fmtKb = (x) => (x >= 10 * 1024 * 1024 ? `${(x / 1024 / 1024).toFixed(0)} MB` : `${(x / 1024).toFixed(0)} kB`);
const ratio = (a, b) => (a / b >= 0.1 ? (a / b).toFixed(2) : (a / b).toPrecision(2));

try {
  console.log(`| query | tool | results | first result, cold (median of ${runs}) | next query, warm | downloaded for search | cold vs Zola | warm vs Zola | bytes vs Zola |`);
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const query of queries) {
    const got = { taper: [], zola: [] };
    for (let i = 0; i < runs; i++) for (const tool of ["taper", "zola"]) got[tool].push(await once(tool, query));
    const m = {};
    for (const tool of ["taper", "zola"]) {
      const r = got[tool];
      m[tool] = { cold: median(r.map((x) => x.cold)), warm: median(r.map((x) => x.warm)), bytes: median(r.map((x) => x.bytes)), results: r[0].results };
    }
    for (const tool of ["taper", "zola"]) {
      const x = m[tool];
      const vs = tool === "taper" ? ` ${ratio(x.cold, m.zola.cold)} | ${ratio(x.warm, m.zola.warm)} | ${ratio(x.bytes, m.zola.bytes)} |` : " | | |";
      console.log(`| ${query} | ${tool} | ${x.results} | ${fmtMs(x.cold)} | ${fmtMs(x.warm)} | ${fmtKb(x.bytes)} |${vs}`);
    }
  }
} finally {
  await browser.close();
  for (const s of Object.values(servers)) s.close();
}
