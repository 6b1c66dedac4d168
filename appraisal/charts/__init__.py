"""Chart builders shared by the app and the reports (plotly for interactive output,
matplotlib for static figures in DOCX/PDF). No streamlit here: figures are returned,
and each chart also has a table equivalent built from the same result object."""
