"""The shape of the code a newcomer relies on: no import cycles (not even ones hidden by
imports inside functions), and no admin page writing around the services."""

import ast
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.test import RequestFactory

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("claims", "factcheck", "seeds")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict) -> set[str]:
    """Every module of ours that `name` imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # `from pkg import mod` imports the module pkg.mod; `from mod import name` the module.
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def test_no_module_of_ours_imports_itself_back_through_others():
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    cycles, state, stack = [], {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            # A package's __init__ naming its own submodules is how packages are built, not a cycle.
            if nxt.startswith(node + "."):
                continue
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name)
    assert cycles == [], "\n".join(" -> ".join(c) for c in cycles)


def test_the_check_finds_a_cycle_hidden_inside_a_function(tmp_path, monkeypatch):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("from . import b\n")
    (tmp_path / "pkg" / "b.py").write_text("def f():\n    from .a import x\n")
    modules = {"pkg": tmp_path / "pkg/__init__.py", "pkg.a": tmp_path / "pkg/a.py", "pkg.b": tmp_path / "pkg/b.py"}
    assert _imports("pkg.a", modules["pkg.a"], modules) == {"pkg.b"}
    assert _imports("pkg.b", modules["pkg.b"], modules) == {"pkg.a"}


# --- The admin writes only through the services -------------------------------------------------


def _our_model_admins():
    return [
        (model, model_admin) for model, model_admin in admin.site._registry.items() if model._meta.app_label == "claims"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("model, model_admin", _our_model_admins(), ids=lambda x: getattr(x, "__name__", ""))
def test_no_admin_page_saves_or_deletes_around_the_services(model, model_admin, django_user_model):
    """A superuser may do everything the admin offers: whatever it offers to save or delete
    must be the ModelAdmin's own code (calling a service), never Django's default save() or
    delete(), which would skip the history, the version checks and the re-verification."""
    superuser = django_user_model.objects.create_superuser("root-structure", "r@example.org", "x")
    request = RequestFactory().get("/admin/")
    request.user = superuser
    cls = type(model_admin)
    writes = model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
    if writes:
        assert cls.save_model is not ModelAdmin.save_model, f"{cls.__name__} saves with Django's default"
    if model_admin.has_delete_permission(request):
        assert cls.delete_model is not ModelAdmin.delete_model, f"{cls.__name__} deletes with Django's default"
        assert cls.delete_queryset is not ModelAdmin.delete_queryset, f"{cls.__name__}: default 'delete selected'"
    else:
        assert "delete_selected" not in model_admin.get_actions(request)
    for inline in model_admin.get_inline_instances(request):
        assert not (
            inline.has_add_permission(request, None)
            or inline.has_change_permission(request)
            or inline.has_delete_permission(request)
        ), f"{cls.__name__}'s {type(inline).__name__} edits rows"
