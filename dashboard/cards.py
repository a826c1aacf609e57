"""The overview's cards: each region's headline figures with their year and qualifier, each
one click from its source; a missing one reads 未报道. Drawn once per selection and
replayed after (dashboard.replay): fifteen cards are some forty elements a rerun."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import streamlit as st

from dashboard import cached, kept, labels, selection
from dashboard.data import Revision
from dashboard.escape import md
from dashboard.i18n import metric_name, region_label, t
from dashboard.replay import replayed


def small(text: str) -> str:
    return f":gray[:small[{text}]]"


class Screen(NamedTuple):
    """What the overview shows of every region with figures."""

    regions: list[str]  # in gazetteer order
    levels: dict[str, str]
    rows: dict[tuple[str, str], dict[str, Any]]  # (region, card) → its row; missing: 未报道


@cached.shared
def screen(revision: Revision) -> Screen:
    """The overview's regions, their levels and every card's row (selection.card_rows: a
    region's cards do not depend on the others chosen). Kept on disk per revision
    (dashboard.kept): a server started again draws its first cards without opening the
    tables."""
    kept_screen = kept.load("overview", revision)
    if isinstance(kept_screen, Screen):
        return kept_screen
    regions = cached.regions_with_figures(revision)
    cards = selection.overview_cards()
    wanted = [m for ids in cards.values() for m in ids]
    rows = selection.card_rows(cached.latest(revision, regions, wanted, "value"), cards)
    built = Screen(regions, cached.levels(revision), rows)
    kept.keep("overview", revision, built)
    return built


@replayed
def draw(revision: Revision, regions: Sequence[str], lang: str) -> None:
    overview = screen(revision)
    levels, found = overview.levels, overview.rows
    cards = selection.overview_cards()
    # One page for every card's link: a link given a file looks the file up on disk each time.
    sources = st.Page("views/sources.py", url_path="sources")
    for region in regions:
        st.subheader(md(region_label(region, levels.get(region, ""), lang)))
        # Bordered columns: a container inside each would be one more block.
        row_of_cards = st.columns(len(cards), border=True)
        for column, (card, metric_ids) in zip(row_of_cards, cards.items(), strict=True):
            row = found.get((region, card))
            with column:
                # One Markdown block per card (name, value, year), not an element each.
                # The metric's own name: a fallback (国家级创新平台 for 创新平台) says what it is.
                if row is None:
                    name = small(t(f"overview.card_{card}", lang))
                    st.markdown(f"{name}\n\n### {t('common.not_reported', lang)}")
                    continue
                # Markdown rather than st.metric: a long value ("est. 947.3 bn yuan") wraps
                # instead of being cut off before its unit.
                value = labels.format_value(
                    row["value"], row["unit"], row["qualifier"], "value", row["estimated"], lang
                )
                lines = [small(metric_name(row["metric_id"], lang)), f"### {md(value)}"]
                if row["metric_id"] != metric_ids[0]:
                    fallback = metric_name(metric_ids[0], lang)
                    lines.append(small(t("overview.fallback", lang, metric=fallback)))
                lines.append(small(labels.format_row_year(row, lang)))
                st.markdown(
                    "\n\n".join(lines), help=t(f"qualifier.{row['qualifier'] or 'exact'}", lang)
                )
                st.page_link(
                    sources,
                    label=t("common.open_source", lang),
                    query_params={"doc": row["doc_id"], "fact": row["fact_id"]},
                )
