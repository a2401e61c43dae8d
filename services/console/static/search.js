// The console's search box: GET /v1/articles for the matches, /v1/articles/facets for the map and the counts.
"use strict";

function searchParams(form) {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) if (String(value).trim()) params.set(key, String(value).trim());
  return params;
}

function snippetNode(html) {
  // The API escapes the text and marks matches with <mark> alone; parse it inertly, keep only text and marks.
  const node = el("p", { class: "snippet" });
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body.firstChild;
  for (const child of parsed.childNodes) {
    node.append(child.nodeName === "MARK" ? el("mark", {}, child.textContent) : child.textContent);
  }
  return node;
}

function showResults(page) {
  document.getElementById("search-results").replaceChildren(...page.results.map(r => {
    const li = el("li", { "data-article-id": r.id });
    li.append(el("a", { href: r.url }, r.headline || "(no headline)"), " ",
              el("span", { class: "chip" }, `${r.source} · ${r.date.slice(0, 10)}`));
    if (r.snippet) li.append(snippetNode(r.snippet));
    return li;
  }));
}

function showFacets(facets) {
  document.getElementById("search-total").textContent = `${facets.total} matching articles`;
  rows("facet-countries", facets.countries.map(c => [c.country_code, c.count]));
  rows("facet-entities", facets.entities.slice(0, 10).map(e => [e.name, e.count]));
  rows("facet-sources", facets.sources.map(s => [s.source, s.count]));
  const most = Math.max(1, ...facets.days.map(d => d.count));
  document.getElementById("days").replaceChildren(...facets.days.map(d =>
    el("span", { title: `${d.day}: ${d.count}`, style: `height:${(100 * d.count / most).toFixed(0)}%` })));
  document.getElementById("search-places").replaceChildren(...facets.places.filter(p => p.lat !== null).map(p => {
    const dot = document.createElementNS(SVG, "circle");
    const attrs = { cx: p.lon + 180, cy: 90 - p.lat, r: Math.min(4, 1 + Math.log2(p.count)), "data-geonameid": p.geonameid };
    for (const [key, value] of Object.entries(attrs)) dot.setAttribute(key, value);
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${p.name}: ${p.count}`;
    dot.append(title);
    return dot;
  }));
}

async function runSearch(event) {
  event.preventDefault();
  const params = searchParams(event.target);
  const error = document.getElementById("search-error");
  error.textContent = "";
  const [page, facets] = await Promise.all([fetch(`/v1/articles?${params}`), fetch(`/v1/articles/facets?${params}`)]);
  if (!page.ok) {
    const body = await page.json();
    error.textContent = `${body.field}: ${body.reason}`;
    return;
  }
  showResults(await page.json());
  showFacets(await facets.json());
}

document.getElementById("search").addEventListener("submit", event => {
  runSearch(event).catch(problem => { document.getElementById("search-error").textContent = String(problem); });
});
