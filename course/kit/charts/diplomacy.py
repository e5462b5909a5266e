"""Leaders' meetings, joint exercises, settlement-currency statements, BRICS and SCO membership (lessons 04, 06).

Each function takes a table from ``data/`` and returns a captioned :class:`course.kit.plots.Chart` whose alt text
is computed from the numbers it draws.
"""

from __future__ import annotations

import pandas as pd

from .. import plots, recent

C = plots.COUNTRY


def meetings(table: pd.DataFrame):
    """Cumulative Xi–Putin meeting counts as reported, with the speaker's hedge on each point."""
    fig, ax = plots.new(7.5, 3.2)
    ax.plot(table.as_of, table["count"], "o", color=C["China"])
    for row in table.itertuples():
        ax.annotate(f"{row.as_reported}\n({row.who_said.split('(')[0].strip()})", (row.as_of, row.count),
                    xytext=(4, -4), textcoords="offset points", fontsize=7)
    ax.set_ylabel("Meetings since 2013, as reported")
    ax.set_ylim(0, table["count"].max() * 1.25)
    alt = ("Dot chart of Xi–Putin meeting counts as reported: "
           + "; ".join(f"{row.as_of:%b %Y}: {row.as_reported} ({row.who_said})" for row in table.itertuples())
           + ". The counts come from different speakers with different scopes, so they do not form a series.")
    return plots.show(fig, caption="Xi and Putin: how many meetings, according to whom?", source="xi_putin_meetings", alt=alt)


def exercises_by_year(table: pd.DataFrame):
    """A dot per joint exercise or patrol on a time axis, split into land, sea and air."""
    kind = table.name.map(lambda n: "air patrol" if "air" in n.lower() else
                          "sea" if ("sea" in n.lower() or "naval" in n.lower()) else "land (and combined)")
    rows = ["land (and combined)", "sea", "air patrol"]
    fig, ax = plots.new(7.5, 2.6)
    for i, k in enumerate(rows):
        sub = table[kind == k]
        ax.scatter(sub.year, [i] * len(sub), s=60, marker="os^"[i], color=[C["Russia"], C["China"], plots.PALETTE["orange"]][i],
                   edgecolor="black", lw=0.5, zorder=3)
    ax.set_yticks(range(3), rows)
    ax.set_ylim(-0.7, 2.7)
    ax.set_xlabel("Year")
    alt = (f"Time axis of {len(table)} joint exercises and patrols, {int(table.year.min())}–{int(table.year.max())}: "
           + "; ".join(f"{k}: {plots.year_list(table.year[kind == k])}" for k in rows) + ".")
    return plots.show(fig, caption="Russia–China joint exercises and patrols in the table, by kind", source="joint_exercises", alt=alt)


def settlement_statements(statements: pd.DataFrame):
    """One bar per official statement of the share of Russia–China trade settled in roubles and yuan.

    A statement is not a statistic: bars are labelled with who said it and when; hedges are kept and
    statements reported only by a weak source are hatched.
    """
    rows = statements.dropna(subset=["share_pct"]).reset_index(drop=True)
    fig, ax = plots.new(7.5, 0.6 + 0.38 * len(rows))
    weak = rows.source_quality == "low"
    colours = ["white" if w else C["Russia"] for w in weak]
    ax.barh(range(len(rows)), rows.share_pct, color=colours, edgecolor=C["Russia"], hatch=None)
    for i, row in rows.iterrows():
        if weak[i]:
            ax.patches[i].set_hatch("//")
        hedge = f"{row.qualifier} " if isinstance(row.qualifier, str) else ""
        ax.text(row.share_pct, i, f" {hedge}{row.share_pct:g}%", va="center", fontsize=8)
    ax.set_yticks(range(len(rows)), [recent.statement_label(r).rsplit(":", 1)[0] for r in rows.itertuples()], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 115)
    ax.set_xlabel("Share in roubles and yuan, as stated (%); hatched: reported only by a weak source")
    alt = ("Horizontal bars of statements on the share of Russia–China trade settled in roubles and yuan, in the order made: "
           + "; ".join(recent.statement_label(r) + (" (weak source)" if r.source_quality == "low" else "") for r in rows.itertuples())
           + ". These are statements by Russian officials; no official statistic is published.")
    return plots.show(fig, caption="Roubles and yuan: who said what share, and when?", source="russia_china_settlement_statements", alt=alt)


def membership_growth(members: pd.DataFrame, first_year: int = 2001, last_year: int = 2025):
    """Number of full members of BRICS and the SCO at the end of each year."""
    full = members[members.status == "member"]
    years = list(range(first_year, last_year + 1))
    fig, ax = plots.new(7.5, 3.2)
    counts = {}
    for org, colour, style in (("SCO", C["Russia"], "-"), ("BRICS", C["China"], "--")):
        joined = full[full.organisation == org].joined_year
        counts[org] = [int((joined <= y).sum()) for y in years]
        ax.step(years, counts[org], where="post", color=colour, ls=style, label=org)
    ax.set_ylabel("Full members")
    ax.set_ylim(0, max(max(c) for c in counts.values()) + 2)
    ax.legend(loc="upper left")
    changes = {org: [f"{y}: {c}" for y, c, p in zip(years, counts[org], [0] + counts[org][:-1]) if c != p] for org in counts}
    alt = ("Step chart of full members of the SCO and BRICS, "
           f"{first_year}–{last_year}. SCO: " + ", ".join(changes["SCO"]) + ". BRICS: " + ", ".join(changes["BRICS"])
           + ". Saudi Arabia (invited 2023, not formalised) and Argentina (declined) are not counted.")
    return plots.show(fig, caption="Two clubs grow: full members of BRICS and the SCO", source="brics_sco_members", alt=alt)
