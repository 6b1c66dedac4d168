"""The Streamlit app. Only this package (and app.py) imports streamlit."""
