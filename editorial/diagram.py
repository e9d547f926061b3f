"""The workflow as a Mermaid diagram and a table, generated from the django-fsm transitions.

The README embeds both between markers; tests/editorial/test_diagram.py fails when they drift, and
``python manage.py workflow_diagram --write`` refreshes them.
"""

from pathlib import Path

from django.conf import settings

from editorial.models import Revision
from editorial.rules import RULES, State

START, END = "<!-- workflow:start -->", "<!-- workflow:end -->"


def _node(state: str) -> str:
    return State(state).name


def fsm_edges() -> list[tuple[str, str, str]]:
    """(source, target, action) for every transition declared on Revision.state, in declaration order."""
    edges = []
    for transition in Revision._meta.get_field("state").get_all_transitions(Revision):
        edges.append((transition.source, transition.target, transition.name))
    order = list(RULES)
    return sorted(edges, key=lambda edge: (order.index(edge[2]), list(State).index(edge[0])))


def workflow_markdown() -> str:
    lines = ["```mermaid", "stateDiagram-v2", f"    [*] --> {_node(State.DRAFT)}"]
    for source, target, action in fsm_edges():
        lines.append(f"    {_node(source)} --> {_node(target)}: {action}")
    for state in (State.REJECTED, State.SUPERSEDED, State.WITHDRAWN):
        lines.append(f"    {_node(state)} --> [*]")
    lines += ["```", "", "| transition | from | to | who | comment |", "|---|---|---|---|---|"]
    for rule in RULES.values():
        sources = ", ".join(State(s).label for s in rule.sources)
        comment = "required" if rule.comment_required else "optional"
        lines.append(f"| {rule.action} | {sources} | {State(rule.target).label} | {rule.who} | {comment} |")
    return "\n".join(lines)


def readme_path() -> Path:
    return Path(settings.BASE_DIR) / "README.md"


def readme_block(text: str) -> str:
    start, end = text.index(START) + len(START), text.index(END)
    return text[start:end].strip()


def write_readme() -> None:
    path = readme_path()
    text = path.read_text()
    start, end = text.index(START) + len(START), text.index(END)
    path.write_text(text[:start] + "\n" + workflow_markdown() + "\n" + text[end:])
