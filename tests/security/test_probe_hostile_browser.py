"""Hostile content on every public surface, as Chromium builds it: nothing runs, nothing outside the allow-list.

The hostile page tests read the HTML our server sends; the browser tests loaded only the article page and the
home page. A browser parses (and re-parses: mutation XSS) that HTML into a DOM, and the question box's answer
page, the board pages, search, What's new and the editorial policy page were never opened in one. Here the
whole corpus goes through the workflow into every editor-writable field that reaches them (the article in both
registers, its what-changed note, a board profile, the question box's approved wording), and each page is
loaded with ``alert``/``confirm``/``prompt`` hooked, a ``securitypolicyviolation`` listener, and a walk of
the live DOM for event-handler attributes, inline scripts, embedding elements and script URLs.
"""

import pytest
from django.urls import reverse

from articles.models import Audience, BoardProfile, SitePage
from ask import services as ask_services
from ask.models import Wording
from core.history import save_with_history
from tests.factories import make_article, publish
from tests.hostile.payloads import STORABLE_PAYLOADS as PAYLOADS
from tests.hostile.test_pages import hostile_reference, hostile_sections
from tests.security.test_browser import Watcher

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORPUS = "\n\n".join(PAYLOADS)

# Runs before any page script: records every dialog and CSP violation the page causes.
HOOKS = """
window.__fired = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__fired.push(name + ":" + String(args[0])); };
}
document.addEventListener("securitypolicyviolation", (event) => {
  window.__fired.push("csp:" + event.violatedDirective + ":" + event.blockedURI);
});
"""

# The live DOM, after the browser's parsing: what an injected payload could use to run or load something.
DOM_PROBLEMS = """
() => {
  const problems = [];
  const never = new Set(["IFRAME", "OBJECT", "EMBED", "BASE", "FRAME", "FRAMESET", "APPLET", "META"]);
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"];
  for (const element of document.querySelectorAll("*")) {
    if (never.has(element.tagName) && !(element.tagName === "META" && element.closest("head"))) {
      problems.push("<" + element.tagName + ">");
    }
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) problems.push(element.tagName + " " + name);
      const value = attribute.value.replace(/[\\u0000-\\u0020]+/g, "").toLowerCase();
      if (urlAttributes.includes(name) && /^(javascript|vbscript|data|livescript):/.test(value)) {
        problems.push(element.tagName + " " + name + "=" + value.slice(0, 40));
      }
    }
    if (element.tagName === "SCRIPT" && !element.src) {
      const type = (element.type || "").toLowerCase();
      if (type !== "application/ld+json" && type !== "application/json") problems.push("inline <script>");
    }
  }
  return problems;
}
"""


def _save(obj, reason="hostile"):
    save_with_history(obj, actor=None, reason=reason)


def hostile_world(staff):
    """An approved article carrying the corpus everywhere, with its reviewer's profile, notes and wording."""
    for number, payload in enumerate(PAYLOADS):
        hostile_reference(f"hostile{number}", payload)
    hostile_reference("x", PAYLOADS[0])
    BoardProfile.objects.create(
        user=staff.reviewer,
        slug="reviewer",
        display_name='"><script>alert(1)</script>',
        credentials="<img src=x onerror=alert(1)>",
        specialty=PAYLOADS[-1][:150],
        bio=CORPUS,
        conflicts_of_interest=CORPUS,
    )
    revision = make_article(
        actor=staff.author,
        slug="hostile",
        title='"><script>alert(1)</script> calcium <img src=x onerror=alert(2)>',
        plain_title="</title><script>alert(3)</script> calcium",
        summary=CORPUS + "\n\ncalcium " + " ".join(f"[@hostile{number}]" for number in range(len(PAYLOADS))),
        plain_summary="\n\n".join(reversed(PAYLOADS)),
        change_note=CORPUS,
        safety_category="practice_changing",
        sections=[{**section, "body": section["body"] + " calcium"} for section in hostile_sections()],
    )
    published = publish(revision, editor=staff.author, reviewer=staff.reviewer)
    # The question box's own words, approved by the board: the urgent message, the notice, the refusal.
    for kind in (Wording.Kind.URGENT_MESSAGE, Wording.Kind.ANSWER_NOTICE, Wording.Kind.REFUSAL):
        row = Wording.objects.filter(kind=kind).first() or Wording(kind=kind)
        row.text = CORPUS
        row = ask_services.wording_save(actor=staff.author, wording=row)
        ask_services.wording_approve(actor=staff.reviewer, wording=row)
    for kind, text in ((Wording.Kind.EMERGENCY_PHRASE, "purple toe"), (Wording.Kind.SYNONYM, PAYLOADS[0])):
        row = ask_services.wording_save(
            actor=staff.author, wording=Wording(kind=kind, text=text, means="calcium" if kind == "synonym" else "")
        )
        ask_services.wording_approve(actor=staff.reviewer, wording=row)
    policy = SitePage.objects.filter(slug="editorial-policy").first() or SitePage(slug="editorial-policy")
    policy.title, policy.body = "</title><script>alert(1)</script>", CORPUS
    _save(policy)
    return published


