"""A `kg.view.View` as one self-contained pyvis HTML page.

pyvis 0.3.2 with `cdn_resources="in_line"` inlines vis-network but its template
still links Bootstrap from a CDN (MEASURED.md); those two tags are removed, and
`render` refuses to return a page that would still fetch anything. Positions come
from `kg.view.layout`, so physics stays off and 1,000 nodes draw in seconds. The
page carries both languages on every node and edge; a switch swaps them.
"""
from __future__ import annotations

import html as html_lib
import json
import re

from pyvis.network import Network

from .answers import excerpt
from .view import KINDS, Edge, Node, View, number, short, term_label
from .namespace import KG

# class → vis-network shape and colour; the legend draws the same
STYLE: dict[str, tuple[str, str]] = {
    "initiative": ("box", "#f6c65b"), "normative": ("diamond", "#4e79a7"), "administrative": ("dot", "#76b7b2"),
    "party": ("triangle", "#e15759"), "document": ("square", "#bab0ac"), "agency": ("hexagon", "#59a14f"),
}
RELATION_COLOUR = {"basedOn": "#4e79a7", "approvedBy": "#f28e2b", "partOf": "#9c755f", "replaces": "#e15759",
                   "amends": "#b8860b", "repeals": "#b07aa1", "issuedBy": "#59a14f"}
WORDS = {
    "vi": {"kind": "Loại", "number": "Số", "date": "Ngày", "province": "Tỉnh", "sources": "Nguồn",
           "members": "thành viên", "links": "liên kết", "nodes": "nút", "edges": "cạnh", "legend": "Chú giải"},
    "en": {"kind": "Kind", "number": "Number", "date": "Date", "province": "Province", "sources": "Sources",
           "members": "members", "links": "links", "nodes": "nodes", "edges": "edges", "legend": "Legend"},
}
OPTIONS = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "interaction": {"hover": True, "tooltipDelay": 120, "keyboard": True, "multiselect": True},
    "nodes": {"font": {"size": 13, "face": "sans-serif"}, "borderWidth": 1},
    "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
              "font": {"size": 10, "align": "middle", "strokeWidth": 3}},
}
_FOREIGN = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']?|url\(\s*["']?)(?:https?:)?//""", re.I)


class PageError(RuntimeError):
    """The page would load something from the network: a bug of ours, never shipped."""


def _node_title(n: Node, lang: str) -> str:
    w = WORDS[lang]
    lines = [n.label[lang]]
    if n.count > 1 or n.id.startswith("group:"):
        lines.append(f"{number(n.count, lang)} {w['members']}")
    for key in ("kind", "number", "date", "province"):
        if n.facts.get(key) and not n.id.startswith("group:"):
            lines.append(f"{w[key]}: {n.facts[key]}")
    if n.sources:
        lines.append(f"{w['sources']}: " + ", ".join(n.sources))
    return "\n".join(lines)


def _edge_title(e: Edge, labels: dict[str, dict[str, str]], lang: str) -> str:
    rel = term_label(str(KG[e.relation]), lang)
    head = f"{short(labels[e.source][lang], 60)} — {rel} → {short(labels[e.target][lang], 60)}"
    if e.count > 1:
        return f"{head}\n{number(e.count, lang)} {WORDS[lang]['links']}"
    focus = [w for w in labels[e.target]["vi"].split() if any(c.isdigit() for c in w)] + [labels[e.target]["vi"][:30]]
    quotes = [f"“{excerpt(sentence, focus)}”\n— {file} [{start}–{end}]" for sentence, file, start, end in e.evidence]
    return "\n".join([head, *quotes])


def _safe(text: str) -> str:
    # pyvis switches to an innerHTML popup when a title contains "href"; keep ours text-only
    return text.replace("href", "hr\u00adef")


