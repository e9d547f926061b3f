from editorial.diagram import readme_block, readme_path, workflow_markdown


def test_readme_workflow_diagram_is_generated_from_the_transitions():
    assert readme_block(readme_path().read_text()) == workflow_markdown().strip(), (
        "README.md's workflow block is out of date: run `python manage.py workflow_diagram --write`."
    )


def test_diagram_has_every_transition_edge():
    text = workflow_markdown()
    for edge in ["DRAFT --> SUBMITTED: submit", "UNDER_REVIEW --> APPROVED: approve", "APPROVED --> WITHDRAWN"]:
        assert edge in text
