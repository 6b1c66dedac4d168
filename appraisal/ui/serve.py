"""Start the app warm: ``python -m appraisal.ui.serve [streamlit run flags]``.

``streamlit run app.py`` starts listening at once and does everything the first page
needs (importing the pages, pandas, SciPy, plotly and SQLAlchemy; loading the data folder,
which solves the MACBETH scales' linear programmes; the seven regions' SMAA the Overview
shows; the Wales schematic) while the first person waits: about 5 s on the CI machine.
This launcher does that work *before* the server listens, by running the app script once,
headless, in this process (Streamlit's ``AppTest`` runs the real ``app.py``, so what is
warmed is exactly what a first page does, in English and in Welsh). Everything it leaves
behind is process-wide and shared by every browser session: the imported modules, the
``st.cache_resource`` entries (the dataset, the run's results, the presenters) and the
engine's memo (:mod:`appraisal.memo`). Then it hands over to ``streamlit run``.

A warm-up that fails is reported on stderr and the server starts anyway (cold): a page
that cannot be prepared still says what went wrong when it is opened.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app.py"

#: The first pages a person opens: the Overview, in each language.
WARM_LANGUAGES = ("en", "cy")


def warm(
    app: Path = APP, languages: tuple[str, ...] = WARM_LANGUAGES, timeout: float = 300
) -> dict[str, float]:
    """Run ``app`` once per language, headless, in this process; seconds each took.

    Raises whatever the run raised (the caller decides whether to start anyway)."""
    import logging

    from streamlit.testing.v1 import AppTest

    # AppTest reads the cache from the main thread, outside a script run: Streamlit says
    # so once per call ("missing ScriptRunContext"), which is expected here.
    # (a filter, not a level: Streamlit resets its loggers' levels when it reads config)
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda rec: "missing ScriptRunContext" not in rec.getMessage()
    )
    took: dict[str, float] = {}
    for lang in languages:
        t0 = time.perf_counter()
        at = AppTest.from_file(str(app), default_timeout=timeout)
        at.query_params["lang"] = lang
        at.run()
        if at.exception:
            raise RuntimeError(f"the {lang} first page failed: {at.exception[0].message}")
        took[lang] = time.perf_counter() - t0
    return took


def main(argv: list[str] | None = None) -> None:
    """Warm up, then ``streamlit run app.py`` with ``argv`` (Streamlit's own flags)."""
    args = list(sys.argv[1:] if argv is None else argv)
    from appraisal.i18n import t

    t0 = time.perf_counter()
    try:
        took = warm()
        parts = ", ".join(f"{lang} {s:.1f}" for lang, s in took.items())
        print(t("serve.warm.done", seconds=f"{time.perf_counter() - t0:.1f}", parts=parts), flush=True)
    except Exception as exc:  # noqa: BLE001 - start cold rather than not at all
        print(t("serve.warm.failed", error=f"{type(exc).__name__}: {exc}"), file=sys.stderr, flush=True)
    from streamlit import config
    from streamlit.web import cli

    # The warm-up read Streamlit's config without the command-line flags; forget it so
    # ``streamlit run`` reads it afresh (else it warns that the [server] section changed
    # and asks for a restart, although no server has started yet).
    config._config_options = None
    sys.argv = ["streamlit", "run", str(APP), *args]
    cli.main()


if __name__ == "__main__":
    main()
