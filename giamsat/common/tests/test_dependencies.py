"""The apps depend one way (docs/decisions/0009-app-dependencies.md).

Every module of every app under ``giamsat/`` is parsed with ``ast``; an import of an app later in
``ORDER`` fails, whether it sits at module level or inside a function, and so does a views module
importing another app's views module.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]

# Base layers: anyone may import them, and they import no domain app.
BASE = ("common", "config", "extraction", "formats", "locale")
# The order: an app may import the apps of earlier tiers, never one of its own tier or a later one.
# ``accounts`` is not a base layer: a user belongs to an agency (a foreign key), so it comes right after
# ``agencies``, which knows nothing of users. The api serves the portal's open data, so it comes after it.
ORDER = (
    ("agencies",),
    ("accounts",),
    ("notifications",),
    ("jobs",),
    ("directives",),
    ("reporting",),
    ("indicators",),
    ("explanations",),
    ("monitoring",),
    ("documents", "portal"),
    ("api", "benchdata"),
)
# ``config`` wires every app together (settings, root URLconf): it may import anything.
WIRING = ("config",)


def _rank(app: str) -> int | None:
    for rank, tier in enumerate(ORDER):
        if app in tier:
            return rank
    return None


def _modules():
    """Every module of every app, tests excepted: a test may set up and check the whole project (the merge of
    two agencies moves their tasks; a submitted report changes the task's status)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2 or "migrations" in parts or "tests" in parts:
            continue
        yield parts[0], ".".join(("giamsat", *parts)).removesuffix(".py"), path


def _imported(tree: ast.AST, module: str, path: Path):
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield node.lineno, target
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}"


def _violations():
    found = set()
    for app, module, path in _modules():
        own_rank = _rank(app)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, target in _imported(tree, module, path):
            parts = target.split(".")
            if parts[0] != "giamsat" or len(parts) < 2:
                continue
            other = parts[1]
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            if other == app:
                continue
            if app in BASE and app not in WIRING and other not in BASE:
                found.add(f"{where} base layer {app} imports {target}")
            other_rank = _rank(other)
            if own_rank is not None and other_rank is not None and other_rank >= own_rank:
                found.add(f"{where} {app} imports later or sibling app: {target}")
            own_is_views = path.stem.endswith("views")
            if own_is_views and len(parts) >= 3 and parts[2].endswith("views"):
                found.add(f"{where} a views module imports another app's views: {target}")
    return sorted(found)


def test_every_app_is_in_the_order_or_a_base_layer():
    apps = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    named = set(BASE) | {app for tier in ORDER for app in tier}
    assert apps <= named, f"add these apps to ORDER or BASE: {sorted(apps - named)}"


def test_apps_import_only_earlier_apps():
    assert _violations() == []


def test_imports_inside_functions_and_relative_ones_are_seen():
    source = "def f():\n    from giamsat.monitoring.status import task_status\nfrom ..reporting import views\n"
    path = PACKAGE / "directives" / "views.py"
    found = {target for _, target in _imported(ast.parse(source), "giamsat.directives.views", path)}
    assert {"giamsat.monitoring.status.task_status", "giamsat.reporting.views"} <= found
