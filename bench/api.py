"""`make bench`'s rows for the syndication API (issue 16): the article detail warm and the list with caches
cleared, measured like the pages (alternating with the trivial view) and printed against their targets."""

from __future__ import annotations

import os

# name -> (the figure, its target, whether higher is better)
TARGETS = {
    "api detail (warm)": ("rps", 0.8, True),  # at least 0.8 of the trivial view's requests per second
    "api list (caches cleared)": ("p50", 3.0, False),  # p50 at most 3 times the trivial view's
}


def api_paths(slug: str) -> dict[str, str]:
    """The detail of the bench article for the professional audience, and the list's first page."""
    return {
        "api detail": f"/api/v1/articles/{slug}/?audience=healthcare-professional",
        "api list": "/api/v1/articles/?page_size=20",
    }


def print_api_targets(ratios: dict[str, dict[str, float]], *, database: str, articles: int) -> None:
    """Each API row against its target, with what it was measured on: the list's target is at the large corpus
    (10,000 articles on SQLite, 100,000 on PostgreSQL), and a shared machine's load moves every ratio."""
    print(
        f"== syndication API against its targets ({database}, {articles} articles, load average "
        f"{os.getloadavg()[0]:.1f}; ratios to the trivial view in the same rounds)"
    )
    for name, (figure, target, higher) in TARGETS.items():
        if name not in ratios:
            print(f"{name:<34}not measured")
            continue
        value = ratios[name][figure]
        met = value >= target if higher else value <= target
        label = "req/s ratio" if figure == "rps" else "p50 x"
        bound = ">=" if higher else "<="
        print(f"{name:<34}{label} {value:.2f} (target {bound} {target}): {'met' if met else 'NOT MET'}")