def render(view: View, *, lang: str = "vi") -> str:
    net = Network(height="82vh", width="100%", directed=True, cdn_resources="in_line", bgcolor="#ffffff")
    labels = {n.id: n.label for n in view.nodes}
    biggest = max((n.count for n in view.nodes), default=1)
    for n in view.nodes:
        shape, colour = STYLE[n.kind]
        titles = {lg: _safe(_node_title(n, lg)) for lg in ("vi", "en")}
        shown = {lg: short(n.label[lg]) for lg in ("vi", "en")}
        extra = {"size": 12 + 28 * (n.count / biggest) ** 0.5} if view.aggregated else {}
        net.add_node(n.id, label=shown[lang], title=titles[lang], shape=shape, x=n.x, y=n.y,
                     color={"background": colour, "border": "#222" if n.focus else colour},
                     borderWidth=4 if n.focus else 1, label_vi=shown["vi"], label_en=shown["en"],
                     title_vi=titles["vi"], title_en=titles["en"], kind=n.kind, **extra)
    # edges go in as dicts: pyvis's add_edge looks for duplicates linearly (8.8 s at 40k edges, MEASURED.md)
    for e in view.edges:
        rel = {lg: term_label(str(KG[e.relation]), lg) for lg in ("vi", "en")}
        titles = {lg: _safe(_edge_title(e, labels, lg)) for lg in ("vi", "en")}
        net.edges.append({"from": e.source, "to": e.target, "label": rel[lang], "title": titles[lang],
                          "label_vi": rel["vi"], "label_en": rel["en"], "title_vi": titles["vi"],
                          "title_en": titles["en"], "color": RELATION_COLOUR[e.relation],
                          "dashes": e.relation == "issuedBy", "width": 1 + min(6.0, e.count ** 0.5 - 1),
                          "relation": e.relation})
    net.set_options(json.dumps(OPTIONS))
    page = net.generate_html()
    page = re.sub(r"<link\s[^>]*bootstrap[^>]*>", "", page, flags=re.S)
    page = re.sub(r"<script\s[^>]*bootstrap[^>]*>\s*</script>", "", page, flags=re.S)
    page = re.sub(r"<center>\s*<h1>.*?</h1>\s*</center>", "", page, flags=re.S)
    page = page.replace("<html>", f'<!DOCTYPE html>\n<html lang="{lang}">', 1)
    page = page.replace("</head>", f"<title>{html_lib.escape(view.title.get(lang, 'kg'))}</title>\n"
                                   f"<style>{CSS}</style>\n</head>", 1)
    page = page.replace("<body>", "<body>\n" + _header(view, lang), 1)
    page = page.replace("</body>", SCRIPT.replace("__LANG__", json.dumps(lang)) + "\n</body>", 1)
    if _FOREIGN.search(page):
        raise PageError(f"the view would load {_FOREIGN.search(page).group(0)!r} from the network")
    return page


def _both(vi: str, en: str, lang: str, tag: str = "span", cls: str = "") -> str:
    """An element whose text the language switch swaps."""
    c = f' class="{cls}"' if cls else ""
    shown = vi if lang == "vi" else en
    return (f'<{tag}{c} data-vi="{html_lib.escape(vi)}" data-en="{html_lib.escape(en)}">'
            f"{html_lib.escape(shown)}</{tag}>")


_SHAPE_SVG = {
    "box": '<rect x="1" y="4" width="16" height="10" rx="2"/>', "diamond": '<path d="M9 1 17 9 9 17 1 9z"/>',
    "dot": '<circle cx="9" cy="9" r="7"/>', "triangle": '<path d="M9 2 17 16H1z"/>',
    "square": '<rect x="2" y="2" width="14" height="14"/>', "hexagon": '<path d="M5 2h8l4 7-4 7H5L1 9z"/>',
}


