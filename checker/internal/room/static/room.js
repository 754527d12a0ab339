// The room's live page, for the trainer and the projector. Everything learners
// send is shown with textContent (never innerHTML), and status names only ever
// pick a CSS class from a fixed list.
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
    "last": "last",
    "ago": "{0} min ago",
    "stuckMostLine": "{0} {1}: {2} of {3} do not pass",
    "commonLeak": "most common leak ({0}): {1}",
    "stuckForHead": "Stuck for more than {0} minutes",
    "stuckForLine": "{0} on {1} ({2}) for {3} min, {4} attempt(s), {5} hint(s)",
    "more": "and {0} more",
    "refused": "{0}: {1} post(s) under this name from another clone refused",
    "stateEdited": "{0}: the checker's record of their hints and attempts was edited or deleted by hand, so their hints and attempts may be lower than they were",
    "summary": "{0} learner(s), {1} exercise(s) passed",
    "live": "live",
    "down": "disconnected, retrying…"
  },
  "ja": {
    "learner": "受講者",
    "last": "最終",
    "ago": "{0} 分前",
    "stuckMostLine": "{0} {1}: {3} 人中 {2} 人が未完了",
    "commonLeak": "いちばん多いリーク({0} 人): {1}",
    "stuckForHead": "{0} 分より長く詰まっている受講者",
    "stuckForLine": "{0}: 演習 {1}({2})で {3} 分、試行 {4} 回、ヒント {5} 個",
    "more": "ほかに {0} 人",
    "refused": "{0}: 別のクローンからこの名前での投稿を {1} 件拒否しました",
    "stateEdited": "{0}: チェッカーが記録したヒントと試行の回数が手で書き換えられたか削除されています。ヒントの数と試行回数は実際より少ない可能性があります",
    "summary": "受講者 {0} 人、完了した演習 {1} 個",
    "live": "接続中",
    "down": "切断されました。再接続しています…"
  }
};
// text:end
const words = TEXT[document.documentElement.lang] || TEXT.en;
const t = (name, ...args) => words[name].replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)]));

// cells: "learner\u0000dir" -> cell; people: name -> learner
const room = { columns: [], cells: new Map(), people: new Map(), skew: 0 };
let tds = new Map();  // same key -> <td>
let lastTds = new Map(); // name -> its "last" <td>
let learners = [];    // sorted names in the table
let shownCols = [];   // columns in the table
let pending = null;

const $ = (id) => document.getElementById(id);
const key = (learner, dir) => learner + "\u0000" + dir;
const now = () => Date.now() + room.skew;
const pad = (n) => String(n).padStart(2, "0");

function minutes(c) {
  if (!c.first) return null;
  const end = c.solved ? Date.parse(c.solved) : now();
  return Math.max(0, Math.floor((end - Date.parse(c.first)) / 60000));
}

function short(c) {
  let s = SHORT[c.status] || "?";
  if (c.race === "unavailable") s += "*";
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
  return c.status !== "done" && c.status !== "not-started" && m !== null && m > stuckAfter();
}

function fillCell(td, c) {
  td.textContent = short(c);
  td.className = (SHORT[c.status] ? "s-" + c.status : "") + (isStuck(c) ? " stuck" : "");
  td.title = c.leak ? c.leak + " " + (c.leak_at || "") : "";
}

function fillLast(td, name) {
  const p = room.people.get(name);
  const at = p && p.last ? Date.parse(p.last) : NaN;
  td.textContent = isNaN(at) || at <= 0 ? "·" : t("ago", Math.max(0, Math.floor((now() - at) / 60000)));
}

function sortedLearners() {
  const names = new Set(room.people.keys());
  for (const c of room.cells.values()) names.add(c.learner);
  return [...names].sort((a, b) => a.localeCompare(b));
}

function attemptedColumns() {
  const dirs = new Set();
  for (const c of room.cells.values()) dirs.add(c.dir);
  return room.columns.filter((col) => dirs.has(col.dir));
}

const suspect = (p) => p && (p.refused > 0 || p.unsigned || p.edited || p.clones > 1 || p.state_edited);

