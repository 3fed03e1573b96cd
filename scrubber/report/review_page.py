"""The HTML of the review page: one self-contained file, no network.

Counts are rendered here as inline SVG bar charts; the sampled documents travel as JSON in a
`<script type="application/json">` block and are built into the page by a small inline script
with `textContent` only (document text is never parsed as HTML). The filter is a `<select>`
(also set by clicking a bar, or by the URL fragment `#rule=CODE`).
"""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrubber.report.review import Review

CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
       "connect-src 'none'; form-action 'none'; base-uri 'none'")
BAR_MAX = 40  # bars per chart; the rest are summed as "others"

STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:#1d1d1f;background:#fff}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1.4rem 0 .4rem}
.summary{display:flex;flex-wrap:wrap;gap:.4rem 1.4rem;margin:.4rem 0 1rem;color:#444}
.summary b{color:#000}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:1rem}
svg.chart{width:100%;height:auto}svg.chart text{font-size:12px;fill:#222}
svg.chart g.bar{cursor:pointer}svg.chart g.bar:hover rect{fill:#b3541e}
svg.chart rect{fill:#d9822b}svg.chart g.bar.on rect{fill:#8a2d0a}
.filter{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid #ddd;z-index:1}
article.doc{border:1px solid #ddd;border-radius:6px;margin:1rem 0;overflow:hidden}
article.doc>header{background:#f5f5f7;padding:.35rem .7rem;font-size:12px;display:flex;gap:1rem;flex-wrap:wrap}
article.doc .where{font-family:ui-monospace,monospace}article.doc .status{text-transform:uppercase;font-weight:600}
pre.text{white-space:pre-wrap;word-break:break-word;margin:0;padding:.7rem;font:13px/1.5 ui-monospace,monospace}
mark.fix{background:#ffd7d5;text-decoration:line-through;text-decoration-color:#c0392b80}
mark.report{background:#fff1b8;outline:1px dashed #b8860b}
mark.dim{background:transparent;text-decoration:none;outline:none}
span.tag{font:bold 10px/1 system-ui,sans-serif;background:#c0392b;color:#fff;border-radius:3px;padding:1px 3px;
margin-right:2px;vertical-align:2px;text-decoration:none;display:inline-block}
mark.report span.tag{background:#b8860b}mark.dim span.tag{background:#aaa}
span.gap{color:#888}.notes{padding:0 .7rem .5rem;font-size:12px;color:#8a5a00}
[hidden]{display:none!important}
"""

SCRIPT = """
(function(){
  const data = JSON.parse(document.getElementById('sample').textContent);
  const main = document.getElementById('docs'), pick = document.getElementById('filter');
  const shown = document.getElementById('shown');
  function el(tag, cls, text){const e=document.createElement(tag); if(cls) e.className=cls;
    if(text!==undefined) e.textContent=text; return e;}
  data.forEach(function(d){
    const art = el('article','doc'); art.dataset.codes = d.codes.join(' '); art.dataset.status = d.status;
    const head = el('header'); head.append(el('span','where',d.where||'(document)'), el('span','status',d.status),
      el('span','codes',d.codes.join(' ')));
    const pre = el('pre','text');
    d.segments.forEach(function(s){
      const text=s[0], codes=s[1], kind=s[2], starts=s[3];
      if(!kind){pre.append(document.createTextNode(text)); return;}
      if(kind==='gap'){pre.append(el('span','gap',text)); return;}
      const m = el('mark', kind); m.dataset.codes = codes.join(' '); m.title = codes.join(', ') +
        (kind==='fix' ? ': removed' : ': found, not removed');
      starts.forEach(function(c){m.append(el('span','tag',c));});
      m.append(document.createTextNode(text)); pre.append(m);
    });
    art.append(head, pre);
    if(d.notes.length){const n=el('div','notes'); n.textContent=d.notes.join(' \\u2022 '); art.append(n);}
    main.append(art);
  });
  function apply(code){
    let n = 0;
    main.querySelectorAll('article.doc').forEach(function(a){
      const hit = !code || (code.startsWith('status:') ? 'status:'+a.dataset.status===code
                                                       : a.dataset.codes.split(' ').includes(code));
      a.hidden = !hit; if(hit) n++;
    });
    main.querySelectorAll('mark').forEach(function(m){
      m.classList.toggle('dim', !!code && !code.startsWith('status:') && !m.dataset.codes.split(' ').includes(code));
    });
    document.querySelectorAll('g.bar').forEach(function(b){b.classList.toggle('on', b.dataset.rule===code);});
    shown.textContent = n + ' of ' + data.length + ' sampled documents';
    document.body.dataset.filter = code;
  }
  function fromHash(){const m=/^#rule=(.*)$/.exec(location.hash); return m ? decodeURIComponent(m[1]) : '';}
  pick.addEventListener('change', function(){
    history.replaceState(null, '', pick.value ? '#rule='+encodeURIComponent(pick.value) : '#'); apply(pick.value);});
  document.querySelectorAll('g.bar[data-rule]').forEach(function(b){b.addEventListener('click', function(){
    pick.value = b.dataset.rule; pick.dispatchEvent(new Event('change'));});});
  const first = fromHash();
  if(first && Array.from(pick.options).some(function(o){return o.value===first;})) pick.value = first;
  apply(pick.value);
})();
"""


def _json_for_script(value: Any) -> str:
    """JSON that cannot end the script element or open a comment (and survives lone surrogates)."""
    return json.dumps(value, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def bar_chart(title: str, rows: list[tuple[str, str, int]], *, clickable: bool) -> str:
    """A horizontal bar chart: rows of (key, label, value)."""
    if len(rows) > BAR_MAX:
        rest = sum(v for _, _, v in rows[BAR_MAX - 1:])
        rows = rows[:BAR_MAX - 1] + [("", f"{len(rows) - BAR_MAX + 1} others", rest)]
    width, label_w, row_h = 560, 190, 20
    top = max((v for _, _, v in rows), default=0) or 1
    out = [f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {row_h * len(rows) + 26}">',
           f'<text x="0" y="14" font-weight="bold">{escape(title)}</text>']
    for i, (key, label, value) in enumerate(rows):
        y = 22 + i * row_h
        bar = max(1, round((width - label_w - 60) * value / top))
        attrs = f' data-rule="{escape(key)}"' if clickable and key else ""
        out.append(f'<g class="bar"{attrs}><title>{escape(label)}: {value}</title>'
                   f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{escape(label[:32])}</text>'
                   f'<rect x="{label_w}" y="{y + 2}" width="{bar}" height="{row_h - 5}"></rect>'
                   f'<text x="{label_w + bar + 4}" y="{y + 13}">{value}</text></g>')
    out.append("</svg>")
    return "".join(out)


def render(review: Review) -> str:
    """The complete page."""
    rules = sorted(review.rules.items(), key=lambda kv: (-kv[1].findings, kv[0]))
    rule_rows = [(code, f"{code} {t.category}", t.findings) for code, t in rules]
    cat_rows = [(cat, cat, n) for cat, n in sorted(review.categories.items(), key=lambda kv: (-kv[1], kv[0]))]
    sample = review.sample()
    options = ['<option value="">all rules</option>']
    options += [f'<option value="{escape(code)}">{escape(code)} {escape(t.category)} ({t.findings} findings, '
                f'{t.documents} documents, {t.chars_removed} chars removed)</option>' for code, t in rules]
    options += [f'<option value="status:{s}">{s} documents ({review.status[s]})</option>'
                for s in ("flagged", "rejected") if review.status[s]]
    stats = [("documents", review.documents), *sorted(review.status.items()),
             ("characters", review.chars_in), ("removed", review.chars_removed)]
    data = [{"where": d.where, "status": d.status, "codes": d.codes, "notes": d.notes,
             "segments": [list(s) for s in d.segments]} for d in sample]
    return "".join([
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{escape(review.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(review.title)}</h1>",
        '<div class="summary">' + "".join(f"<span>{escape(k)}: <b>{v}</b></span>" for k, v in stats) + "</div>",
        '<div class="charts">', bar_chart("findings per rule", rule_rows, clickable=True),
        bar_chart("findings per category", cat_rows, clickable=False), "</div>",
        '<h2>Sample</h2><div class="filter"><label>Show <select id="filter">', "".join(options),
        '</select></label> <span id="shown"></span></div>',
        (f"<p>Up to {review.per_key} documents per rule (and per flagged or rejected outcome), drawn at random. "
         "Removed text is struck through in red, labelled with the rule code; findings that remove nothing "
         "(not fixable, or the document was flagged) are dashed in yellow.</p>"),
        '<main id="docs"></main><noscript>The sample needs JavaScript.</noscript>',
        f'<script type="application/json" id="sample">{_json_for_script(data)}</script>',
        f"<script>{SCRIPT}</script></body></html>\n",
    ])