def test_every_public_surface_with_hostile_content_runs_and_holds_nothing_dangerous(browser, live_server, staff):
    published = hostile_world(staff)
    article = published.article
    urls = [
        article.get_absolute_url(),
        *(reverse("articles:for_audience", args=[article.slug, a.slug]) for a in Audience.objects.all()),
        reverse("ask:ask") + "?q=calcium&on=hostile",
        reverse("ask:ask") + "?q=purple+toe+calcium",  # the urgent message
        reverse("ask:ask") + "?q=bananas+zzz",  # the refusal
        reverse("ask:send") + "?q=" + PAYLOADS[0],
        reverse("articles:board"),
        reverse("articles:board_member", args=["reviewer"]),
        reverse("articles:whats_new"),
        reverse("articles:search") + "?q=calcium",
        reverse("articles:editorial_policy"),
        reverse("articles:home"),
        reverse("articles:az_letter", args=["c"]),
    ]
    page = browser.new_page()
    page.add_init_script(HOOKS)
    watcher = Watcher(page, live_server.url)
    problems = {}
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        page.mouse.move(10, 10)
        page.mouse.move(300, 400)
        page.wait_for_load_state("load")
        found = page.evaluate(DOM_PROBLEMS) + page.evaluate("window.__fired")
        if found:
            problems[url] = found[:5]
    # Not vacuous: the answer page quoted the hostile article, and the urgent message was shown.
    page.goto(live_server.url + reverse("ask:ask") + "?q=calcium&on=hostile")
    assert page.locator("#ask-answer .ask-quote").count() > 0
    page.goto(live_server.url + reverse("ask:ask") + "?q=purple+toe+calcium")
    assert page.locator("#ask-answer .ask-urgent").count() == 1
    page.close()
    assert problems == {}
    assert watcher.dialogs == [] and watcher.foreign_requests == [] and watcher.errors == []
    assert watcher.csp_violations == []


def test_the_hooks_and_the_dom_walk_catch_what_they_look_for(browser):
    """The checks above are not vacuous: on a page that does run a payload, each one speaks."""
    page = browser.new_page()
    page.add_init_script(HOOKS)
    html = '<img src=x onerror="alert(1)"><iframe></iframe><script>confirm(2)</script><a href=" javascript:x">x</a>'
    # A navigation (init scripts run on one), answered by the test itself: no server, no network.
    page.route("http://probe.invalid/**", lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto("http://probe.invalid/")
    page.wait_for_load_state("load")
    found = page.evaluate(DOM_PROBLEMS)
    fired = page.evaluate("window.__fired")
    page.close()
    assert {"IMG onerror", "<IFRAME>", "inline <script>", "A href=javascript:x"} <= set(found)
    assert "confirm:2" in fired and "alert:1" in fired