def _header(view: View, lang: str) -> str:
    kinds = [k for k in KINDS if any(n.kind == k for n in view.nodes)]
    relations = sorted({e.relation for e in view.edges})
    items = []
    for k in kinds:
        shape, colour = STYLE[k]
        svg = f'<svg width="18" height="18" viewBox="0 0 18 18" fill="{colour}">{_SHAPE_SVG[shape]}</svg>'
        items.append(f'<li data-kind="{k}">{svg}' + _both(term_label(KINDS[k], "vi"), term_label(KINDS[k], "en"), lang) + "</li>")
    for r in relations:
        dash = ' stroke-dasharray="4 3"' if r == "issuedBy" else ""
        svg = (f'<svg width="26" height="10"><line x1="1" y1="5" x2="25" y2="5" stroke="{RELATION_COLOUR[r]}" '
               f'stroke-width="2"{dash}/></svg>')
        iri = str(KG[r])
        items.append(f'<li data-relation="{r}">{svg}' + _both(term_label(iri, "vi"), term_label(iri, "en"), lang) + "</li>")
    counts = {lg: f"{number(len(view.nodes), lg)} {WORDS[lg]['nodes']}, {number(len(view.edges), lg)} {WORDS[lg]['edges']}"
              for lg in ("vi", "en")}
    note = ('<p class="kg-note" role="status">' + _both(view.note["vi"], view.note["en"], lang) + "</p>"
            if view.note else "")
    title = view.title or {"vi": "kg", "en": "kg"}
    return (
        '<header class="kg-head">'
        f'<div class="kg-title">{_both(title["vi"], title["en"], lang, "h1")}'
        f'{_both(counts["vi"], counts["en"], lang, "span", "kg-counts")}</div>'
        '<div class="kg-lang" role="group" aria-label="language">'
        f'<button type="button" data-lang="vi" aria-pressed="{str(lang == "vi").lower()}">Tiếng Việt</button>'
        f'<button type="button" data-lang="en" aria-pressed="{str(lang == "en").lower()}">English</button></div>'
        f'{note}<ul class="kg-legend" aria-label="{WORDS[lang]["legend"]}">{"".join(items)}</ul>'
        "</header>")


CSS = """
body { margin: 0; font-family: system-ui, "Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif; color: #222; }
.kg-head { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem 1.2rem; padding: .5rem .8rem;
           border-bottom: 1px solid #ddd; }
.kg-title { display: flex; align-items: baseline; gap: .8rem; flex: 1 1 28rem; min-width: 0; }
.kg-title h1 { font-size: 1.05rem; margin: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.kg-counts { color: #666; font-size: .85rem; white-space: nowrap; }
.kg-lang button { font: inherit; font-size: .8rem; padding: .15rem .5rem; border: 1px solid #999; background: #fff;
                  cursor: pointer; }
.kg-lang button[aria-pressed="true"] { background: #222; color: #fff; }
.kg-note { flex-basis: 100%; margin: 0; padding: .3rem .6rem; background: #fff6d5; border-left: 4px solid #e0a800;
           font-size: .85rem; }
.kg-legend { flex-basis: 100%; display: flex; flex-wrap: wrap; gap: .2rem 1rem; list-style: none; margin: 0;
             padding: 0; font-size: .8rem; }
.kg-legend li { display: flex; align-items: center; gap: .3rem; }
#mynetwork { float: none !important; border: 0 !important; }
div.vis-tooltip { white-space: pre-wrap; max-width: 34rem; font-size: .8rem; line-height: 1.35; }
"""

SCRIPT = """<script>
(function () {
  function setLang(lang) {
    nodes.update(nodes.get().map(function (n) { return {id: n.id, label: n["label_" + lang], title: n["title_" + lang]}; }));
    edges.update(edges.get().map(function (e) { return {id: e.id, label: e["label_" + lang], title: e["title_" + lang]}; }));
    document.querySelectorAll("[data-vi]").forEach(function (el) { el.textContent = el.dataset[lang]; });
    document.querySelectorAll(".kg-lang button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.lang === lang)); });
    document.documentElement.lang = lang;
    window.kgViewLang = lang;
  }
  document.querySelectorAll(".kg-lang button").forEach(function (b) {
    b.addEventListener("click", function () { setLang(b.dataset.lang); }); });
  window.kgSetLang = setLang;
  window.kgViewLang = __LANG__;
  window.kgViewNodes = nodes.length;
  window.kgViewEdges = edges.length;
  network.once("afterDrawing", function () { window.kgViewReady = true; });
  network.redraw();
})();
</script>"""
