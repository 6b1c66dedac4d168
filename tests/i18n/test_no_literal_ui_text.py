"""Every user-facing string in the app comes from the message catalogue.

Scans app.py and appraisal/ui/ for a Streamlit call that is passed a literal English
sentence (two or more words) instead of a catalogue entry, and fails naming the file,
line and text. Keyword arguments that are not shown to users (key, format, icon...) are
ignored, as are strings without words (":material/map:", "%.0f", "wide").
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = sorted(p for p in [ROOT / "app.py", *(ROOT / "appraisal" / "ui").rglob("*.py")] if p.exists())
ST_ELEMENTS = {
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "text",
    "write",
    "code",
    "latex",
    "info",
    "warning",
    "error",
    "success",
    "toast",
    "exception",
    "help",
    "button",
    "download_button",
    "link_button",
    "page_link",
    "form_submit_button",
    "checkbox",
    "toggle",
    "radio",
    "selectbox",
    "multiselect",
    "slider",
    "select_slider",
    "text_input",
    "number_input",
    "text_area",
    "date_input",
    "time_input",
    "file_uploader",
    "color_picker",
    "metric",
    "expander",
    "tabs",
    "popover",
    "status",
    "spinner",
    "progress",
    "form",
    "dialog",
    "set_page_config",
    "Page",
    "segmented_control",
    "pills",
    "feedback",
    "chat_input",
    "empty",
    "table",
    "dataframe",
    "data_editor",
    "plotly_chart",
    "image",
    "TextColumn",
    "NumberColumn",
    "ProgressColumn",
    "CheckboxColumn",
    "SelectboxColumn",
    "Column",
    "LinkColumn",
    "ListColumn",
    "BarChartColumn",
    "HtmlColumn",
}
#: Calls whose first positional argument is a key, not text (``HtmlColumn("births", tr(...))``).
KEY_FIRST = {"HtmlColumn"}
IGNORED_KWARGS = {
    "key",
    "format",
    "icon",
    "page_icon",
    "layout",
    "type",
    "url_path",
    "mime",
    "file_name",
    "label_visibility",
    "initial_sidebar_state",
    "width",
    "height",
    "use_container_width",
    "column_order",
    "hide_index",
    "theme",
    "anchor",
    "language",
    "selection_mode",
    "on_click",
    "on_change",
    "args",
    "kwargs",
    "value",
    "options",
    "default",
    "step",
    "min_value",
    "max_value",
    "placeholder_key",
    "id",
    "divider",
    "color",
    "border",
    "gap",
    "vertical_alignment",
}
SENTENCE = re.compile(r"[A-Za-z]{2,}[^A-Za-z]+[A-Za-z]{2,}")


def _literal_texts(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return []


def _is_markup_only(text: str) -> bool:
    """HTML/CSS scaffolding or markdown without words a user reads."""
    stripped = re.sub(r"<[^>]*>|\{[^}]*\}|[#*_`|:\-\s]", "", text)
    return not re.search(r"[A-Za-z]{2,}", stripped)


def find_literals(files: list[Path] | None = None, root: Path = ROOT) -> list[str]:
    found = []
    for path in UI_FILES if files is None else files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in ST_ELEMENTS:
                continue
            positional = node.args[1:] if name in KEY_FIRST else node.args
            args = [*positional, *(k.value for k in node.keywords if k.arg not in IGNORED_KWARGS)]
            for arg in args:
                for text in _literal_texts(arg):
                    if SENTENCE.search(text) and not _is_markup_only(text):
                        rel = path.relative_to(root)
                        found.append(f"{rel}:{node.lineno}: {name}({text[:60]!r})")
    return found


def test_ui_passes_no_literal_english_to_streamlit():
    found = find_literals()
    assert not found, "use state.tr('key') instead of literal text:\n" + "\n".join(found)


def test_the_scanner_catches_a_literal_sentence(tmp_path):
    """The check itself must be able to fail."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        'import streamlit as st\nst.caption("Drag the sliders to change weights")\n'
        'st.slider(tr("ui.w"), key="w_reach", format="%d points")\n'
        'HtmlColumn("in_need", "Babies in need", help=tr("ui.help.in_need"))\n'
    )
    assert find_literals([bad], tmp_path) == [
        "bad.py:2: caption('Drag the sliders to change weights')",
        "bad.py:4: HtmlColumn('Babies in need')",
    ]
