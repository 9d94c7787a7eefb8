// The search box in a real browser: the built site served on loopback under a sub-path,
// Taper's index (search/) queried from the theme's box in Debian's headless Chromium.
//
//   node search.mjs SITE_DIR PREFIX LATE_WORD LATE_URL [SCREENSHOT_DIR]
//
// SITE_DIR built with `--base-url http://127.0.0.1/PREFIX/` (PREFIX like /sub/). Checks: the
// bytes of every request a one-word and a two-word query make, from a fresh cache (≤ 300 kB
// each); LATE_WORD (a word only past the
// 300th word of one article) finds LATE_URL; `recovering` finds and marks "recovery"
// (stemming); excerpts with <mark>; the result count announced (aria-live); Arrow
// keys move through the results and Escape closes them; axe-core clean with results open; no
// request leaves the site; `kind:plan` shows plans only; the box's stemmer gives the stems of
// stems.txt (the index's, checked in src/search/words.rs). Prints the figures as `figure: …`,
// the time from the last keystroke to the results among them: a figure, not a check (a busy
// machine moves it several-fold); benches/search.sh times it against Zola's index.
import { createServer } from "node:http";
import { readFile, stat, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "playwright-core";

const [siteArg, prefix, lateWord, lateUrl, shotsArg] = process.argv.slice(2);
if (!siteArg || !prefix || !lateWord || !lateUrl) {
  console.error("usage: node search.mjs SITE_DIR PREFIX LATE_WORD LATE_URL [SCREENSHOT_DIR]");
  process.exit(2);
}
const site = path.resolve(siteArg);
const shots = shotsArg ? path.resolve(shotsArg) : null;
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json" };
const LIMIT = 300 * 1024;

let passed = 0;
let failed = 0;
const check = (ok, what) => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
};

const server = createServer(async (req, res) => {
  const url = decodeURIComponent(req.url.split("?")[0]);
  let file = null;
  if (url.startsWith(prefix)) {
    const p = path.join(site, url.slice(prefix.length));
    try {
      file = (await stat(p)).isDirectory() ? path.join(p, "index.html") : p;
    } catch {}
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end("not found");
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

// A fresh page (empty cache) with every request counted; `query` typed into the box.
async function search(query, width = 1280) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const away = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) away.push(r.url());
  });
  await page.goto(origin + prefix, { waitUntil: "load" });
  let bytes = 0;
  const requests = [];
  page.on("response", async (r) => {
    const b = await r.body().catch(() => Buffer.alloc(0));
    bytes += b.length;
    requests.push(`${r.url().slice(origin.length)} ${b.length}`);
  });
  // Timed in the page: from the last keystroke's input event to the last change of the list
  // (the final query's results), without the test driver's polling.
  await page.evaluate(() => {
    const list = document.getElementById("search-results");
    document.addEventListener("input", () => { window.__typed = performance.now(); }, true);
    new MutationObserver(() => { window.__shown = performance.now(); }).observe(list, { childList: true, subtree: true });
  });
  await page.focus("#search-input");
  const start = Date.now();
  await page.keyboard.type(query);
  const typing = Date.now() - start;
  await page.waitForSelector("#search-results:not([hidden]) li", { timeout: 10000 });
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(50);
  const ms = Math.round(await page.evaluate(() => window.__shown - window.__typed));
  const results = await page.$$eval("#search-results li", (lis) =>
    lis.map((li) => ({ url: li.querySelector("a")?.getAttribute("href") ?? "", title: li.querySelector("a")?.textContent ?? "", marks: li.querySelectorAll("mark").length, marked: Array.from(li.querySelectorAll("mark"), (m) => m.textContent.toLowerCase()), kind: li.querySelector(".search-kind")?.textContent ?? "" })),
  );
  const status = await page.textContent("#search-status");
  return { context, page, bytes, requests, ms, typing, results, status, away };
}