// buildTable draws the whole grid; changes then touch one cell each.
function buildTable() {
  learners = sortedLearners();
  shownCols = attemptedColumns();
  tds = new Map();
  lastTds = new Map();
  const head = document.createElement("tr");
  for (const word of ["learner", "last"]) {
    const th = document.createElement("th");
    th.textContent = t(word);
    head.append(th);
  }
  for (const col of shownCols) {
    const th = document.createElement("th");
    th.textContent = pad(col.number);
    th.title = col.title;
    head.append(th);
  }
  const body = document.createDocumentFragment();
  for (const name of learners) {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.textContent = name;
    th.title = name;
    if (suspect(room.people.get(name))) th.className = "suspect";
    const last = document.createElement("td");
    last.className = "last";
    fillLast(last, name);
    lastTds.set(name, last);
    tr.append(th, last);
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

// fit drops the last items of list (keeping one) while the side panel is
// taller than the screen, and says how many are not shown.
function fit(list, more) {
  const side = $("side");
  let hidden = 0;
  while (side.scrollHeight > side.clientHeight && list.children.length > 1) {
    list.lastElementChild.remove();
    hidden++;
    more.textContent = t("more", hidden);
  }
  return hidden;
}

function renderSide() {
  const byCol = new Map(room.columns.map((col) => [col.dir, { col, stuck: 0, tried: 0, leaks: new Map() }]));
  for (const c of room.cells.values()) {
    const s = byCol.get(c.dir);
    if (!s || c.status === "not-started") continue; // back as shipped (reset)
    s.tried++;
    if (c.status === "done") continue;
    s.stuck++;
    if (c.leak) {
      const l = (c.leak + " " + (c.leak_at || "")).trim();
      s.leaks.set(l, (s.leaks.get(l) || 0) + 1);
    }
  }
  const most = [...byCol.values()].filter((s) => s.stuck > 0).sort((a, b) => b.stuck - a.stuck || a.col.number - b.col.number).slice(0, 5);
  $("stuckmost").replaceChildren(...most.map((s) => {
    const li = document.createElement("li");
    li.textContent = t("stuckMostLine", pad(s.col.number), s.col.title, s.stuck, s.tried);
    let best = "", n = 0;
    for (const [l, k] of s.leaks) if (k > n || (k === n && l < best)) { best = l; n = k; }
    if (best) {
      const p = document.createElement("div");
      p.className = "leak";
      p.textContent = t("commonLeak", n, best);
      li.append(p);
    }
    return li;
  }));

  const warnings = [];
  for (const p of [...room.people.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    if (p.refused > 0) warnings.push(t("refused", p.name, p.refused));
    if (p.state_edited) warnings.push(t("stateEdited", p.name));
  }
  $("warnhead").hidden = warnings.length === 0;
  $("warnings").replaceChildren(...warnings.map((text) => {
    const li = document.createElement("li");
    li.textContent = text;
    return li;
  }));

  const stuck = [...room.cells.values()].filter(isStuck).sort((a, b) => minutes(b) - minutes(a) || a.learner.localeCompare(b.learner));
  $("stuckforhead").textContent = t("stuckForHead", stuckAfter());
  $("stuckmore").textContent = "";
  $("stuckfor").replaceChildren(...stuck.map((c) => {
    const li = document.createElement("li");
    li.textContent = t("stuckForLine", c.learner, pad(c.number), (SHORT[c.status] || "?") + (c.race === "unavailable" ? "*" : ""), minutes(c), c.attempts, c.hints);
    return li;
  }));
  // The stuck list stays on the screen: whoever does not fit is counted.
  fit($("warnings"), $("stuckmore"));
  fit($("stuckfor"), $("stuckmore"));

  const done = [...room.cells.values()].filter((c) => c.status === "done").length;
  $("summary").textContent = t("summary", learners.length, done);
  for (const [name, td] of lastTds) fillLast(td, name);
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
  room.cells.set(k, c);
  const td = tds.get(k);
  if (td) { fillCell(td, c); return false; }
  return true; // a new learner or exercise: the table needs a new row or column
}

function addLearner(p) {
  const old = room.people.get(p.name);
  room.people.set(p.name, p);
  return !old || suspect(old) !== suspect(p) || !lastTds.has(p.name);
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
    room.people = new Map();
    for (const c of snap.cells) room.cells.set(key(c.learner, c.dir), c);
    for (const p of snap.learners) room.people.set(p.name, p);
    if (!render.touched) $("after").value = snap.stuck_after_minutes;
    buildTable();
    render(false);
  });
  es.addEventListener("changes", (e) => {
    const ch = JSON.parse(e.data);
    let grow = false;
    for (const p of ch.learners || []) grow = addLearner(p) || grow;
    for (const c of ch.cells || []) grow = addCell(c) || grow;
    for (const name of ch.gone || []) {
      room.people.delete(name);
      for (const k of [...room.cells.keys()]) if (k.startsWith(name + "\u0000")) room.cells.delete(k);
      grow = true;
    }
    render(grow);
  });
}

$("after").addEventListener("input", () => { render.touched = true; render(true); });
window.addEventListener("resize", () => render(false));
setInterval(() => render(true), 30000); // minutes go on even when nobody posts
connect();
