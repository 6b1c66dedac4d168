"""The Dockerfile, compose.yaml and .dockerignore are well formed and say what the README says.

No Docker engine runs here or in CI, so the files are parsed, not built: the Dockerfile
instruction by instruction (continuations, JSON-form CMD/HEALTHCHECK, every COPY source
present), compose.yaml as YAML against the parts of the Compose specification it uses
(replicas, healthchecks, depends_on conditions, secrets only from the environment, the
proxy's sticky-session configuration).
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
INSTRUCTIONS = {
    "FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
    "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
}  # fmt: skip
VAR = re.compile(r"\$\{([A-Z0-9_]+)(:?[?-])([^}]*)\}")


def dockerfile() -> list[tuple[int, str, str]]:
    """(line, INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    out, buf, start = [], "", 0
    for n, raw in enumerate((ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not buf and (not line or line.startswith("#")):
            continue
        if not buf:
            start = n
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        buf += line
        word, _, rest = buf.partition(" ")
        out.append((start, word, rest.strip()))
        buf = ""
    assert not buf, "Dockerfile ends inside a continued line"
    return out


def test_dockerfile_parses_and_runs_the_app_as_non_root():
    steps = dockerfile()
    assert steps[0][1] == "FROM" and steps[0][2].startswith("python:3.11")
    for line, word, _ in steps:
        assert word in INSTRUCTIONS and word == word.upper(), f"line {line}: {word}"
    by = {w: [a for _, x, a in steps if x == w] for w in INSTRUCTIONS}
    cmd = json.loads(by["CMD"][-1])  # exec form: a JSON array
    assert cmd[:3] == ["streamlit", "run", "app.py"] and "0.0.0.0" in cmd and "8501" in cmd
    assert by["EXPOSE"] == ["8501"]
    hc = by["HEALTHCHECK"][-1]
    assert "--interval=" in hc and "_stcore/health" in hc
    json.loads(hc[hc.index("CMD") + 3 :].strip())
    users = [i for i, (_, w, _) in enumerate(steps) if w == "USER"]
    assert users and by["USER"][-1] not in ("root", "0") and users[-1] < [w for _, w, _ in steps].index("CMD")
    # requirements (and so psycopg) are installed from the pinned file before the code is copied
    words = [w for _, w, _ in steps]
    assert by["COPY"][0].startswith("requirements.txt") and words.index("RUN") < words.index(
        "COPY", words.index("COPY") + 1
    )
    for args in by["COPY"]:
        *sources, _dest = shlex.split(args)
        for src in sources:
            assert (ROOT / src.rstrip("/")).exists(), f"COPY source {src} does not exist"


def test_dockerignore_keeps_out_saved_work_secrets_and_environments():
    rules = {r.strip() for r in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()}
    rules = {r for r in rules if r and not r.startswith("#")}
    assert {".git", ".venv", "node_modules", "data", "*.sqlite", ".streamlit/secrets.toml"} <= rules
    copied = {shlex.split(a)[0].rstrip("/") for _, w, a in dockerfile() if w == "COPY"}
    assert not copied & rules, "a COPY source is excluded by .dockerignore"


@pytest.fixture(scope="module")
def compose() -> dict:
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    assert isinstance(doc, dict)
    return doc


def test_compose_has_app_replicas_postgresql_and_a_proxy_with_healthchecks(compose):
    assert set(compose) <= {"name", "services", "volumes", "configs", "secrets", "networks"}
    services = compose["services"]
    assert set(services) == {"db", "app", "proxy"}
    for name, svc in services.items():
        hc = svc["healthcheck"]
        assert isinstance(hc["test"], list) and hc["test"][0] in ("CMD", "CMD-SHELL"), name
        for key in ("interval", "timeout"):
            assert re.fullmatch(r"\d+(ms|s|m|h)", hc[key]), (name, key)
    db, app, proxy = services["db"], services["app"], services["proxy"]
    assert db["image"].startswith("postgres:15")
    assert app["build"] == "." and app["deploy"]["replicas"] >= 2
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert proxy["depends_on"]["app"]["condition"] == "service_healthy"
    assert app["environment"]["PAIR_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "@db:5432/" in app["environment"]["PAIR_DATABASE_URL"]
    assert set(compose["volumes"]) == {"pgdata"} and "pgdata:/var/lib/postgresql/data" in db["volumes"]
    for src in (c["source"] for c in proxy["configs"]):
        assert src in compose["configs"]


def test_compose_secrets_come_from_the_environment_only(compose):
    """Every password or secret is a required ``${VAR:?message}``: nothing is written in the
    file, and compose refuses to start without it."""
    seen = set()
    for svc in compose["services"].values():
        for key, value in (svc.get("environment") or {}).items():
            if re.search(r"PASSWORD|SECRET", key) or "://" in str(value):
                found = VAR.findall(str(value))
                assert found and all(op == ":?" for _, op, _ in found), (key, value)
                seen.update(v for v, _, _ in found)
                assert not re.search(r"://[^:@/]+:[^@$]+@", VAR.sub("", str(value)))  # no literal password
    assert seen == {"PAIR_POSTGRES_PASSWORD", "PAIR_FACILITATOR_SECRET", "PAIR_COOKIE_SECRET"}


def test_proxy_config_is_sticky_and_passes_websockets(compose):
    conf = compose["configs"]["nginx_conf"]["content"]
    assert conf.count("{") == conf.count("}")
    assert re.search(r"hash \$\$pair_route consistent;", conf)  # sticky by cookie
    assert "server app:8501;" in conf
    assert "proxy_set_header Upgrade $$http_upgrade;" in conf
    assert "proxy_set_header Connection $$connection_upgrade;" in conf
    # compose interpolation: a lone $ would be read as a variable; all are doubled
    assert not re.search(r"(?<!\$)\$(?!\$)", conf.replace("$$", ""))
