"""``style.place_labels``: labels beside markers of any size, clear of each other, of every
marker and of the plot's edges at every width asked for (or None when ``strict`` and no
clear placement exists)."""

from __future__ import annotations

import itertools

from appraisal.charts import style as S


def _boxes_at(points, boxes, places, width, height):
    pts = [(fx * width, (1 - fy) * height) for fx, fy in points]
    return pts, [S.label_box_at(p, b, q) for p, b, q in zip(pts, boxes, places)]


def _clear(points, radii, boxes, places, widths, height) -> list[str]:
    bad = []
    for w in widths:
        pts, bx = _boxes_at(points, boxes, places, w, height)
        marks = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(pts, radii)]
        for i, b in enumerate(bx):
            if b[0] < 0 or b[1] < 0 or b[2] > w or b[3] > height:
                bad.append(f"{w}: label {i} outside")
            bad += [
                f"{w}: label {i} on marker {j}" for j, m in enumerate(marks) if j != i and S._overlap(b, m)
            ]
        bad += [
            f"{w}: labels {i} and {j}"
            for i, j in itertools.combinations(range(len(bx)), 2)
            if S._overlap(bx[i], bx[j])
        ]
    return bad


def test_a_crowded_cluster_is_placed_clear_at_every_width() -> None:
    points = [(0.5, 0.9), (0.6, 0.6), (0.25, 0.55), (0.33, 0.28), (0.58, 0.33), (0.72, 0.13), (0.88, 0.35)]
    radii = [36, 23, 30, 31, 32, 35, 37]
    boxes = [S.label_box_px(["Cardiff and Vale", "4,793 births", "77% covered"], 14, bold_first=True)] * 7
    widths, height = (334.0, 480.0, 640.0), 680.0
    places = S.place_labels(points, radii, boxes, widths=widths, height=height)
    assert places is not None and len(places) == 7
    assert _clear(points, radii, boxes, places, widths, height) == []
    # deterministic
    assert S.place_labels(points, radii, boxes, widths=widths, height=height) == places


def test_a_lone_label_goes_beside_its_marker_and_flips_at_the_right_edge() -> None:
    box = S.label_box_px(["Powys"], 14)
    ((xa, ya, dx, dy),) = S.place_labels([(0.2, 0.5)], [20], [box], widths=(300.0,), height=200.0)
    assert (xa, ya, dy) == ("left", "middle", 0.0) and dx > 20
    ((xa, ya, dx, dy),) = S.place_labels([(0.97, 0.5)], [20], [box], widths=(300.0,), height=200.0)
    assert (xa, ya) == ("right", "middle") and dx < -20


def test_strict_says_when_no_clear_placement_exists() -> None:
    # two big markers touching, each with a label wider than the whole plot
    wide = S.label_box_px(["x" * 60], 14)
    points, radii = [(0.45, 0.5), (0.55, 0.5)], [40, 40]
    assert S.place_labels(points, radii, [wide, wide], widths=(200.0,), height=120.0, strict=True) is None
    # not strict: still one place each (the least bad)
    assert len(S.place_labels(points, radii, [wide, wide], widths=(200.0,), height=120.0)) == 2


def test_label_box_px_grows_with_lines_and_a_bold_first_line() -> None:
    w1, h1 = S.label_box_px(["Gwent"], 14)
    w2, h2 = S.label_box_px(["Gwent", "5,881 births"], 14)
    wb, _ = S.label_box_px(["Gwent"], 14, bold_first=True)
    assert h2 > h1 and w2 > w1 and wb > w1
