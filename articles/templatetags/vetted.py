from django import template
from django.utils.safestring import mark_safe

from articles.rendering import render_markdown_memoised

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Render Markdown through the sanitising path (articles.rendering)."""
    return mark_safe(render_markdown_memoised(str(text or "")))  # noqa: S308 - sanitised by nh3 in render_markdown
