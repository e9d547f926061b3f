"""The review desk's figures for the admin index page."""

from django import template

from editorial import permissions
from editorial.models import RetractionFlag
from editorial.selectors import articles_due_for_review, retraction_queue

register = template.Library()


@register.simple_tag(takes_context=True)
def review_desk_summary(context) -> dict:
    """Counts for the admin index: articles due for review (and overdue), and what the user may open."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not permissions.allowed(user, "use_desk"):
        return {"visible": False}
    due = articles_due_for_review()
    return {
        "visible": True,
        "due": len(due),
        "overdue": sum(1 for article in due if article.is_overdue),
        "dashboard": permissions.allowed(user, "dashboard"),
    }


@register.simple_tag(takes_context=True)
def retraction_queue_summary(context) -> dict:
    """The admin index's link to the "sources retracted" queue, for those the policy lets see it."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not permissions.allowed(user, "view", RetractionFlag):
        return {"visible": False}
    return {"visible": True, "open": retraction_queue().filter(status=RetractionFlag.Status.OPEN).count()}
