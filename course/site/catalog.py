"""Render ``data/datapackage.json`` as HTML tables for the book's Data sources page."""

from __future__ import annotations

import html

from IPython.display import HTML

from ..kit import data


def _link(title: str, url: str | None) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(title)}</a>' if url else html.escape(title)


def sources_rows() -> list[dict]:
    """One dict per resource: name, title, file, rows or features, source, licence, retrieved."""
    rows = []
    for name in data.tables():
        res = data.resource(name)
        size = (len(data.load(name)) if res.get("format", "csv") == "csv"
                else len(data.geojson(name)["features"]))
        rows.append({
            "name": name, "title": res.get("title", ""), "file": f"data/{res['path']}", "size": size,
            "description": res.get("description", ""),
            "sources": [(s["title"], s.get("path")) for s in res.get("sources", [])],
            "licences": [(lic.get("title", lic.get("name", "")), lic.get("path")) for lic in res.get("licenses", [])],
            "retrieved": res.get("retrieved", ""),
        })
    return rows


def sources_table() -> HTML:
    """An HTML table of every resource with its source, licence and retrieval date."""
    body = "".join(
        "<tr>"
        f"<td><code>{html.escape(r['name'])}</code><br><small>{html.escape(r['file'])} · {r['size']} rows/features</small></td>"
        f"<td><strong>{html.escape(r['title'])}</strong><br><small>{html.escape(r['description'])}</small></td>"
        f"<td>{'; '.join(_link(t, u) for t, u in r['sources'])}</td>"
        f"<td>{'; '.join(_link(t, u) for t, u in r['licences'])}</td>"
        f"<td>{html.escape(r['retrieved'])}</td>"
        "</tr>"
        for r in sources_rows()
    )
    return HTML("<table class='table'><thead><tr><th scope='col'>Table</th><th scope='col'>What it holds</th>"
                "<th scope='col'>Source</th><th scope='col'>Licence</th><th scope='col'>Retrieved</th></tr></thead>"
                f"<tbody>{body}</tbody></table>")


def fields_tables() -> HTML:
    """For every tabular resource, an HTML table of its columns: name, type, unit, description."""
    parts = []
    for name in data.tables():
        res = data.resource(name)
        if "schema" not in res:
            continue
        rows = "".join(
            f"<tr><td><code>{html.escape(f['name'])}</code></td><td>{html.escape(f.get('type', ''))}</td>"
            f"<td>{html.escape(f.get('unit', ''))}</td><td>{html.escape(f.get('description', ''))}</td></tr>"
            for f in res["schema"]["fields"]
        )
        parts.append(f"<h3>{html.escape(name)}</h3><table class='table'><thead><tr><th scope='col'>Column</th>"
                     f"<th scope='col'>Type</th><th scope='col'>Unit</th><th scope='col'>Meaning</th></tr></thead><tbody>{rows}</tbody></table>")
    return HTML("".join(parts))
