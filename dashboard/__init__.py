"""The Streamlit dashboard's library: pages lay out, these modules load, label, draw and export."""
