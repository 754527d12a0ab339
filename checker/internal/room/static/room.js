// The room's live page. Everything learners send is shown with textContent
// (never innerHTML), and status names only ever pick a CSS class from a fixed list.
"use strict";

const SHORT = {
  "done": "ok", "leaking": "leak", "failing": "fail", "build-failed": "build", "timeout": "hang",
  "panic": "panic", "exit": "exit", "not-started": "-", "tests-modified": "tests", "missing": "gone", "stopped": "stop",
  "incomplete": "unran", "data-race": "race", "support-modified": "tamper", "unverified": "unver",
  "nested-module": "gomod", "out-of-memory": "oom",
};

// The page's words, in the language of <html lang>: index.html or index.ja.html,
// as serve chose from the trainer's locale. {0}, {1}... are filled in by t().
// text:begin
const TEXT = {
  "en": {
    "learner": "learner",
    "stuckMostLine": "{0} {1}: {2} of {3} do not pass",
    "commonLeak": "most common leak ({0}): {1}",
    "stuckForHead": "Stuck for more than {0} minutes",
    "stuckForLine": "{0} on {1} ({2}) for {3} min, {4} attempt(s), {5} hint(s)",
    "summary": "{0} learner(s), {1} exercise(s) passed",
    "live": "live",
    "down": "disconnected, retrying…"
  },
  "ja": {
    "learner": "受講者",
    "stuckMostLine": "{0} {1}: {3} 人中 {2} 人が未完了",
    "commonLeak": "いちばん多いリーク({0} 人): {1}",
    "stuckForHead": "{0} 分より長く詰まっている受講者",
    "stuckForLine": "{0}: 演習 {1}({2})で {3} 分、試行 {4} 回、ヒント {5} 個",
    "summary": "受講者 {0} 人、完了した演習 {1} 個",
    "live": "接続中",
    "down": "切断、再接続しています…"
  }
};
// text:end
const words = TEXT[document.documentElement.lang] || TEXT.en;
const t = (name, ...args) => words[name].replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)]));

const room = { columns: [], cells: new Map(), skew: 0 }; // cells: "learner\u0000dir" -> cell
let tds = new Map(); // same key -> <td>
let learners = [];   // sorted names in the table
let shownCols = [];  // columns in the table
let pending = null;

const $ = (id) => document.getElementById(id);
const key = (learner, dir) => learner + "\u0000" + dir;
const now = () => Date.now() + room.skew;

function minutes(c) {
  if (!c.first) return null;
  const end = c.solved ? Date.parse(c.solved) : now();
  return Math.max(0, Math.floor((end - Date.parse(c.first)) / 60000));
}

function short(c) {
  let s = SHORT[c.status] || "?";
  if (c.attempts > 0) s += " " + c.attempts + "×";
  const m = minutes(c);
  if (m !== null) s += " " + m + "m";
  if (c.hints > 0) s += " h" + c.hints;
  return s;
}

function stuckAfter() {
  const n = Number($("after").value);
  return n > 0 ? n : 15;
}

function isStuck(c) {
  const m = minutes(c);
  return c.status !== "done" && m !== null && m > stuckAfter();
}

function fillCell(td, c) {
  td.textContent = short(c);
  td.className = (SHORT[c.status] ? "s-" + c.status : "") + (isStuck(c) ? " stuck" : "");
  td.title = c.leak ? c.leak + " " + (c.leak_at || "") : "";
}

function sortedLearners() {
  const names = new Set();
  for (const c of room.cells.values()) names.add(c.learner);
  return [...names].sort((a, b) => a.localeCompare(b));
}

function attemptedColumns() {
  const dirs = new Set();
  for (const c of room.cells.values()) dirs.add(c.dir);
  return room.columns.filter((col) => dirs.has(col.dir));
}

