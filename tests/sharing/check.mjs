// Lighthouse and the Nu HTML checker on a built site (see docs: developing/sharing-checks.md).
//
//   node check.mjs PUBLIC PORT [PAGE ...]
//
// PUBLIC is a site built with `--base-url http://127.0.0.1:PORT/` (so that canonical URLs are
// the pages Lighthouse loads). Every HTML page goes through the Nu HTML checker (vnu.jar, which
// needs Java): no errors allowed. Each PAGE (a path like `posts/x/`; default: the home page)
// goes through Lighthouse in Debian's Chromium: Best Practices, SEO and Accessibility must score 100 and
// nothing may be logged to the console. Exits 1 on any failure.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { join, extname, resolve } from "node:path";
import { createRequire } from "node:module";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const [publicDir, port = "8765", ...pages] = process.argv.slice(2);
if (!publicDir) {
  console.error("usage: node check.mjs PUBLIC PORT [PAGE ...]");
  process.exit(2);
}
const root = resolve(publicDir);
const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain",
  ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp",
  ".ics": "text/calendar", ".fit": "application/octet-stream",
};

async function file(path) {
  try {
    const s = await stat(path);
    return s.isDirectory() ? file(join(path, "index.html")) : path;
  } catch {
    return null;
  }
}

const server = createServer(async (req, res) => {
  const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
  const path = resolve(join(root, url));
  const found = path.startsWith(root) ? await file(path) : null;
  const served = found ?? join(root, "404.html");
  res.writeHead(found ? 200 : 404, { "content-type": types[extname(served)] ?? "application/octet-stream" });
  res.end(await readFile(served));
});
await new Promise((ok) => server.listen(Number(port), "127.0.0.1", ok));

let failed = false;

// The Nu HTML checker: every page, errors only.
const require = createRequire(import.meta.url);
const vnu = String(require("vnu-jar"));
try {
  execFileSync("java", ["-jar", vnu, "--errors-only", "--skip-non-html", root], { stdio: "inherit" });
  console.log("vnu: 0 errors");
} catch {
  console.log("vnu: errors (above)");
  failed = true;
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
});
for (const page of pages.length ? pages : [""]) {
  const url = `http://127.0.0.1:${port}/${page}`;
  const r = await lighthouse(url, {
    port: chrome.port,
    output: "json",
    logLevel: "error",
    onlyCategories: ["best-practices", "seo", "accessibility"],
  });
  const lhr = r.lhr;
  const score = (c) => Math.round(lhr.categories[c].score * 100);
  const consoleErrors = lhr.audits["errors-in-console"].details?.items ?? [];
  const line = `${url}: best practices ${score("best-practices")}, SEO ${score("seo")}, accessibility ${score("accessibility")}, console errors ${consoleErrors.length}`;
  console.log(line);
  const bad = Object.values(lhr.audits).filter(
    (a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary",
  );
  for (const a of bad) {
    console.log(`  failed: ${a.id}: ${a.title}`);
    // Where: the first few elements the audit names.
    for (const item of (a.details?.items ?? []).slice(0, 5)) {
      const node = item.node ?? item.subItems?.items?.[0]?.relatedNode;
      if (node) console.log(`    at ${node.selector ?? ""} ${node.snippet ?? ""}`.slice(0, 200));
    }
  }
  for (const e of consoleErrors) console.log(`  console: ${e.description ?? e.url}`);
  if (score("best-practices") < 100 || score("seo") < 100 || score("accessibility") < 100 || consoleErrors.length) failed = true;
}
await chrome.kill();
server.close();
process.exit(failed ? 1 : 0);
