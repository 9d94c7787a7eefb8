// Real-browser checks of the built site: serve it on loopback, load the home page, an article,
// a plan and the tags page in Debian's headless Chromium at phone and desktop widths, save
// screenshots, run axe-core (no serious or critical violations), validate the HTML with
// html-validate, print the plan page to PDF with the print stylesheet, read every calendar
// with ical.js and every watch workout with @garmin/fitsdk.
//
//   node run.mjs [SITE_DIR] [SCREENSHOT_DIR] [GUIDE_SITE_DIR]
//
// (defaults: ../../public, ../../screenshots). With GUIDE_SITE_DIR (tests/fixtures/guide-site
// built), also a guide page and the guide's print page at both widths, the sidebar by keyboard,
// and the print page printed to PDF.
//
// Needs /usr/bin/chromium (Debian package `chromium`); playwright-core never downloads a browser.
import { createServer } from "node:http";
import { readFile, readdir, mkdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { HtmlValidate } from "html-validate";
import ICAL from "ical.js";
import { Decoder, Stream } from "@garmin/fitsdk";

const here = path.dirname(fileURLToPath(import.meta.url));
const site = path.resolve(process.argv[2] ?? path.join(here, "../../public"));
const shots = path.resolve(process.argv[3] ?? path.join(here, "../../screenshots"));
const guideSite = process.argv[4] ? path.resolve(process.argv[4]) : null;
const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");

const pages = [
  ["home", "/"],
  ["article", "/posts/recovery-is-training/"],
  ["plan", "/plans/half-marathon-12/"],
  // A plan family: the list shows it together, a variant's page links its siblings.
  ["plans", "/plans/"],
  ["variant", "/plans/half-marathon-12-novice/"],
  ["tags", "/tags/"],
];
const widths = [390, 1280];
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml", ".png": "image/png", ".ics": "text/calendar" };

let passed = 0;
let failed = 0;
const check = (ok, what) => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
};

async function fileFor(urlPath, root = site) {
  const clean = decodeURIComponent(urlPath.split("?")[0]);
  const p = path.join(root, clean);
  if (!p.startsWith(root)) return null;
  try {
    const s = await stat(p);
    return s.isDirectory() ? path.join(p, "index.html") : p;
  } catch {
    return null;
  }
}

