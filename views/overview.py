"""总览 Overview: headline cards per region, each with its year and qualifier."""

from __future__ import annotations

import streamlit as st

from dashboard import cards, data, state, widgets
from dashboard.i18n import t

lang = state.lang()
revision = data.revision()
regions = widgets.region_picker(cards.screen(revision).regions, lang)

st.title(t("overview.title", lang))
st.caption(t("overview.intro", lang))
cards.draw(revision, regions, lang)
