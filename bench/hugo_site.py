#!/usr/bin/env python3
"""Writes a Hugo site with the same pages and figures as a sunshine site, for the speed comparison
in BENCHMARKS.md: one page per unit (its quota and month-by-month figures), one per monthly form
round (a row per top-level unit), an overview (a row per top-level unit). Hugo draws no charts.

    python3 bench/hugo_site.py SUNSHINE_SITE HUGO_SITE
"""
import os
import shutil
import sys
import tomllib

src, out = sys.argv[1], sys.argv[2]
shutil.rmtree(out, ignore_errors=True)
load = lambda p: tomllib.load(open(os.path.join(src, p), "rb"))
units = load("data/units.toml")["unit"]
by_id = {u["id"]: u for u in units}
years = sorted(d for d in os.listdir(os.path.join(src, "data")) if d.isdigit())
year = years[-1]
quotas = {q["unit"]: q["quota"] for q in load(f"data/{year}/quotas.toml")["quota"]}
reports = []
for name in sorted(os.listdir(os.path.join(src, "data", year, "reports"))):
    r = load(f"data/{year}/reports/{name}")
    reports.append((name[5:7], str(r["as_of"]), {row["unit"]: row for row in r.get("row", [])}))

children = {}
for u in units:
    if "parent" in u:
        children.setdefault(u["parent"], []).append(u["id"])

def figures(uid, rows):
    """A unit's own row, else the sum of its children's (the contract's roll-up)."""
    if uid in rows:
        r = rows[uid]
        return [r["three_year"], r["three_plus_two"], r["five_year"], r["one_year"]]
    kids = [figures(c, rows) for c in children.get(uid, []) if c in quotas]
    kids = [k for k in kids if k]
    return [sum(col) for col in zip(*kids)] if kids else None

def write(path, front, body=""):
    path = os.path.join(out, "content", path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("---\n")
        for k, v in front.items():
            f.write(f"{k}: {v!r}\n" if not isinstance(v, list) else f"{k}:\n" + "".join(f"  - {x!r}\n" for x in v))
        f.write("---\n" + body)

top = [u["id"] for u in units if u["id"] in quotas and not (u.get("parent") in quotas)]
def row_line(uid, rows):
    f = figures(uid, rows)
    q = quotas[uid]
    if not f:
        return f"{by_id[uid]['name']}|{q}|—|—|—|—|—|—"
    t = sum(f)
    return f"{by_id[uid]['name']}|{q}|{t}|{f[0]}|{f[1]}|{f[2]}|{f[3]}|{t * 100 / q:.1f}%"

latest = reports[-1][2]
write("_index.md", {"title": f"{year}年招生任务与进展", "rows": [row_line(u, latest) for u in top]})
for month, as_of, rows in reports:
    write(f"{year}/reports/{year}-{month}/index.md", {"title": f"{year}年{int(month)}月招生情况统计表", "as_of": as_of,
          "rows": [row_line(u, rows) for u in top]})
for uid in quotas:
    hist = []
    for month, as_of, rows in reports:
        f = figures(uid, rows)
        hist.append(f"{int(month)}月|{as_of}|" + ("—" if not f else f"{sum(f)}|{f[0]}|{f[1]}|{f[2]}|{f[3]}|{sum(f) * 100 / quotas[uid]:.1f}%"))
    write(f"{year}/units/{uid}/index.md", {"title": by_id[uid]["name"], "quota": quotas[uid], "rows": hist,
          "children": [row_line(c, latest) for c in children.get(uid, []) if c in quotas]})

os.makedirs(os.path.join(out, "layouts/_default"), exist_ok=True)
open(os.path.join(out, "hugo.toml"), "w").write(
    'baseURL = "/"\nlanguageCode = "zh-CN"\ntitle = "阳光招生"\ndisableKinds = ["taxonomy", "term", "RSS"]\n')
table = """<table><tbody>{{ range .Params.rows }}<tr>{{ range split . "|" }}<td>{{ . }}</td>{{ end }}</tr>{{ end }}</tbody></table>
{{ with .Params.children }}<table><tbody>{{ range . }}<tr>{{ range split . "|" }}<td>{{ . }}</td>{{ end }}</tr>{{ end }}</tbody></table>{{ end }}"""
base = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><header>{{ .Site.Title }}</header><main><h1>{{ .Title }}</h1>{{ block "main" . }}{{ end }}</main><footer>主办单位</footer></body></html>"""
for name, text in [("baseof.html", base), ("single.html", '{{ define "main" }}' + table + "{{ end }}"),
                   ("list.html", '{{ define "main" }}' + table + "{{ end }}")]:
    open(os.path.join(out, "layouts/_default", name), "w").write(text)
open(os.path.join(out, "layouts/index.html"), "w").write('{{ define "main" }}' + table + "{{ end }}")
print(f"{len(quotas)} unit pages, {len(reports)} report pages -> {out}")
