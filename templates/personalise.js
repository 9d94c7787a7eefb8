// "Make this plan yours": moves the plan page to a reader's race date (or start Monday), units
// and paces from a recent race, and writes their calendar. Without it (or before any choice)
// the page is the coach's. Reads the marks and data- attributes the build wrote and the JSON in
// #personal-data; formats numbers exactly as Taper does (src/plan/units.rs, marks.rs) and runs
// Daniels' VDOT model as src/plan/vdot.rs does. Choices live in the URL (race, start, units,
// result) and in localStorage. No request leaves the page.
// The script sits in the panel, above the weeks: it starts once the whole page is parsed.
{
const personalise = () => {
  "use strict";
  const data = JSON.parse(document.getElementById("personal-data").textContent);
  const $ = (id) => document.getElementById(id);
  const form = $("personal-form");
  const status = $("personal-status");
  const KEYS = ["race", "start", "units", "result"];
  const store = "taper-personal:" + data.id;
  const METRES = { km: 1000, mi: 1609.344 };
  const DAY = 86400000;
  const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  // Numbers as src/plan/units.rs prints them.
  const decimal = (units, places) => {
    const scale = 10 ** places;
    const n = Math.abs(units);
    let whole = Math.floor(n / scale), frac = n % scale, width = places;
    const sign = units < 0 || Object.is(units, -0) ? "-" : "";
    if (frac === 0) return sign + whole;
    while (frac % 10 === 0) { frac /= 10; width--; }
    return sign + whole + "." + String(frac).padStart(width, "0");
  };
  const inUnits = (m, u) => decimal(Math.round((m / METRES[u]) * 10), 1);
  const distance = (m, u) => inUnits(m, u) + " " + u;
  const pace = (secs, u) => {
    const s = Math.round((secs * METRES[u]) / 1000);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0") + "/" + u;
  };
  const range = ([lo, hi], u) => (lo === hi ? pace(lo, u) : pace(lo, u).split("/")[0] + "–" + pace(hi, u));
  const render = (parts, u, mine) =>
    parts.map((p) => {
      if (typeof p === "string") return p;
      if ("d" in p) return distance(p.d, u);
      const v = (p.n && mine[p.n]) || p.p;
      return v ? (p.n ? p.n + " " : "") + range(v, u) : p.n || "";
    }).join("");

  // Daniels & Gilbert, as src/plan/vdot.rs.
  const cost = (v) => -4.6 + 0.182258 * v + 0.000104 * v * v;
  const share = (t) => 0.8 + 0.1894393 * Math.exp(-0.012778 * t) + 0.2989558 * Math.exp(-0.1932605 * t);
  const speedFor = (vo2) => (-0.182258 + Math.sqrt(0.182258 * 0.182258 - 4 * 0.000104 * (-4.6 - vo2))) / (2 * 0.000104);
  const raceSeconds = (vdot, m) => {
    let lo = 0.5, hi = 2000;
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (cost(m / mid) > vdot * share(mid)) lo = mid; else hi = mid;
    }
    return ((lo + hi) / 2) * 60;
  };
  const intensity = (vdot, f) => {
    const at = (s) => 60000 / speedFor(s * vdot);
    const race = (m) => { const s = raceSeconds(vdot, m); return s / 60 <= 300 ? (s / m) * 1000 : null; };
    const one = (x) => (x === null ? null : [x, x]);
    switch (f.kind) {
      case "easy": return [at(0.74), at(0.59)];
      case "marathon": return one(race(42195));
      case "threshold": return [at(0.88), at(0.88)];
      case "interval": return [at(0.975), at(0.975)];
      case "repetition": return one(at(0.975) - 15);
      default: return one(race(f.metres));
    }
  };
  const NAMED = { half: 21097.5, "half-marathon": 21097.5, hm: 21097.5, marathon: 42195, m: 42195 };
  const metresOf = (t) => {
    t = t.trim().toLowerCase();
    if (t in NAMED) return NAMED[t];
    const a = /^(\d+(?:\.\d+)?)(km|k|mi|mile|miles|m)$/.exec(t);
    if (!a) return null;
    const m = Math.round(+a[1] * { km: 1000, k: 1000, mi: 1609.344, mile: 1609.344, miles: 1609.344, m: 1 }[a[2]]);
    return m >= 1000 ? m : null;
  };
  const clock = (t) => {
    if (!/^\d+(:\d+){1,2}$/.test(t.trim())) return null;
    const n = t.trim().split(":").map(Number);
    return n.slice(1).some((x) => x >= 60) ? null : n.reduce((a, x) => a * 60 + x, 0);
  };
  const hms = (s) => {
    s = Math.round(s);
    const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = String(s % 60).padStart(2, "0");
    return h ? h + ":" + String(m).padStart(2, "0") + ":" + r : m + ":" + r;
  };
  // A reader's paces for a result `10K-45:00`, or the reason the model refuses it.
  const personalPaces = (result) => {
    const i = result.lastIndexOf("-");
    const metres = i > 0 ? metresOf(result.slice(0, i)) : null;
    const secs = i > 0 ? clock(result.slice(i + 1)) : null;
    if (metres === null) return { error: "Write the distance as 5K, 10K, HM, M or an amount like 15km." };
    if (secs === null) return { error: "Write the time as m:ss or h:mm:ss, like 45:00." };
    const t = secs / 60;
    if (t < 3.5 || t > 300) return { error: `A result of ${hms(secs)} is outside the VDOT model, fitted to races from 3:30 to 5:00:00: the coach's paces stay.` };
    const vdot = cost(metres / t) / share(t);
    if (vdot < 30 || vdot > 85) return { error: `This result gives a VDOT of ${vdot.toFixed(1)}; Daniels' tables run from 30 to 85, and Taper does not extrapolate: the coach's paces stay.` };
    const mine = {};
    for (const p of data.paces) {
      const v = p.from && intensity(vdot, p.from);
      if (v) mine[p.name] = [v[0] + p.offset, v[1] + p.offset];
    }
    return { vdot, mine };
  };

  // Dates, in UTC days.
  const parseDate = (s) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s || "")) return null;
    const d = Date.parse(s + "T00:00:00Z");
    return Number.isNaN(d) || new Date(d).toISOString().slice(0, 10) !== s ? null : d;
  };
  const iso = (d) => new Date(d).toISOString().slice(0, 10);
  const weekday = (d) => (new Date(d).getUTCDay() + 6) % 7;
  const label = (d) => { const x = new Date(d); return WEEKDAYS[weekday(d)] + " " + x.getUTCDate() + " " + MONTHS[x.getUTCMonth()]; };
  const long = (d) => label(d) + " " + new Date(d).getUTCFullYear();

  // The coach's text of every element the script changes, to go back to.
  const coach = new Map();
  const keep = (el) => { if (!coach.has(el)) coach.set(el, [el.innerHTML, el.getAttribute("datetime")]); };
  const restore = () => {
    for (const [el, [html, dt]] of coach) { el.innerHTML = html; if (dt !== null) el.setAttribute("datetime", dt); }
    coach.clear();
  };
  const set = (el, text) => { keep(el); el.textContent = text; };
  const all = (sel) => document.querySelectorAll(sel);

  const readState = () => {
    const q = new URLSearchParams(location.search);
    if (KEYS.some((k) => q.has(k))) return Object.fromEntries(KEYS.filter((k) => q.get(k)).map((k) => [k, q.get(k)]));
    try { return JSON.parse(localStorage.getItem(store)) || {}; } catch { return {}; }
  };
  const saveState = (s) => {
    const q = KEYS.filter((k) => s[k]).map((k) => k + "=" + encodeURIComponent(s[k]).replace(/%3A/gi, ":")).join("&");
    history.replaceState(null, "", (q ? "?" + q : location.pathname) + location.hash);
    try { q ? localStorage.setItem(store, JSON.stringify(s)) : localStorage.removeItem(store); } catch { /* private mode */ }
  };

  // Works out the reader's plan from the choices: first Monday, units, paces, and messages.
  const plan = (s) => {
    const out = { start: parseDate(data.start), units: data.units, mine: {}, notes: [], errors: [] };
    if (s.race) {
      const r = parseDate(s.race);
      if (r === null) out.errors.push(`${s.race} is not a date.`);
      else {
        out.race = r;
        out.start = r - weekday(r) * DAY - (data.weeks - 1) * 7 * DAY;
        const coachRace = parseDate(data.race);
        if (coachRace !== null && weekday(coachRace) !== weekday(r))
          out.notes.push(`Your race is on a ${WEEKDAYS[weekday(r)]}; the plan races on a ${WEEKDAYS[weekday(coachRace)]} of the last week: move the last days to suit.`);
      }
    } else if (s.start) {
      const d = parseDate(s.start);
      if (d === null) out.errors.push(`${s.start} is not a date.`);
      else if (weekday(d) !== 0) out.errors.push(`${s.start} is a ${WEEKDAYS[weekday(d)]}; weeks start on Monday: pick ${iso(d - weekday(d) * DAY)}.`);
      else out.start = d;
    }
    if (s.units === "km" || s.units === "mi") out.units = s.units;
    if (s.result) {
      const p = personalPaces(s.result);
      if (p.error) out.errors.push(p.error);
      else { out.mine = p.mine; out.vdot = p.vdot; }
    }
    return out;
  };

  const apply = (s) => {
    restore();
    const p = plan(s);
    const u = p.units;
    if (p.start !== null && (s.race || s.start)) {
      for (const el of all("[data-day]")) {
        const d = p.start + +el.dataset.day * DAY;
        let t = el;
        if (el.tagName !== "TIME") { keep(el); el.textContent = ""; t = el.appendChild(document.createElement("time")); }
        keep(t);
        t.setAttribute("datetime", iso(d));
        t.textContent = t.dataset.fmt === "iso" ? iso(d) : label(d);
      }
      for (const el of all("time[data-race]")) { keep(el); const d = p.race ?? p.start + (data.weeks * 7 - 1) * DAY; el.setAttribute("datetime", iso(d)); el.textContent = iso(d); }
    }
    if (u !== data.units || Object.keys(p.mine).length) {
      for (const el of all("[data-marks]")) set(el, render(JSON.parse(el.dataset.marks), u, p.mine));
    }
    if (u !== data.units) {
      for (const el of all("[data-m]:not([data-units-text])")) {
        const pre = el.textContent.startsWith("≈ ") ? "≈ " : "";
        set(el, pre + (el.dataset.f === "n" ? inUnits(+el.dataset.m, u) : distance(+el.dataset.m, u)));
      }
      const bars = [...all(".bar [data-m]")].map((el) => +el.dataset.m / METRES[u]);
      const max = Math.max(0, ...bars);
      for (const el of all("[data-chart=max]")) set(el, decimal(Math.round(max * 10), 1));
      for (const el of all("[data-chart=half]")) set(el, decimal(Math.round((max / 2) * 10), 1));
      for (const el of all("[data-units-label]")) set(el, u);
      for (const el of all("[data-units-text]")) {
        const m = el.dataset.m;
        set(el, el.textContent.replace(/\((km|mi)\)/g, `(${u})`).replace(/[\d.]+ (km|mi)\b/, (x) => (m ? distance(+m, u) : x)).replace(/highest at [\d.]+ (km|mi)/, `highest at ${decimal(Math.round(max * 10), 1)} ${u}`));
      }
    }
    for (const row of all("tr[data-pace]")) {
      const own = data.paces.find((x) => x.name === row.dataset.pace);
      const cell = row.querySelector("td");
      if (own && own.p && u !== data.units) set(cell, range(own.p, u));
      const mine = p.mine[row.dataset.pace];
      if (mine) { keep(cell); cell.textContent = range(mine, u) + " (the coach's: " + (own.p ? range(own.p, u) : "none") + ")"; }
    }
    const said = [];
    if (p.start !== null && (s.race || s.start)) said.push(`Week 1 starts ${long(p.start)}; the plan ends ${long(p.start + (data.weeks * 7 - 1) * DAY)}.`);
    if (u !== data.units) said.push(`Distances and paces in ${u === "mi" ? "miles" : "kilometres"}.`);
    if (p.vdot) said.push(`Your paces from a VDOT of ${p.vdot.toFixed(1)} (Daniels): ${Object.entries(p.mine).map(([n, v]) => n + " " + range(v, u)).join(", ")}.`);
    status.textContent = [...p.errors, ...said, ...p.notes].join(" ");
    return p;
  };

  // The calendar, as src/plan/calendar.rs writes plan.ics, on the reader's dates.
  const esc = (t) => t.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n").replace(/\r/g, "");
  const enc = new TextEncoder();
  const fold = (line) => {
    if (enc.encode(line).length <= 75) return line + "\r\n";
    let out = "", octets = 0;
    for (const c of line) {
      const n = enc.encode(c).length;
      if (octets + n > 75) { out += "\r\n "; octets = 1; }
      out += c; octets += n;
    }
    return out + "\r\n";
  };
  const compact = (d) => iso(d).replace(/-/g, "");
  // The days' events are a file beside the page (calendar.json): only this button reads them.
  let events = null;
  const loadEvents = () => events || (events = fetch(data.events_url).then((r) => {
    if (!r.ok) throw new Error(`${data.events_url}: ${r.status}`);
    return r.json();
  }).catch((e) => { events = null; throw e; }));
  const calendar = (p, days) => {
    const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Taper//Training plan calendar//EN", "CALSCALE:GREGORIAN", "NAME:" + esc(data.title), "X-WR-CALNAME:" + esc(data.title)];
    if (data.summary) lines.push("X-WR-CALDESC:" + esc(data.summary));
    const stamp = compact(p.start) + "T000000Z";
    for (const e of days) {
      const d = p.start + e.day * DAY;
      lines.push("BEGIN:VEVENT", `UID:${data.id}-${compact(p.start)}-${e.anchor}@${data.host}`, "DTSTAMP:" + stamp, "DTSTART;VALUE=DATE:" + compact(d), "DTEND;VALUE=DATE:" + compact(d + DAY),
        "SUMMARY:" + esc(render(e.summary, p.units, p.mine)), "DESCRIPTION:" + esc(render(e.description, p.units, p.mine)));
      if (data.page_url) lines.push(`URL:${data.page_url}#${e.anchor}`);
      lines.push("CATEGORIES:" + esc(e.category), "TRANSP:TRANSPARENT", "END:VEVENT");
    }
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("");
  };

  const fill = (s) => {
    for (const k of ["race", "start"]) if (form.elements[k]) form.elements[k].value = s[k] || "";
    for (const r of form.querySelectorAll("[name=units]")) r.checked = r.value === (s.units || data.units);
    const [d, t] = s.result ? [s.result.slice(0, s.result.lastIndexOf("-")), s.result.slice(s.result.lastIndexOf("-") + 1)] : ["", ""];
    if (form.elements.distance) { form.elements.distance.value = d; form.elements.time.value = t; }
  };
  const fromForm = () => {
    const f = form.elements, s = {};
    for (const k of ["race", "start"]) if (f[k] && f[k].value) s[k] = f[k].value;
    const u = form.querySelector("[name=units]:checked");
    if (u && u.value !== data.units) s.units = u.value;
    if (f.distance && f.distance.value.trim() && f.time.value.trim()) s.result = f.distance.value.trim() + "-" + f.time.value.trim();
    return s;
  };
  const choose = (s) => { saveState(s); apply(s); };

  form.addEventListener("submit", (e) => { e.preventDefault(); choose(fromForm()); });
  form.addEventListener("change", (e) => { if (e.target.name !== "distance" && e.target.name !== "time") choose(fromForm()); });
  $("personal-reset").addEventListener("click", () => { fill({}); choose({}); status.textContent = "Back to the coach's version."; });
  const ics = $("personal-ics");
  if (ics) ics.addEventListener("click", async () => {
    const p = plan(readState());
    if (p.start === null) { status.textContent = "Pick a start Monday first: this plan has no dates."; return; }
    let days;
    try { days = await loadEvents(); } catch { status.textContent = "The calendar could not be loaded: check your connection and try again."; return; }
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([calendar(p, days)], { type: "text/calendar" }));
    a.download = data.id + "-" + compact(p.start) + ".ics";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
  $("personalise").hidden = false;
  const first = readState();
  fill(first);
  if (KEYS.some((k) => first[k])) { $("personal-details").open = true; choose(first); }
};
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", personalise);
else personalise();
}
