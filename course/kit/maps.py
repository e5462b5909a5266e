"""Maps drawn with matplotlib from the Natural Earth outlines in ``data/`` (no map tiles, no network).

Boundaries are Natural Earth's de-facto lines: illustrative, not authoritative. Any map whose view
includes India carries that statement and marks the disputed areas (see :data:`DISPUTED`).
"""

from __future__ import annotations

import math
from functools import lru_cache

from shapely.geometry import box, shape, Polygon

from . import data, plots

LAND = "#F2F2F2"
EDGE = "#8C8C8C"
WATER = "#EEF5FB"
RIVER = "#3A7DBA"
HIGHLIGHT = {"Russia": "#D9D4EA", "China": "#F6D5C4", "India": "#CDEBDD"}

DISCLAIMER = ("Boundaries are illustrative and not authoritative (Natural Earth de-facto lines). "
              "Hatched areas are disputed.")

# Disputed areas involving India, as approximate label positions with who administers and who claims.
# Positions are for labels only; the hatching is a rough box, not a boundary.
DISPUTED = [
    {"name": "Jammu and Kashmir", "lon": (73.0, 77.8), "lat": (32.3, 36.9),
     "note": "divided; claimed in full by India and by Pakistan"},
    {"name": "Aksai Chin", "lon": (78.0, 80.4), "lat": (34.6, 36.0),
     "note": "administered by China, claimed by India"},
    {"name": "Arunachal Pradesh", "lon": (91.6, 97.2), "lat": (26.7, 29.4),
     "note": "administered by India, claimed by China"},
]
INDIA_BOX = (68.0, 97.5, 6.5, 35.7)  # lon0, lon1, lat0, lat1


@lru_cache(maxsize=1)
def countries() -> dict:
    """Country name -> shapely geometry, from ``data/countries.geojson`` (parsed once per session)."""
    return {f["properties"]["name"]: shape(f["geometry"]) for f in data.geojson("countries")["features"]}


def shows_india(extent) -> bool:
    """True if a map extent (lon0, lon1, lat0, lat1) overlaps India."""
    lon0, lon1, lat0, lat1 = extent
    return box(lon0, lat0, lon1, lat1).intersects(box(INDIA_BOX[0], INDIA_BOX[2], INDIA_BOX[1], INDIA_BOX[3]))


def _fill(ax, geom, **style):
    polys = [geom] if isinstance(geom, Polygon) else list(getattr(geom, "geoms", []))
    for poly in polys:
        if poly.is_empty:
            continue
        xs, ys = poly.exterior.xy
        ax.fill(xs, ys, **style)


def base_map(extent, *, highlight=("Russia", "China"), rivers=(), places=(), width=7.5, height=5.5):
    """Draw outlines (and chosen rivers and places) inside ``extent = (lon0, lon1, lat0, lat1)``.

    Returns ``(fig, ax)``. If the extent shows India, the disclaimer and disputed areas are added.
    """
    lon0, lon1, lat0, lat1 = extent
    fig, ax = plots.new(width, height)
    ax.set_facecolor(WATER)
    view = box(lon0 - 5, lat0 - 5, lon1 + 5, lat1 + 5)
    detail = (lon1 - lon0) / 1000  # degrees; below one pixel at the house figure width, so invisible
    for name, geom in countries().items():
        if not geom.intersects(view):
            continue
        _fill(ax, geom.intersection(view).simplify(detail, preserve_topology=True), facecolor=HIGHLIGHT.get(name, LAND) if name in highlight else LAND,
              edgecolor=EDGE, linewidth=0.6)
    river_features = data.geojson("rivers")["features"]
    for feature in river_features:
        if feature["properties"]["name"] in rivers:
            geom = shape(feature["geometry"])
            for line in getattr(geom, "geoms", [geom]):
                xs, ys = line.xy
                ax.plot(xs, ys, color=RIVER, linewidth=1.4, zorder=4)
    wanted = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in data.geojson("places")["features"]
              if f["properties"]["name"] in places}
    for name in places:
        if name in wanted:
            lon, lat = wanted[name]
            ax.plot(lon, lat, "o", color="black", markersize=3.5, zorder=5)
            ax.annotate(name, (lon, lat), xytext=(4, 3), textcoords="offset points", fontsize=8, zorder=6)
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(1 / math.cos(math.radians((lat0 + lat1) / 2)))
    ax.set_xlabel("Longitude (°E)")
    ax.set_ylabel("Latitude (°N)")
    ax.grid(alpha=0.15)
    if shows_india(extent):
        mark_disputed(ax)
    return fig, ax


