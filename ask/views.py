"""The question box's pages: the answer (a public GET page, cacheable: it depends only on its address and
carries no per-reader token) and the private form that sends an unanswered question to the editors."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from articles import selectors as article_selectors
from articles.models import Article
from articles.views import _count_report, _over_limit, client_hash, private
from ask import retrieval, selectors, services
from ask.forms import SendQuestionForm
from ask.models import Wording
from pagecache import placeholder, prepared_rows, public_page

QUESTIONS_PER_HOUR: int = getattr(settings, "VETTED_ASK_QUESTIONS_PER_HOUR", 5)
TOO_LONG_MESSAGE = "Please keep your question under {limit} characters."
STARTING_MESSAGE = "The question box is starting up. Please ask again in a minute."
THROTTLE_MESSAGE = "You have sent {limit} questions in the last hour, which is our limit. Please try again in an hour."


def _reader(params) -> tuple:
    """The audience asked for (else the default) and the article page the box was used on, if published."""
    options = article_selectors.audiences()
    audience = next((option for option in options if option.slug == params.get("audience")), None)
    audience = audience or article_selectors.default_audience(options)
    on = params.get("on", "")[:200]
    rows = prepared_rows("ask_asked_on", _published_by_slug, slug=on) if on else []
    return audience, Article.from_db(DEFAULT_DB_ALIAS, ["id", "slug"], rows[0]) if rows else None


def _published_by_slug():
    published = Article.objects.filter(slug=placeholder("slug"), published_revision__isnull=False)
    return published.values_list("id", "slug")[:1]


@require_safe
@public_page
def ask(request):
    """Emergency message first; else up to three quoted passages; else an honest refusal with a way on."""
    question = " ".join(request.GET.get("q", "").split())
    audience, article = _reader(request.GET)
    context = {"question": question, "audience": audience, "on": article.slug if article else ""}
    if len(question) > retrieval.MAX_QUESTION_LENGTH:
        context["error"] = TOO_LONG_MESSAGE.format(limit=retrieval.MAX_QUESTION_LENGTH)
        return render(request, "ask/answer.html", context, status=400)
    if not question:
        return render(request, "ask/answer.html", context)
    try:
        result = retrieval.answer(question, audience.register, asked_on_article_id=article.pk if article else None)
    except retrieval.IndexBuilding:  # a 503 is never cached (pagecache stores 200s only)
        context["error"] = STARTING_MESSAGE
        response = render(request, "ask/answer.html", context, status=503)
        response["Retry-After"] = "30"
        return response
    vocabulary = result.vocabulary
    context.update(
        answered=True,
        emergency=result.emergency,
        urgent_message=vocabulary.sentence(Wording.Kind.URGENT_MESSAGE),
        notice=vocabulary.sentence(Wording.Kind.ANSWER_NOTICE),
        refusal=vocabulary.sentence(Wording.Kind.REFUSAL),
        quotes=selectors.quotes(result.hits, audience.slug),
        send_url=reverse("ask:send") + "?" + urlencode({"q": question, "audience": audience.slug, **_on(article)}),
    )
    return render(request, "ask/answer.html", context)


def _on(article) -> dict:
    return {"on": article.slug} if article else {}


@require_http_methods(["GET", "POST"])
def send(request):
    """The reader sends an unanswered question to the editors: a private page with its own CSRF token."""
    params = request.POST if request.method == "POST" else request.GET
    audience, article = _reader(params)
    context = {"audience": audience, "on": article.slug if article else "", "limit": QUESTIONS_PER_HOUR}
    if request.method == "GET":
        context["form"] = SendQuestionForm(initial={"q": params.get("q", "")[: retrieval.MAX_QUESTION_LENGTH]})
        return private(render(request, "ask/send.html", context))
    digest = "ask:" + client_hash(request)  # counted apart from reader reports
    if _over_limit(digest, QUESTIONS_PER_HOUR):
        context["message"] = THROTTLE_MESSAGE.format(limit=QUESTIONS_PER_HOUR)
        return private(render(request, "ask/throttled.html", context, status=429))
    form = SendQuestionForm(request.POST)
    if form.is_trap_filled:
        _count_report(digest)  # a bot: answer as if it worked, store nothing
        return private(render(request, "ask/sent.html", context))
    if not form.is_valid():
        context["form"] = form
        return private(render(request, "ask/send.html", context, status=400))
    services.question_send(
        text=form.cleaned_data["q"],
        audience_slug=audience.slug,
        asked_on=article.slug if article else "",
        email=form.cleaned_data["email"],
    )
    _count_report(digest)
    return private(render(request, "ask/sent.html", context))
