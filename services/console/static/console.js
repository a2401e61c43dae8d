// The newsflow console: polls /console/api/* and redraws; the map is bundled outlines, no tiles.
"use strict";
const SVG = "http://www.w3.org/2000/svg";
const REFRESH_MS = 5000;

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function rows(tableId, entries) {
  const body = document.querySelector(`#${tableId} tbody`);
  body.replaceChildren(...entries.map(([label, value, cls]) => {
    const tr = el("tr");
    tr.append(el("td", {}, label), el("td", { class: `n ${cls || ""}` }, String(value)));
    return tr;
  }));
}

async function getJSON(path) {
  const answer = await fetch(path, { cache: "no-store" });
  if (!answer.ok) throw new Error(`${path}: ${answer.status}`);
  return answer.json();
}

function age(seconds) {
  if (seconds < 90) return `${Math.round(seconds)} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

function showState(state) {
  document.getElementById("updated").textContent = `updated ${new Date(state.at).toLocaleTimeString()}`;
  const errors = Object.entries(state.errors || {}).map(([part, why]) => `${part}: ${why}`);
  document.getElementById("errors").textContent = errors.join(" · ");
  rows("queues", Object.entries(state.queues || {}));
  rows("rates", Object.entries(state.rates_per_min || {}));
  rows("workers", (state.workers || []).map(w => [`${w.service} @ ${w.host}`, age(w.age_s), w.age_s > 60 ? "stale" : ""]));
  const letters = Object.values(state.dead_letters || {}).reduce((a, b) => a + b, 0);
  const outbox = state.outbox || { pending: "?", lag_s: 0 };
  rows("backlog", [["outbox pending", outbox.pending], ["outbox lag", `${outbox.lag_s} s`],
                   ["dead letters", letters, letters ? "bad" : ""]]);
  const feeds = state.feeds || { states: {}, failing: [] };
  rows("feeds", [...Object.entries(feeds.states).map(([name, count]) => [name, count, name === "failing" && count ? "bad" : ""]),
                 ...feeds.failing.map(f => [`failing: ${f.name}`, (f.error || "").slice(0, 60), "bad"])]);
  const body = document.querySelector("#mirrors tbody");
  body.replaceChildren(...(state.mirrors || []).map(m => {
    const tr = el("tr", { "data-mirror": m.name, class: m.failing || m.parked ? "bad" : "" });
    tr.append(el("td", {}, m.name + (m.active ? "" : " (inactive)")));
    const until = m.parked_until ? ` until ${m.parked_until.slice(11, 19)}` : "";
    tr.append(el("td", {}, m.parked ? (m.breaker === "half_open" ? "probing" : "parked") + until : "closed"));
    for (const key of ["delivered", "pending", "retrying", "dead"]) tr.append(el("td", { class: "n" }, String(m.deliveries[key])));
    tr.append(el("td", {}, m.last_error || ""));
    return tr;
  }));
}

function showArticles(articles) {
  const list = document.getElementById("articles");
  list.replaceChildren(...articles.map(a => {
    const li = el("li", { "data-article-id": a.id });
    li.append(el("strong", {}, a.headline || "(no headline)"), " ", el("span", { class: `status ${a.status}` }, a.status));
    const chips = el("div");
    const named = new Set();
    for (const p of a.places) {
      if (named.has(p.geonameid)) continue;
      named.add(p.geonameid);
      chips.append(el("span", { class: "chip place", "data-geonameid": p.geonameid }, p.name));
    }
    for (const e of a.entities) chips.append(el("span", { class: "chip", title: e.label }, e.name));
    li.append(chips);
    return li;
  }));
  const marks = document.getElementById("places");
  const seen = new Map();
  for (const a of articles) for (const p of a.places) {
    if (p.x === null || seen.has(p.geonameid)) continue;
    const dot = document.createElementNS(SVG, "circle");
    for (const [key, value] of Object.entries({ cx: p.x, cy: p.y, r: 1.6, "data-geonameid": p.geonameid })) dot.setAttribute(key, value);
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${p.name} (${p.country_code || "-"}) — ${a.headline || a.id}`;
    dot.append(title);
    seen.set(p.geonameid, dot);
  }
  marks.replaceChildren(...[...seen.values()]);
}

async function drawWorld() {
  const world = await getJSON("/console/api/world");
  document.getElementById("countries").replaceChildren(...world.countries.map(c => {
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", c.d);
    path.setAttribute("data-name", c.name);
    return path;
  }));
}

async function refresh() {
  try {
    const [state, articles] = await Promise.all([getJSON("/console/api/state"), getJSON("/console/api/articles")]);
    showState(state);
    showArticles(articles);
  } catch (error) {
    document.getElementById("errors").textContent = String(error);
  }
}

drawWorld().catch(error => { document.getElementById("errors").textContent = String(error); });
refresh();
setInterval(refresh, REFRESH_MS);