def mark_disputed(ax) -> None:
    """Hatch and label the disputed areas involving India, and print the boundary disclaimer.

    On a wide view (more than 50° of longitude) the labels would overlap, so the areas get numbers
    and the disclaimer spells them out.
    """
    lon0, lon1 = ax.get_xlim()
    wide = (lon1 - lon0) > 50
    for number, area in enumerate(DISPUTED, start=1):
        (x0, x1), (y0, y1) = area["lon"], area["lat"]
        ax.fill([x0, x1, x1, x0], [y0, y0, y1, y1], facecolor="none", edgecolor="#555555", hatch="///", linewidth=0.6, zorder=4)
        label = str(number) if wide else f"{area['name']}\n({area['note']})"
        ax.annotate(label, ((x0 + x1) / 2, y1), fontsize=7 if wide else 6.5, ha="center", va="bottom", zorder=6)
    text = DISCLAIMER
    if wide:
        text += "".join(f"\n{n} {a['name']}: {a['note']}" for n, a in enumerate(DISPUTED, start=1))
    ax.text(0.01, 0.01, text, transform=ax.transAxes, fontsize=6.5 if wide else 7, va="bottom",
            bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"}, zorder=7)


# --- Lesson 01: the lands ceded in 1858-1860 -------------------------------------------------
# Approximate sketch by the course authors, built from today's Russian territory: the Aigun cession
# is Russian land between the Stanovoy range (about 55.5°N) and the Amur, east of the Argun-Amur
# confluence; the Peking cession is Russian land south-east of the Ussuri and the lower Amur.
# Only the sources' areas (table `treaties`) are figures; these shapes are not measurements.
_CESSION_BOX = (121.3, 141.3, 42.0, 55.5)
_LOWER_AMUR_WEDGE = Polygon([(128.0, 41.0), (135.1, 48.45), (137.0, 50.55), (140.7, 53.15),
                             (142.0, 53.3), (142.0, 41.0)])


def cessions_1858_1860() -> dict:
    """Approximate areas ceded by Aigun (1858) and Peking (1860): {"Aigun 1858": geom, "Peking 1860": geom}."""
    russia = countries()["Russia"]
    lon0, lon1, lat0, lat1 = _CESSION_BOX
    region = russia.intersection(box(lon0, lat0, lon1, lat1))
    return {"Aigun 1858": region.difference(_LOWER_AMUR_WEDGE), "Peking 1860": region.intersection(_LOWER_AMUR_WEDGE)}


def cessions_map():
    """The map of lesson 01: the Amur–Ussuri lands ceded in 1858–1860, with rivers and cities."""
    treaties = data.load("treaties").set_index("treaty_id")
    fig, ax = base_map((108, 148, 36, 60), rivers=("Amur", "Argun", "Hailar", "Songhua"),
                       places=("Harbin", "Vladivostok", "Khabarovsk", "Blagoveshchensk", "Chita", "Dalian", "Beijing"))
    styles = {"Aigun 1858": ("#0072B2", "\\\\\\", "T1858"), "Peking 1860": ("#D55E00", "///", "T1860")}
    label_at = {"Aigun 1858": (127.5, 57.5), "Peking 1860": (142.0, 48.6)}
    for label, geom in cessions_1858_1860().items():
        colour, hatch, tid = styles[label]
        row = treaties.loc[tid]
        area = f"{row.area_qualifier} {row.territory_to_russia_km2:,.0f} km²"
        _fill(ax, geom, facecolor="none", edgecolor=colour, hatch=hatch, linewidth=1.2, zorder=3)
        centre = geom.representative_point()
        ax.annotate(f"{row['name']} ({tid[1:]})\n{area}\n(approximate area)", (centre.x, centre.y),
                    xytext=label_at[label], fontsize=8, ha="center", color="black", zorder=7,
                    bbox={"facecolor": "white", "alpha": 0.9, "edgecolor": colour},
                    arrowprops={"arrowstyle": "-", "color": colour})
    ax.annotate("Ussuri: the border from\nKhabarovsk to Lake Khanka", (134.0, 47.0), xytext=(127.0, 48.3), fontsize=7,
                color="#1F4E79", ha="center", arrowprops={"arrowstyle": "-", "color": RIVER})
    ax.annotate("Port Arthur (Lüshun), leased 1898,\nat the tip of the Dalian peninsula", (121.25, 38.8), fontsize=7,
                xytext=(123.5, 37.0), arrowprops={"arrowstyle": "-", "color": "#555555"})
    ax.set_title("Lands ceded to Russia by the treaties of Aigun (1858) and Peking (1860)")
    return plots.show(
        fig,
        caption=("Approximate extent of the lands north of the Amur (Aigun, 1858) and east of the Ussuri (Peking, 1860) "
                 "that passed from Qing China to Russia. Shapes are a sketch drawn from today's border; the areas are the sources' figures. "
                 "Boundaries are illustrative and not authoritative."),
        source="treaties; countries; rivers",
        alt=("Map of north-east Asia. A blue-hatched band north of the Amur river, from the Argun confluence to the Pacific, "
             f"is labelled Treaty of Aigun 1858, {treaties.loc['T1858'].area_qualifier} "
             f"{treaties.loc['T1858'].territory_to_russia_km2:,.0f} km². An orange-hatched area between the Ussuri river, "
             f"the lower Amur and the Sea of Japan, including Vladivostok, is labelled Convention of Peking 1860, "
             f"{treaties.loc['T1860'].area_qualifier} {treaties.loc['T1860'].territory_to_russia_km2:,.0f} km². "
             "Harbin and Dalian (Port Arthur) lie to the south in China."),
    )


# --- Lesson 04: where the joint exercises took place -----------------------------------------

def place_coordinates() -> dict:
    """Place name -> (lon, lat) from ``data/places.geojson`` (Natural Earth populated places)."""
    return {f["properties"]["name"]: tuple(f["geometry"]["coordinates"]) for f in data.geojson("places")["features"]}


def exercises_map(extent=(48, 150, 22, 62)):
    """Joint exercises placed at a nearby city (column ``map_place`` of ``joint_exercises``).

    Exercises at the same city share one marker with all their names. Patrols over open sea and
    exercises outside the view have no marker; the caption and alt text list them.
    """
    exercises = data.load("joint_exercises")
    coords = place_coordinates()
    placed = exercises.dropna(subset=["map_place"])
    unknown = sorted(set(placed.map_place) - set(coords))
    if unknown:
        raise data.DataError(f"data/joint_exercises.csv, column 'map_place': {unknown} not found in data/places.geojson.")
    fig, ax = base_map(extent, highlight=("Russia", "China"), width=7.5, height=5.0)
    lines = []
    for place, group in placed.groupby("map_place", sort=True):
        lon, lat = coords[place]
        names = "; ".join(f"{n}" for n in group.sort_values("year").name)
        ax.plot(lon, lat, "o", markersize=5 + 3 * len(group), markerfacecolor=plots.PALETTE["orange"],
                markeredgecolor="black", zorder=6)
        ax.annotate(f"{place}: {len(group)}", (lon, lat), xytext=(6, 4), textcoords="offset points", fontsize=8,
                    zorder=7, bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"})
        lines.append(f"near {place} ({names})")
    unplaced = exercises[exercises.map_place.isna()]
    ax.set_title("Where Russia and China exercised together, 2005–2023 (nearest city)")
    return plots.show(
        fig,
        caption=(f"Joint exercises by nearest city ({len(placed)} of {len(exercises)} in the table; "
                 f"marker size = number of exercises). Not on the map: {', '.join(unplaced.name)} "
                 "(patrols over open sea, or outside the view). Boundaries are illustrative and not authoritative."),
        source="joint_exercises; countries; places",
        alt=(f"Map from European Russia to the Pacific with {placed.map_place.nunique()} markers: " + "; ".join(lines)
             + f". {len(unplaced)} patrols or exercises at sea or in the Baltic are not mapped."),
    )


# --- Lesson 08: the North-South Transport Corridor -------------------------------------------

def corridor_map(extent=(30, 100, 5, 58)):
    """The two 2014 dry-run routes of the North–South corridor (table ``instc_route``) as straight,
    schematic lines between their stops, on a map that shows India (so disputed areas are marked)."""
    route = data.load("instc_route")
    coords = place_coordinates()
    unknown = sorted(set(route.place) - set(coords))
    if unknown:
        raise data.DataError(f"data/instc_route.csv, column 'place': {unknown} not found in data/places.geojson.")
    fig, ax = base_map(extent, highlight=("India", "Russia", "China"), width=7.5, height=5.5)
    styles = ["-", "--"]
    for (name, stops), style in zip(route.groupby("route", sort=True), styles):
        stops = stops.sort_values("stop")
        xs, ys = zip(*(coords[p] for p in stops.place))
        ax.plot(xs, ys, style, color=plots.PALETTE["vermillion"], lw=2, label=name, zorder=5)
    for place in sorted(set(route.place)):
        lon, lat = coords[place]
        ax.plot(lon, lat, "o", color="black", markersize=4, zorder=6)
        ax.annotate(place, (lon, lat), xytext=(5, 3), textcoords="offset points", fontsize=8, zorder=7,
                    bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"})
    ax.legend(loc="upper right", fontsize=8)
    ax.set_title("The North–South Transport Corridor: the 2014 dry runs (schematic)")
    routes = "; ".join(f"{name}: {' → '.join(stops.sort_values('stop').place)}" for name, stops in route.groupby("route", sort=True))
    return plots.show(
        fig,
        caption=("Schematic: straight lines join the stops of the two 2014 dry runs; real shipping lanes, rail lines and the "
                 "Caspian crossing from Bandar Anzali are not drawn. Boundaries are illustrative and not authoritative."),
        source="instc_route; countries; places",
        alt=(f"Map from India to southern Russia. Two routes drawn as straight lines: {routes}. "
             "Disputed areas involving India are hatched and labelled."),
    )
