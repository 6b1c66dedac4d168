"""The baseline of ``bench_browser.py``'s cold first page: the least a Streamlit page
costs in this browser on this machine.

One title and one paragraph, nothing computed: what is left of the wait is Streamlit's
own start in the browser (its JavaScript, the websocket, the first script run). The
app's Overview draws no chart or grid library either (its schematic is server-drawn
SVG, its tables HTML), so this is the floor it is measured against
(``streamlit run benchmarks/floor_page.py``)."""

import streamlit as st

st.title("Baseline")
st.markdown("A bare page: a title and this paragraph, nothing computed.")