// buildTable draws the whole grid; updates then touch one cell each.
function buildTable() {
  learners = sortedLearners();
  shownCols = attemptedColumns();
  tds = new Map();
  const head = document.createElement("tr");
  const corner = document.createElement("th");
  corner.textContent = t("learner");
  head.append(corner);
  for (const col of shownCols) {
    const th = document.createElement("th");
    th.textContent = String(col.number).padStart(2, "0");
    th.title = col.title;
    head.append(th);
  }
  const body = document.createDocumentFragment();
  for (const name of learners) {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.textContent = name;
    th.title = name;
    tr.append(th);
    for (const col of shownCols) {
      const td = document.createElement("td");
      const c = room.cells.get(key(name, col.dir));
      if (c) fillCell(td, c); else { td.textContent = "·"; td.className = "none"; }
      tds.set(key(name, col.dir), td);
      tr.append(td);
    }
    body.append(tr);
  }
  $("grid").tHead.replaceChildren(head);
  $("grid").tBodies[0].replaceChildren(body);
  $("empty").hidden = learners.length > 0;
}

function renderSide() {
  const byCol = new Map(room.columns.map((col) => [col.dir, { col, stuck: 0, tried: 0, leaks: new Map() }]));
  for (const c of room.cells.values()) {
    const s = byCol.get(c.dir);
    if (!s) continue;
    s.tried++;
    if (c.status === "done") continue;
    s.stuck++;
    if (c.leak) {
      const l = (c.leak + " " + (c.leak_at || "")).trim();
      s.leaks.set(l, (s.leaks.get(l) || 0) + 1);
    }
  }
  const most = [...byCol.values()].filter((s) => s.stuck > 0).sort((a, b) => b.stuck - a.stuck || a.col.number - b.col.number).slice(0, 5);
  const ol = [];
  for (const s of most) {
    const li = document.createElement("li");
    li.textContent = t("stuckMostLine", String(s.col.number).padStart(2, "0"), s.col.title, s.stuck, s.tried);
    let best = "", n = 0;
    for (const [l, k] of s.leaks) if (k > n || (k === n && l < best)) { best = l; n = k; }
    if (best) {
      const p = document.createElement("div");
      p.className = "leak";
      p.textContent = t("commonLeak", n, best);
      li.append(p);
    }
    ol.push(li);
  }
  $("stuckmost").replaceChildren(...ol);

  const stuck = [...room.cells.values()].filter(isStuck).sort((a, b) => minutes(b) - minutes(a) || a.learner.localeCompare(b.learner));
  $("stuckforhead").textContent = t("stuckForHead", stuckAfter());
  $("stuckfor").replaceChildren(...stuck.map((c) => {
    const li = document.createElement("li");
    li.textContent = t("stuckForLine", c.learner, String(c.number).padStart(2, "0"), SHORT[c.status] || "?", minutes(c), c.attempts, c.hints);
    return li;
  }));
  const done = [...room.cells.values()].filter((c) => c.status === "done").length;
  $("summary").textContent = t("summary", learners.length, done);
}

// render draws what changed, at most every 100 ms however fast verdicts come.
function render(full) {
  if (full) pending = "full";
  else if (!pending) pending = "cells";
  if (render.timer) return;
  render.timer = setTimeout(() => {
    render.timer = null;
    const p = pending;
    pending = null;
    if (p === "full") buildTable();
    renderSide();
  }, 100);
}

function addCell(c) {
  const k = key(c.learner, c.dir);
  const old = room.cells.get(k);
  if (old && Date.parse(old.time) > Date.parse(c.time)) return false;
  room.cells.set(k, c);
  const td = tds.get(k);
  if (td) { fillCell(td, c); return false; }
  return true; // a new learner or exercise: the table needs a new row or column
}

function connect() {
  const es = new EventSource("events");
  const conn = $("conn");
  es.onopen = () => { conn.dataset.state = "live"; conn.textContent = t("live"); };
  es.onerror = () => { conn.dataset.state = "down"; conn.textContent = t("down"); };
  es.addEventListener("snapshot", (e) => {
    const snap = JSON.parse(e.data);
    room.columns = snap.columns;
    room.skew = Date.parse(snap.now) - Date.now();
    room.cells = new Map();
    for (const c of snap.cells) room.cells.set(key(c.learner, c.dir), c);
    if (!render.touched) $("after").value = snap.stuck_after_minutes;
    buildTable();
    render(false);
  });
  es.addEventListener("cells", (e) => {
    let grow = false;
    for (const c of JSON.parse(e.data) || []) grow = addCell(c) || grow;
    render(grow);
  });
}

$("after").addEventListener("input", () => { render.touched = true; render(true); });
setInterval(() => render(true), 30000); // minutes go on even when nobody posts
connect();