try {
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(origin + prefix, { waitUntil: "load" });
    await page.addScriptTag({ url: `${origin}${prefix}search/search.js` });
    const list = (await readFile(new URL("./stems.txt", import.meta.url), "utf8"))
      .split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split(" "));
    const wrong = await page.evaluate((list) => list.filter(([w, s]) => self.taperStem(w) !== s).map(([w, s]) => `${w}: ${self.taperStem(w)}, not ${s}`), list);
    check(list.length > 2000 && wrong.length === 0, `the box stems ${list.length} words as the index does (${wrong.slice(0, 5).join("; ")})`);
    await context.close();
  }

  for (const q of ["recovery", "easy run"]) {
    const r = await search(q);
    console.log(`figure: '${q}': ${r.bytes} bytes in ${r.requests.length} requests, first result ${r.ms} ms after the last keystroke (typing took ${r.typing} ms), ${r.results.length} shown, status "${r.status}"`);
    check(r.bytes <= LIMIT, `'${q}': search requests ${(r.bytes / 1024).toFixed(1)} kB ≤ 300 kB`);
    check(r.results.length > 0 && r.results[0].url.startsWith(prefix) && !r.results[0].url.startsWith(prefix + prefix.slice(1)), `'${q}': results link under ${prefix} (${r.results[0]?.url})`);
    check(r.results.some((x) => x.marks > 0), `'${q}': excerpts mark the matched words`);
    check(/^\d+ results?/.test(r.status), `'${q}': the count is announced ("${r.status}")`);
    check(r.away.length === 0, `'${q}': no request leaves the site (${r.away.join(", ")})`);
    await r.context.close();
  }

  const plans = await search("kind:plan week");
  check(plans.results.length > 0 && plans.results.every((x) => x.kind.startsWith("Plan ·")), `'kind:plan week' shows plans only, with level and weeks (${plans.results.map((x) => x.kind).join(" | ")})`);
  await plans.context.close();

  const late = await search(lateWord);
  check(late.results.some((x) => x.url === lateUrl), `'${lateWord}' (past the 300th word) finds ${lateUrl} (${late.results.map((x) => x.url).join(", ")})`);
  await late.context.close();

  const stem = await search("recovering");
  check(stem.results.some((x) => x.marked.includes("recovery")), `'recovering' finds and marks 'recovery' (${stem.results.map((x) => x.marked.join(",")).join(" | ")})`);
  await stem.context.close();

  for (const width of [390, 1280]) {
    const open = await search("rest", width);
    const { page } = open;
    if (shots) {
      await mkdir(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, `search-${width}.png`) });
    }
    await page.addScriptTag({ path: axePath });
    const axe = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
    const bad = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    for (const v of bad) console.log(`     ${v.impact} ${v.id}: ${v.help} (${v.nodes[0]?.target})`);
    check(bad.length === 0, `results open @${width}: axe-core, ${bad.length} serious/critical violations`);
    if (width === 1280) {
      await page.keyboard.press("ArrowDown");
      const first = await page.evaluate(() => document.activeElement === document.querySelector("#search-results a"));
      await page.keyboard.press("ArrowDown");
      const second = await page.evaluate(() => document.activeElement === document.querySelectorAll("#search-results a")[1]);
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("ArrowUp");
      const back = await page.evaluate(() => document.activeElement.id === "search-input");
      check(first && (second || open.results.length < 2) && back, `ArrowDown/ArrowUp move through the results and back to the box (${first} ${second} ${back})`);
      await page.keyboard.press("Escape");
      check(await page.isHidden("#search-results"), "Escape closes the results");
    }
    await open.context.close();
  }

  // Without scripts the box's form leads to the tags page.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(origin + prefix, { waitUntil: "load" });
  const fallback = await page.getAttribute(".search-fallback", "href").catch(() => null);
  check(fallback === `${prefix}tags/`, `no JS: a link to the tags page (${fallback})`);
  await context.close();
} finally {
  await browser.close();
  server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
