"""The Streamlit dashboard's library: views lay out, these modules load, label, draw and export."""
