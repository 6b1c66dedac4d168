"""Streamlit entry point for the PAIR hosting appraisal: ``streamlit run app.py``.

Thin by design: page config, links (query parameters), the sidebar region selector
and navigation are set up in ``appraisal.ui.shell``; every page lives in
``appraisal/ui/pages/`` and is discovered there.
"""

from appraisal.ui.shell import main

main()
