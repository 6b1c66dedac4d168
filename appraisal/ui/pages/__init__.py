"""App pages, discovered by ``appraisal.ui.shell.discover_pages``.

Convention: each module here defines

    PAGE = {"key": "overview", "title_key": "page.overview.title",
            "icon": ":material/map:", "order": 10}

and ``render() -> None``. Pages are shown in ``order``; ``key`` is the URL path.
Strings come from the message catalogue (``state.tr``), never literal English.
"""
