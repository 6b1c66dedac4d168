"""PAIR hosting options appraisal: a pure-Python engine (no streamlit imports).

The engine loads human-edited data (``criteria/``, ``regions/``, ``assumptions/``),
validates it into immutable problems and returns result objects that keep every
intermediate, so the UI, the reports and the CLI read results and never recompute.
"""

__version__ = "0.1.0"
