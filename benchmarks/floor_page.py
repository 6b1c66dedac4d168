"""The baseline of ``bench_browser.py``'s cold first page: the least a Streamlit page
with a chart and a table costs in this browser on this machine.

One title, one small plotly chart and one two-row table, nothing computed: what is left
of the wait is Streamlit's own start in the browser and the chart and grid libraries it
loads on first use (``streamlit run benchmarks/floor_page.py``)."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.title("Baseline")
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2])), key="floor_chart", theme=None)
st.dataframe(pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}), hide_index=True)
