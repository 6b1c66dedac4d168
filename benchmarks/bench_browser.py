"""What a person waits for in a real browser: headless Chromium against the running app.

Starts the app (``python -m appraisal.ui.serve``, as ``make run`` does, on a free local port, through the browser tests'
``serve_app``), opens it in the system Chromium (``/usr/bin/chromium`` through Playwright;
no browser is downloaded, nothing is fetched from outside this machine) and times:

1. **cold first page**: ``page.goto`` on a server that has just started (started as
   ``make run`` starts it, ``python -m appraisal.ui.serve``: the first page is prepared in
   the server process before it listens, and that start-up time is printed too; no browser
   session has been served yet) until the Overview's content is on show: its title (``h1``), the app no longer
   running (``stApp[data-test-script-state=notRunning]``) and every chart on show drawn
   (the schematic ``st-key-overview_map``, server-drawn SVG, and every grid on show
   drawn too). Reported beside it: the same
   for a second browser session on the now-warm server, and where the cold wait goes.
2. **slider to ranking**: on the Criteria and weights page, one weight slider (the panel
   the page opens with: swing weights; ``--panel points`` for the points sliders) is
   focused and moved one step with ArrowRight, ``--moves`` times (one warm-up move before
   them, which also reruns the whole app: the sidebar changes to 'your own weights').
   For each move the page records ``performance.now()`` at the ``keydown`` and at the
   first DOM change inside the live ranking chart (``st-key-weights_ranking_chart``, a
   ``MutationObserver`` installed with ``page.evaluate``); the rerun's end (the script
   state back to ``notRunning``), the websocket traffic (a wrapped ``WebSocket``: when the
   rerun request left, how many bytes came back) and the main thread's long tasks are
   recorded with the same clock, to say where the wait goes. So are the frames as the
   network saw them (a CDP session: when the ranking chart's delta and the rerun's last
   frame left the server) and the CPU the server and Chromium used during each move
   (``/proc``).
3. **page switch, warm**: Overview -> Criteria and weights -> Results -> Robustness ->
   Overview through the sidebar links, three rounds; the first round (each page's first
   visit in the session) is reported, the median of the other two is the figure. Timed
   from the click to the new page's content on show (as in 1).
4. **baseline**: the same cold open of ``benchmarks/floor_page.py`` (a bare Streamlit
   page: a title and a paragraph; nothing computed) on its own server, in the same
   browser: what any Streamlit page costs here before the app does anything. Printed
   beside 1 as a ratio.

Beside them, in this process after the server has stopped, the server-side figures for
the same kind of change: the engine (``run(dataset, inputs)`` with the moved weight, the
memo warm, plus the region's SMAA the page shows) and the server rerun of the weights
page (Streamlit's ``AppTest``: ``at.run()`` after the slider is set; a swing move reruns
only the live-ranking fragment, keyed from the slider's callback, in AppTest as in the
browser; a points move reruns the editor fragment in the browser and the whole script in
AppTest, an upper bound).

Run: ``.venv/bin/python benchmarks/bench_browser.py [--moves 20] [--lang en|cy]
[--panel swing|points] [--strict]``. Targets (issue 15): slider to ranking median
<= 300 ms and p90 <= 600 ms; cold first page <= 3 s; warm page switch median <= 1 s;
server rerun <= 2x the engine. Exit status 0 unless ``--strict`` and a target is missed
(or the app fails); a missing Chromium or Playwright is reported and skipped.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import base64  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ui.browser_support import ARGS, CHROMIUM, VIEWPORT, chromium_present, serve_app  # noqa: E402

REGION = "gwent"
CRITERION = "equitable_coverage"  # 60 swing points in the data: room to move either way
SLIDER_MEDIAN_MS, SLIDER_P90_MS = 300.0, 600.0
COLD_S, SWITCH_S, RATIO_MAX = 3.0, 1.0, 2.0
#: the pages cycled through in 3 (page keys, as in the sidebar, in this order)
CYCLE = ("weights", "results", "robustness", "overview")
TIMEOUT_MS = 120_000
RANK_KEY = "weights_ranking_chart"

#: Installed before the app's own scripts in every document: one clock (the page's
#: ``performance.now()``) for key presses, clicks, websocket messages, the script state
#: and long tasks. The WebSocket subclass only records; it changes nothing it passes on.
INIT_JS = r"""
(() => {
  const B = window.__bench = {keys: [], clicks: [], ws: [], states: [], muts: [], stale: [], longtasks: []};
  const now = () => performance.now();
  document.addEventListener('keydown', () => B.keys.push(now()), true);
  document.addEventListener('click', () => B.clicks.push(now()), true);
  const size = (d) => (d == null ? 0 : (d.byteLength ?? d.size ?? d.length ?? 0));
  const Orig = window.WebSocket;
  class Recorded extends Orig {
    constructor(...a) {
      super(...a);
      this.addEventListener('message', (e) => B.ws.push(['in', now(), size(e.data)]));
    }
    send(d) { B.ws.push(['out', now(), size(d)]); return super.send(d); }
  }
  window.WebSocket = Recorded;
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) B.longtasks.push([e.startTime, e.duration]); })
      .observe({type: 'longtask', buffered: true});
  } catch (e) { /* no long-task timing in this browser */ }
  const watch = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return false;
    const rec = () => B.states.push([now(), app.getAttribute('data-test-script-state')]);
    rec();
    new MutationObserver(rec).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    return true;
  };
  const seek = new MutationObserver(() => { if (watch()) seek.disconnect(); });
  document.addEventListener('DOMContentLoaded', () => {
    if (!watch()) seek.observe(document.documentElement, {childList: true, subtree: true});
  });
})();
"""

#: True (and the time noted in ``__bench.readyT``) once the page titled ``title`` is on
#: show: the title, the app not running, every chart on show drawn, ``need`` drawn.
#: The Overview's schematic, drawn (server-side SVG: ``appraisal/charts/wales.py``).
MAP_SEL = ".st-key-overview_map svg.pair-schematic-plot"

READY_JS = r"""
([title, need]) => {
  const h = document.querySelector('h1');
  if (!h || h.innerText.trim() !== title) return false;
  if (!document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')) return false;
  if (need && !document.querySelector(need)) return false;
  const shown = (sel) => [...document.querySelectorAll(sel)].filter((e) => e.offsetParent !== null);
  if (!shown('.js-plotly-plot').every((e) => e.querySelector('.main-svg'))) return false;
  // a grid in a closed expander or a hidden tab draws no canvas until it is shown
  const grids = shown('[data-testid="stDataFrame"]').filter((e) => e.checkVisibility());
  if (!grids.every((e) => e.querySelector('canvas'))) return false;
  window.__bench.readyT = performance.now();
  return true;
}
"""

#: Watch the ranking chart: any change inside it (not the container's own stale flag).
OBSERVE_JS = r"""
(sel) => {
  const B = window.__bench;
  const box = document.querySelector(sel);
  if (!box) return false;
  if (B.rankObserver) B.rankObserver.disconnect();
  B.rankBox = box;
  B.rankObserver = new MutationObserver((list) => {
    const t = performance.now();
    for (const m of list) {
      if (m.target === box) B.stale.push([t, box.getAttribute('data-stale')]);
      else { B.muts.push(t); break; }
    }
  });
  B.rankObserver.observe(box, {attributes: true, childList: true, subtree: true, characterData: true});
  return true;
}
"""

#: A move is over once the rerun the key started has finished and the ranking chart has
#: changed, or 1.5 s after the rerun ended without a change.
MOVE_DONE_JS = r"""
() => {
  const B = window.__bench;
  const k = B.keys[B.keys.length - 1];
  if (k === undefined) return false;
  const run = B.states.findIndex(([t, s]) => t >= k && s === 'running');
  if (run < 0) return false;
  const done = B.states.slice(run).find(([t, s]) => s === 'notRunning');
  if (!done) return false;
  return B.muts.some((t) => t >= k) || performance.now() - done[0] > 1500;
}
"""

BARS_JS = r"""
(sel) => [...(document.querySelector(sel)?.querySelectorAll('text.bartext, text.pair-bars-value') ?? [])].map((e) => e.textContent.trim())
"""


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0-100)."""
    s = sorted(values)
    return s[max(0, math.ceil(q / 100 * len(s)) - 1)]


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_by_side() -> dict[str, float]:
    """CPU seconds used so far by this process's descendants: the app server (the
    ``streamlit run`` child) and the browser (Playwright's driver, Chromium and its
    renderers). Read from /proc (zeros without it)."""
    procs: dict[int, tuple[int, float, str]] = {}
    for d in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not d.isdigit():
            continue
        try:
            stat = Path(f"/proc/{d}/stat").read_text()
            cmd = Path(f"/proc/{d}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        f = stat[stat.rindex(")") + 2 :].split()
        procs[int(d)] = (int(f[1]), (int(f[11]) + int(f[12])) / _TICK, cmd)
    me = os.getpid()
    out = {"server": 0.0, "browser": 0.0}
    for pid, (_pp, cpu, _cmd) in procs.items():
        chain, p = [], pid
        while p in procs and p != me and len(chain) < 64:
            chain.append(p)
            p = procs[p][0]
        if p != me or not chain:
            continue
        top = procs[chain[-1]][2]  # the direct child of this process the tree hangs from
        server = " streamlit run " in f" {top} " or " appraisal.ui.serve " in f" {top} "
        out["server" if server else "browser"] += cpu
    return out


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _reset(pg) -> None:
    pg.evaluate(
        "() => { const B = window.__bench; B.keys = []; B.clicks = []; B.ws = []; B.states = []; "
        "B.muts = []; B.stale = []; B.longtasks = []; B.readyT = undefined; }"
    )


def _bench(pg) -> dict:
    return pg.evaluate(
        "() => { const B = window.__bench; return {keys: B.keys, clicks: B.clicks, ws: B.ws, "
        "states: B.states, muts: B.muts, stale: B.stale, longtasks: B.longtasks, readyT: B.readyT ?? null}; }"
    )


def _wait_ready(pg, title: str, need: str | None = None) -> None:
    pg.wait_for_function(READY_JS, arg=[title, need], timeout=TIMEOUT_MS, polling="raf")


def open_cold(pg, url: str, title: str) -> dict:
    """goto -> the Overview on show; seconds, and the page-side steps of the wait."""
    t0 = time.perf_counter()
    pg.goto(url)
    _wait_ready(pg, title, MAP_SEL)
    wall = time.perf_counter() - t0
    b = _bench(pg)
    outs = [t for d, t, _ in b["ws"] if d == "out"]
    ins = [(t, n) for d, t, n in b["ws"] if d == "in"]
    first_run = next((t for t, s in b["states"] if s == "running"), None)
    done = next((t for t, s in b["states"] if s == "notRunning" and first_run and t > first_run), None)
    return {
        "wall_s": wall,
        "ws_first_send_ms": outs[0] if outs else None,  # the app's JS up, the session asked for
        "first_message_ms": ins[0][0] if ins else None,
        "script_done_ms": done,
        "ready_ms": b["readyT"],
        "bytes_in": sum(n for _, n in ins),
        "messages_in": len(ins),
        "longtask_ms": sum(d for _, d in b["longtasks"]),
    }


def switch(pg, lang: str, key: str) -> float:
    """Click the sidebar link of page ``key``; ms from the click to its content on show."""
    from appraisal.i18n import t

    title = t(f"page.{key}.title", lang)
    _reset(pg)
    pg.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
    _wait_ready(pg, title, MAP_SEL if key == "overview" else None)
    b = _bench(pg)
    return b["readyT"] - b["clicks"][-1]


def _frame(resp: dict) -> tuple[int, bool]:
    """A websocket frame's size and whether it carries the ranking chart (its element id
    ends in the chart's key)."""
    data = resp["payloadData"]
    raw = base64.b64decode(data) if resp.get("opcode") == 2 else data.encode()
    return len(raw), RANK_KEY.encode() in raw


def one_move(pg, slider, key: str, rank_sel: str, net: list) -> dict:
    """Press ``key`` on the focused slider; the page-side times of what followed, the
    websocket frames as the network saw them (``net``, filled by a CDP session) and the
    CPU the server and the browser used meanwhile."""
    before = pg.evaluate(BARS_JS, rank_sel)
    if not pg.evaluate("(el) => document.activeElement === el", slider.element_handle()):
        slider.focus()
    _reset(pg)
    net.clear()
    cpu0 = cpu_by_side()
    pg.keyboard.press(key)
    pg.wait_for_function(MOVE_DONE_JS, timeout=TIMEOUT_MS, polling="raf")
    cpu1 = cpu_by_side()
    pg.wait_for_timeout(300)  # let the chart finish redrawing; later changes are noted too
    b = _bench(pg)
    sent_net = next((ts for d, ts, _n, _r in net if d == "out"), None)
    in_net = [(ts, r) for d, ts, _n, r in net if d == "in" and sent_net is not None and ts >= sent_net]
    rank_net = next((ts for ts, r in in_net if r), None)
    k = b["keys"][-1]
    run = next(t for t, s in b["states"] if t >= k and s == "running")
    done = next(t for t, s in b["states"] if t >= run and s == "notRunning")
    muts = [t for t in b["muts"] if t >= k]
    sent = next((t for d, t, _ in b["ws"] if d == "out" and t >= k), None)
    ins = [(t, n) for d, t, n in b["ws"] if d == "in" and t >= k]
    end = max([done, *muts])
    after = pg.evaluate(BARS_JS, rank_sel)
    return {
        "ranking_ms": (muts[0] - k) if muts else None,
        "ranking_last_ms": (muts[-1] - k) if muts else None,
        "send_ms": (sent - k) if sent is not None else None,  # the slider's own delay
        "first_in_ms": (ins[0][0] - k) if ins else None,
        "last_in_ms": (ins[-1][0] - k) if ins else None,
        "done_ms": done - k,
        "bytes_in": sum(n for _, n in ins),
        "messages_in": len(ins),
        "longtask_ms": sum(d for s, d in b["longtasks"] if k <= s <= end),
        "bars_changed": before != after,
        # the network's view (CDP timestamps): rerun request out -> last frame in
        "server_net_ms": 1000 * (in_net[-1][0] - sent_net) if in_net else None,
        "rank_net_ms": 1000 * (rank_net - sent_net) if rank_net is not None else None,
        "server_cpu_ms": 1000 * (cpu1["server"] - cpu0["server"]),
        "browser_cpu_ms": 1000 * (cpu1["browser"] - cpu0["browser"]),
        "value": pg.evaluate("(el) => el.value", slider.element_handle()),
    }


def browser_part(args) -> dict:
    from playwright import sync_api

    from appraisal.i18n import t

    lang = args.lang
    out: dict = {}
    prefix = "w_swing_" if args.panel == "swing" else "w_points_"
    rank_sel = f".st-key-{RANK_KEY}"
    t_start = time.perf_counter()
    with serve_app("streamlit-bench-browser.log") as url, sync_api.sync_playwright() as p:
        out["server_start_s"] = time.perf_counter() - t_start  # launch -> health answers (warm-up included)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            locale = "cy-GB" if lang == "cy" else "en-GB"
            link = f"{url}/?region={REGION}&lang={lang}"
            ctx = browser.new_context(viewport=VIEWPORT, locale=locale)
            ctx.add_init_script(INIT_JS)
            pg = ctx.new_page()
            net: list = []  # (direction, CDP timestamp in s, bytes, carries the ranking chart)
            cdp = ctx.new_cdp_session(pg)
            cdp.send("Network.enable")
            for ev, d in (("Network.webSocketFrameReceived", "in"), ("Network.webSocketFrameSent", "out")):
                cdp.on(ev, lambda e, d=d: net.append((d, e["timestamp"], *_frame(e["response"]))))
            overview = t("page.overview.title", lang)
            out["cold"] = open_cold(pg, link, overview)
            # a second session on the warm server: what the next person waits for
            ctx2 = browser.new_context(viewport=VIEWPORT, locale=locale)
            ctx2.add_init_script(INIT_JS)
            out["second"] = open_cold(ctx2.new_page(), link, overview)
            ctx2.close()
            # 3: page switches, first visits then two warm rounds
            rounds = []
            for _ in range(3):
                rounds.append({key: switch(pg, lang, key) for key in CYCLE})
            out["switch_first"] = rounds[0]
            out["switch_warm"] = rounds[1:]
            # 2: the weights page, one slider
            switch(pg, lang, "weights")
            if args.panel == "points":
                pg.get_by_role("radio", name=t("ui.method.points", lang)).click()
                _wait_ready(pg, t("page.weights.title", lang))
            slider = pg.locator(f".st-key-{prefix}{CRITERION} input[type=range]")
            slider.focus()
            value = float(slider.input_value())
            step = float(slider.get_attribute("step") or 1)
            top = float(slider.get_attribute("max") or 100)
            key = "ArrowRight" if value + (args.moves + 1) * step <= top else "ArrowLeft"
            if not pg.evaluate(OBSERVE_JS, rank_sel):
                raise RuntimeError("no ranking chart (st-key-weights_ranking_chart) on the weights page")
            out["warmup_move"] = one_move(pg, slider, key, rank_sel, net)
            moves = []
            for _ in range(args.moves):
                if not pg.evaluate(f"() => document.querySelector('{rank_sel}') === window.__bench.rankBox"):
                    pg.evaluate(OBSERVE_JS, rank_sel)  # the chart was replaced: watch the new one
                moves.append(one_move(pg, slider, key, rank_sel, net))
            out["moves"] = moves
            out["slider"] = {"criterion": CRITERION, "from": value, "key": key, "step": step}
            out["exceptions"] = pg.locator('[data-testid="stException"]').count()
            ctx.close()
        finally:
            browser.close()
    return out


def server_part(args, values: list[float]) -> dict:
    """Engine (run + the region's SMAA) and AppTest rerun for the same kind of change."""
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    set_log_level("error")
    from appraisal.data import load_dataset
    from appraisal.inputs import WeightInputs
    from appraisal.run import default_inputs, run
    from appraisal.ui import state
    from appraisal.ui.pages.weights import W_SWING

    ds = load_dataset()
    base = default_inputs(ds)
    swing = args.panel == "swing"
    run(ds, base).region(REGION).smaa  # noqa: B018 - warm the memo (economics, defaults)
    pts = dict(base.weights.points)
    run_ms, engine_ms = [], []
    for v in values:
        pts[CRITERION] = v + 0.25  # not a value the memo has seen
        weights = (
            WeightInputs("swing", dict(pts), {"swings": dict(pts)})
            if swing
            else WeightInputs("points", dict(pts))
        )
        t0 = time.perf_counter()
        res = run(ds, base.with_changes(weights=weights))
        t1 = time.perf_counter()
        res.region(REGION).smaa  # noqa: B018 - the ranking and the live SMAA the page shows
        t2 = time.perf_counter()
        run_ms.append(1000 * (t1 - t0))
        engine_ms.append(1000 * (t2 - t0))

    def _app() -> None:  # runs inside AppTest
        from appraisal.ui.shell import main

        main(default_page="weights")

    at = AppTest.from_function(_app, default_timeout=60)
    at.query_params["region"] = REGION
    at.query_params["lang"] = args.lang
    at.run()
    if at.exception:
        raise RuntimeError(f"the app failed in AppTest: {at.exception[0].value}")
    if not swing:
        at.segmented_control(key="w_weights_method_view").set_value("points").run()
    wkey = (W_SWING if swing else state.W_POINTS) + CRITERION
    at.slider(key=wkey).set_value(values[0] - 1 if swing else values[0] - 0.5).run()  # warm-up
    rerun_ms = []
    for v in values:
        at.slider(key=wkey).set_value(v)
        t0 = time.perf_counter()
        at.run()
        rerun_ms.append(1000 * (time.perf_counter() - t0))
        if at.exception:
            raise RuntimeError(f"rerun failed in AppTest: {at.exception[0].value}")
        if not at.slider:  # a keyed rerun drew only the ranking: draw the page (untimed)
            at.run()
    return {"run_ms": run_ms, "engine_ms": engine_ms, "rerun_ms": rerun_ms}


def _ms(v: float | None) -> str:
    return "-" if v is None else f"{v:.0f}"


def floor_part(lang: str) -> dict:
    """The baseline, in the same browser build and on the same machine: a bare Streamlit
    page, a title and a paragraph (``benchmarks/floor_page.py``), opened cold
    as in 1, twice (fresh browser contexts)."""
    from playwright import sync_api

    with serve_app("streamlit-bench-floor.log", script="benchmarks/floor_page.py") as url:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            try:
                out = []
                for _ in range(2):
                    ctx = browser.new_context(viewport=VIEWPORT, locale="cy-GB" if lang == "cy" else "en-GB")
                    ctx.add_init_script(INIT_JS)
                    pg = ctx.new_page()
                    t0 = time.perf_counter()
                    pg.goto(url)
                    _wait_ready(pg, "Baseline")
                    out.append(time.perf_counter() - t0)
                    ctx.close()
            finally:
                browser.close()
    return {"cold_s": out[0], "second_s": out[1]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moves", type=int, default=20, help="slider moves timed (after one warm-up move)")
    ap.add_argument("--lang", choices=("en", "cy"), default="en")
    ap.add_argument("--panel", choices=("swing", "points"), default="swing", help="which weight sliders")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)
    if args.moves < 1:
        ap.error("--moves must be at least 1")
    sfx = "" if args.lang == "en" else f"_{args.lang}"
    if not chromium_present():
        print(f"SKIP bench_browser: {CHROMIUM} not found (reported, no target)")
        return 0
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        print("SKIP bench_browser: playwright is not installed (reported, no target)")
        return 0
    print(
        f"python {platform.python_version()}, {os.cpu_count()} CPUs, lang {args.lang}, region {REGION}, "
        f"{args.panel} panel, load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    b = browser_part(args)
    load_mid = os.getloadavg()
    fl = floor_part(args.lang)
    s0 = b["slider"]
    sign = 1 if s0["key"] == "ArrowRight" else -1
    values = [s0["from"] + sign * s0["step"] * (k + 2) for k in range(args.moves)]  # as in the browser
    s = server_part(args, values)

    # ---- 1. cold first page
    c, c2 = b["cold"], b["second"]
    print(
        f"cold first page (server just started): {c['wall_s']:.2f} s from goto to the Overview on show; "
        f"page side: JS up and session asked for at {_ms(c['ws_first_send_ms'])} ms, first message "
        f"{_ms(c['first_message_ms'])} ms, script done {_ms(c['script_done_ms'])} ms, on show "
        f"{_ms(c['ready_ms'])} ms; {c['messages_in']} messages, {c['bytes_in'] / 1e3:.0f} kB; long tasks "
        f"{c['longtask_ms']:.0f} ms"
    )
    print(
        f"baseline (benchmarks/floor_page.py: a bare Streamlit page, a title and a paragraph, "
        f"nothing computed), same browser: first session {fl['cold_s']:.2f} s, second {fl['second_s']:.2f} s; "
        f"the app's cold first page is {c['wall_s'] / fl['cold_s']:.2f}x it, the second session "
        f"{c2['wall_s'] / fl['second_s']:.2f}x"
    )
    print(
        f"server start (python -m appraisal.ui.serve, as make run: the first page prepared before it "
        f"listens): {b['server_start_s']:.1f} s from launch to the health check answering"
    )
    print(
        f"second session, warm server: {c2['wall_s']:.2f} s (script done {_ms(c2['script_done_ms'])} ms, "
        f"{c2['bytes_in'] / 1e3:.0f} kB, long tasks {c2['longtask_ms']:.0f} ms)"
    )
    # ---- 3. page switches
    first = b["switch_first"]
    warm = [v for r in b["switch_warm"] for v in r.values()]
    print("page switch, first visit: " + ", ".join(f"{k} {v:.0f} ms" for k, v in first.items()))
    per_page = {k: [r[k] for r in b["switch_warm"]] for k in CYCLE}
    print(
        "page switch, warm (2 rounds): "
        + ", ".join(f"{k} {'/'.join(f'{x:.0f}' for x in v)} ms" for k, v in per_page.items())
    )
    # ---- 2. slider to ranking
    w = b["warmup_move"]
    print(
        f"warm-up move (reruns the whole app): ranking {_ms(w['ranking_ms'])} ms, rerun done "
        f"{_ms(w['done_ms'])} ms, {w['bytes_in'] / 1e3:.0f} kB"
    )
    moves = b["moves"]
    ranked = [m["ranking_ms"] for m in moves if m["ranking_ms"] is not None]
    unchanged = len(moves) - len(ranked)
    bars = sum(m["bars_changed"] for m in moves)

    def med(key: str) -> float | None:
        vals = [m[key] for m in moves if m[key] is not None]
        return statistics.median(vals) if vals else None

    print(
        f"{len(moves)} moves of {CRITERION} ({s0['key']}, from {s0['from']:g} to {moves[-1]['value']}): "
        f"key -> ranking chart changes median {_ms(med('ranking_ms'))} ms (each: "
        f"{' '.join(_ms(m['ranking_ms']) for m in moves)}); chart done changing {_ms(med('ranking_last_ms'))} ms; "
        f"bar labels changed in {bars}/{len(moves)}; no chart change in {unchanged}"
    )
    print(
        f"  where the wait goes (medians, from the key): rerun request sent {_ms(med('send_ms'))} ms, first "
        f"message back {_ms(med('first_in_ms'))} ms, last message {_ms(med('last_in_ms'))} ms, rerun done "
        f"{_ms(med('done_ms'))} ms; {_ms(med('messages_in'))} messages, {med('bytes_in') / 1e3:.1f} kB a move; "
        f"main-thread long tasks {_ms(med('longtask_ms'))} ms a move"
    )
    print(
        f"  on the network (CDP): the ranking chart's delta left the server {_ms(med('rank_net_ms'))} ms "
        f"after the rerun request, the rerun's last frame {_ms(med('server_net_ms'))} ms; CPU a move: "
        f"server {_ms(med('server_cpu_ms'))} ms, browser (all Chromium processes) {_ms(med('browser_cpu_ms'))} ms"
    )
    if b["exceptions"]:
        print(f"the page showed {b['exceptions']} exception box(es)")
    # ---- 4. server side
    eng, rr, rn = (
        statistics.median(s["engine_ms"]),
        statistics.median(s["rerun_ms"]),
        statistics.median(s["run_ms"]),
    )
    print(
        f"server side, in process, {len(values)} changes: run() {rn:.0f} ms, run() + the region's SMAA "
        f"(what the page reads) {eng:.0f} ms; AppTest rerun of the weights page {rr:.0f} ms (max "
        f"{max(s['rerun_ms']):.0f} ms; a swing move reruns only the ranking fragment, as in the browser)"
    )
    print(f"load average during the browser part: {', '.join(f'{x:.2f}' for x in load_mid)}")

    results = []
    if ranked:
        m50, m90 = statistics.median(ranked), pct(ranked, 90)
        results += [
            (
                f"TIME browser_slider_to_ranking_median{sfx}",
                f"{m50:.0f} ms",
                f"<= {SLIDER_MEDIAN_MS:.0f} ms",
                m50 <= SLIDER_MEDIAN_MS,
            ),
            (
                f"TIME browser_slider_to_ranking_p90{sfx}",
                f"{m90:.0f} ms",
                f"<= {SLIDER_P90_MS:.0f} ms",
                m90 <= SLIDER_P90_MS,
            ),
        ]
    else:
        print(
            f"TIME browser_slider_to_ranking_median{sfx}: the ranking chart never changed (reported, no target)"
        )
    sw = statistics.median(warm) / 1000
    results += [
        (
            f"TIME browser_cold_first_page{sfx}",
            f"{c['wall_s']:.2f} s",
            f"<= {COLD_S:g} s",
            c["wall_s"] <= COLD_S,
        ),
        (f"TIME browser_page_switch_warm_median{sfx}", f"{sw:.2f} s", f"<= {SWITCH_S:g} s", sw <= SWITCH_S),
        (f"RATIO server_rerun/engine{sfx}", f"{rr / eng:.2f}x", f"<= {RATIO_MAX:g}x", rr / eng <= RATIO_MAX),
    ]
    print(f"TIME browser_slider_rerun_done_median{sfx} = {_ms(med('done_ms'))} ms (reported, no target)")
    print(f"TIME browser_second_session_first_page{sfx} = {c2['wall_s']:.2f} s (reported, no target)")
    print(f"TIME browser_baseline_first_page{sfx} = {fl['cold_s']:.2f} s (reported, no target)")
    print(
        f"RATIO browser_cold_first_page/baseline{sfx} = {c['wall_s'] / fl['cold_s']:.2f}x (reported, no target)"
    )
    print(f"TIME server_start{sfx} = {b['server_start_s']:.1f} s (reported, no target)")
    print(f"TIME server_engine_median{sfx} = {eng:.0f} ms (reported, no target)")
    print(f"TIME server_rerun_median{sfx} = {rr:.0f} ms (reported, no target)")
    for name, val, target, ok in results:
        print(f"{name} = {val} (target {target}): {verdict(ok)}")
    missed = not all(ok for *_, ok in results) or not ranked
    return 1 if (args.strict and missed) or b["exceptions"] else 0


if __name__ == "__main__":
    sys.exit(main())