function serve(root) {
  return createServer(async (req, res) => {
    const file = await fileFor(req.url, root);
    try {
      const body = await readFile(file ?? path.join(root, "404.html"));
      res.writeHead(file ? 200 : 404, { "content-type": types[path.extname(file ?? ".html")] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end("not found");
    }
  });
}
const server = serve(site);
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;
const guideServer = guideSite ? serve(guideSite) : null;
if (guideServer) await new Promise((r) => guideServer.listen(0, "127.0.0.1", r));
const guideBase = guideServer ? `http://127.0.0.1:${guideServer.address().port}` : null;
if (guideSite) {
  pages.push(["guide-page", "/handbook/basics/rest/", guideSite, guideBase]);
  pages.push(["guide-print", "/handbook/print/", guideSite, guideBase]);
}
await mkdir(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

const validator = new HtmlValidate({
  extends: ["html-validate:recommended"],
  rules: {
    // Long Tera-rendered lines and inline SVG styling are fine; these rules are about taste.
    "no-inline-style": "off",
    "long-title": "off",
    "no-trailing-whitespace": "off",
  },
});

try {
  for (const [name, url, root = site, from = base] of pages) {
    const file = await fileFor(url, root);
    const html = await readFile(file, "utf8");
    const report = await validator.validateString(html, file);
    const messages = report.results.flatMap((r) => r.messages);
    for (const m of messages.slice(0, 40)) console.log(`     ${name}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
    check(report.valid, `${name}: HTML validates (${messages.length} messages)`);

    for (const width of widths) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const response = await page.goto(from + url, { waitUntil: "load" });
      check(response.status() === 200, `${name} @${width}: HTTP ${response.status()}`);
      await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
      const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      for (const v of bad) console.log(`     ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target})`);
      check(bad.length === 0, `${name} @${width}: axe-core, ${bad.length} serious/critical violations`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      check(overflow <= 1, `${name} @${width}: no horizontal scroll (${overflow}px)`);
      await context.close();
    }
  }

  // The print stylesheet: no navigation chrome, rest days still distinct, landscape PDF.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + "/plans/half-marathon-12/", { waitUntil: "load" });
  await page.emulateMedia({ media: "print" });
  const printed = await page.evaluate(() => {
    const shown = (sel) => {
      const el = document.querySelector(sel);
      return el ? getComputedStyle(el).display !== "none" : false;
    };
    const rest = document.querySelector(".day-rest, .day.rest, [class*='day-rest']");
    const other = document.querySelector(".day:not([class*='rest'])");
    const border = (el) => (el ? getComputedStyle(el).borderTopStyle + " " + getComputedStyle(el).borderTopWidth : "");
    return { header: shown("body > header"), nav: shown("nav"), footer: shown("body > footer"), rest: border(rest), other: border(other) };
  });
  check(!printed.header && !printed.footer, `print: header and footer hidden (${JSON.stringify(printed)})`);
  check(printed.rest !== "" && printed.rest !== printed.other, `print: rest days have their own border (${printed.rest} vs ${printed.other})`);
  await page.pdf({ path: path.join(shots, "plan-print.pdf"), format: "A4", landscape: true, printBackground: false });
  check(true, `print: PDF written to ${path.join(shots, "plan-print.pdf")}`);
  await context.close();

  if (guideSite) await guideChecks();
} finally {
  await browser.close();
  server.close();
  guideServer?.close();
}

// The guide's sidebar by keyboard (wide: the sidebar; phone: the menu toggle, a <details>
// that opens with Enter), and its print page printed to PDF, one chapter a page.
async function guideChecks() {
  for (const width of widths) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(guideBase + "/handbook/basics/rest/", { waitUntil: "load" });
    if (width < 900) {
      const shut = await page.evaluate(() => !document.querySelector(".guide-menu").open);
      let opened = false;
      for (let i = 0; i < 40 && !opened; i++) {
        await page.keyboard.press("Tab");
        opened = await page.evaluate(() => document.activeElement?.parentElement?.classList.contains("guide-menu"));
      }
      await page.keyboard.press("Enter");
      const open = await page.evaluate(() => document.querySelector(".guide-menu").open);
      check(shut && opened && open, `guide @${width}: the menu is shut, reached by Tab and opened with Enter`);
    }
    // Tab until the current page's link has focus, in the visible tree.
    let reached = null;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => {
        const a = document.activeElement;
        return a?.getAttribute("aria-current") === "page" && a.offsetParent !== null ? a.textContent : null;
      });
    }
    check(reached === "Rest days", `guide @${width}: Tab reaches the current page in the sidebar (${reached})`);
    // A closed branch opens from the keyboard: its toggle is the next focusable after a link.
    const toggled = await page.evaluate(() => {
      const tree = [...document.querySelectorAll(".guide-tree")].find((t) => t.offsetParent !== null);
      const closed = tree.querySelector("details:not([open]) > summary");
      closed.focus();
      return document.activeElement === closed;
    });
    await page.keyboard.press("Enter");
    const opened = await page.evaluate(() => document.activeElement.parentElement.open);
    check(toggled && opened, `guide @${width}: a closed branch opens with Enter`);
    await context.close();
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(guideBase + "/handbook/print/", { waitUntil: "load" });
  await page.emulateMedia({ media: "print" });
  const printed = await page.evaluate(() => ({
    header: getComputedStyle(document.querySelector("body > header")).display,
    breaks: [...document.querySelectorAll(".print-chapter")].map((c) => getComputedStyle(c).breakBefore),
  }));
  check(printed.header === "none" && printed.breaks.length > 1 && printed.breaks.every((b) => b === "page"),
    `guide print: no header, a page break before each of ${printed.breaks.length} chapters`);
  const pdf = path.join(shots, "guide-print.pdf");
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: false });
  await page.screenshot({ path: path.join(shots, "guide-print-media.png"), fullPage: true });
  check(true, `guide print: PDF written to ${pdf}`);
  await context.close();
}

// Every calendar, read by ical.js (Mozilla's iCalendar parser): RFC 5545's required
// properties, unique UIDs, all-day events, and no METHOD (RFC 5546 allows it only with an
// ORGANIZER, which a published training plan has not).
const calendars = (await readdir(site, { recursive: true })).filter((f) => f.endsWith(".ics"));
check(calendars.length > 0, `calendars: ${calendars.length} .ics files found`);
for (const file of calendars) {
  const what = `calendar ${file}`;
  try {
    const cal = new ICAL.Component(ICAL.parse(await readFile(path.join(site, file), "utf8")));
    const events = cal.getAllSubcomponents("vevent");
    const uids = new Set(events.map((e) => e.getFirstPropertyValue("uid")));
    const whole = events.every(
      (e) => e.getFirstPropertyValue("dtstamp") && e.getFirstPropertyValue("summary") && new ICAL.Event(e).startDate?.isDate,
    );
    check(
      cal.getFirstPropertyValue("version") === "2.0" && !!cal.getFirstPropertyValue("prodid") &&
        (!cal.hasProperty("method") || events.every((e) => e.hasProperty("organizer"))) &&
        events.length > 0 && uids.size === events.length && !uids.has(null) && whole,
      `${what}: ical.js reads ${events.length} all-day events, unique UIDs, DTSTAMP, no METHOD without ORGANIZER`,
    );
  } catch (e) {
    check(false, `${what}: ical.js cannot read it: ${e.message}`);
  }
}

// Every watch workout, read by Garmin's JavaScript FIT SDK as well (tests/fit/check_fit.py
// compares each with plan.json using the Python SDK): a FIT file with a valid CRC, no decoder
// errors, a workout of sport running with as many steps as it says.
const workouts = (await readdir(site, { recursive: true })).filter((f) => f.endsWith(".fit"));
check(workouts.length > 0, `workouts: ${workouts.length} .fit files found`);
let readable = 0;
for (const file of workouts) {
  const decoder = new Decoder(Stream.fromBuffer(await readFile(path.join(site, file))));
  const { messages, errors } = decoder.isFIT() && decoder.checkIntegrity() ? decoder.read() : { errors: ["not FIT or bad CRC"] };
  const w = messages?.workoutMesgs?.[0];
  const ok = errors.length === 0 && messages.fileIdMesgs?.[0]?.type === "workout" && w?.sport === "running" &&
    messages.workoutStepMesgs?.length === w.numValidSteps;
  if (ok) readable++;
  else check(false, `workout ${file}: @garmin/fitsdk: ${errors.join("; ") || "not a running workout with its steps"}`);
}
check(readable === workouts.length, `workouts: @garmin/fitsdk reads ${readable} of ${workouts.length} as running workouts with their steps`);

console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
