// The SPARQL editor: saved queries with their parameters, or any query, run against /sparql.
(function () {
  "use strict";
  const saved = JSON.parse(document.getElementById("saved-data").textContent);
  const byName = Object.fromEntries(saved.map((q) => [q.name, q]));
  const select = document.getElementById("saved");
  const text = document.getElementById("query");
  const params = document.getElementById("params");
  const question = document.getElementById("question");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  let loaded = null;

  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    (children || []).forEach((c) => e.append(c));
    return e;
  }

  select.addEventListener("change", () => {
    const q = byName[select.value];
    params.replaceChildren();
    loaded = q || null;
    if (!q) { question.textContent = ""; return; }
    text.value = q.text;
    question.textContent = q.vi + " · " + q.en;
    q.params.forEach((p) => {
      params.append(el("label", {}, [
        "?" + p.name + " (" + p.type + (p.optional ? ", optional" : "") + ") ",
        el("input", { "data-param": p.name, placeholder: p.doc, size: "50" }),
      ]));
    });
  });

  function cell(term) {
    if (!term) return "";
    if (term.type === "uri") {
      if (term.value.startsWith("https://w3id.org/vn-kg/id/")) {
        return el("a", { href: "/entity?iri=" + encodeURIComponent(term.value) }, [term.value]);
      }
      return term.value;
    }
    return term.value;
  }

  function render(data) {
    results.replaceChildren();
    if ("boolean" in data) { results.append(el("p", {}, [String(data.boolean)])); return; }
    const vars = data.head.vars;
    const head = el("tr", {}, vars.map((v) => el("th", {}, [v])));
    const rows = data.results.bindings.map((b) => el("tr", {}, vars.map((v) => el("td", {}, [cell(b[v])]))));
    results.append(el("table", { class: "results" }, [el("thead", {}, [head]), el("tbody", {}, rows)]));
  }

  document.getElementById("run").addEventListener("click", async () => {
    status.textContent = "…";
    const started = performance.now();
    let response;
    if (loaded && text.value === loaded.text) {
      const url = new URLSearchParams({ name: loaded.name });
      params.querySelectorAll("input[data-param]").forEach((i) => url.append("param." + i.dataset.param, i.value));
      response = await fetch("/api/saved?" + url.toString());
    } else {
      response = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
        body: text.value,
      });
    }
    const ms = Math.round(performance.now() - started);
    if (!response.ok) {
      status.textContent = response.status + ": " + (await response.text());
      results.replaceChildren();
      return;
    }
    const data = await response.json();
    render(data);
    const n = "boolean" in data ? 1 : data.results.bindings.length;
    status.textContent = n + " row(s), " + ms + " ms" + (response.headers.get("X-SPARQL-MaxRows") ? " (cut at the row cap)" : "");
  });
})();
