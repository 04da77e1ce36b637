"""The `quotes stats --chart` picture: the share of women among quoted people over time and per source."""
from __future__ import annotations

from pathlib import Path

from .diversity import Tally


def draw(by_month: dict[str, Tally], by_source: dict[str, Tally], path: Path) -> None:
    """Two panels: women's share by month (a line) and by source (bars), each labelled with its people count."""
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    from matplotlib import pyplot

    figure, (over_time, per_source) = pyplot.subplots(1, 2, figsize=(11, 4.5), dpi=100)
    figure.suptitle("Women among quoted people")
    months = list(by_month)
    shares = [100 * (t.women_share() or 0) for t in by_month.values()]
    over_time.plot(months, shares, marker="o", color="#7b3294")
    over_time.set_title("By month")
    over_time.set_ylabel("% of quoted people")
    over_time.set_ylim(0, 100)
    over_time.axhline(50, color="#999999", linewidth=0.8, linestyle="--")
    over_time.tick_params(axis="x", labelrotation=45)
    if not months:
        over_time.text(0.5, 0.5, "no dated articles", ha="center", transform=over_time.transAxes)
    sources = list(by_source)
    source_shares = [100 * (t.women_share() or 0) for t in by_source.values()]
    bars = per_source.barh(sources, source_shares, color="#008837")
    per_source.bar_label(bars, labels=[f"{sum(t.people().values())} people" for t in by_source.values()], padding=3)
    per_source.set_title("By source")
    per_source.set_xlabel("% of quoted people")
    per_source.set_xlim(0, 100)
    per_source.axvline(50, color="#999999", linewidth=0.8, linestyle="--")
    figure.tight_layout()
    figure.savefig(path, format="png")
    pyplot.close(figure)
