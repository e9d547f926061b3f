"""Topics, as articles and disclosures write them: semicolon-separated words compared without case."""

from __future__ import annotations


def split_topics(text: str) -> frozenset[str]:
    """'Kidney; dosing ' -> {'kidney', 'dosing'}."""
    return frozenset(topic.strip().lower() for topic in (text or "").split(";") if topic.strip())
