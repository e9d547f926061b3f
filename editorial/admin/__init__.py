"""The staff admin, one module per screen: thin views over ``editorial.services``, rights from the policy.

- ``revision``: the revision page (form, sections, bibliography, workflow buttons);
- ``workflow``: the revision page's workflow panel (steps, why one is missing, confirmation, kept comments);
- ``queue``: the revision list and the review queue (columns, order, filters);
- ``article``: articles ("Add article", "Start a new revision" or the open revision, withdraw, review interval);
- ``audit``: the read-only workflow events and the email outbox;
- ``desk``: the review desk's own pages (comparison, comments, assignment, due list, dashboard),
  mounted under /admin/desk/ by ``desk_urls``;
- ``board``: board members' conflict-of-interest disclosures (issue 18);
- ``bibliography``: exports, and what ``references``' admin asks of revisions (registered in
  ``EditorialConfig.ready()``).
"""

from editorial.admin import article, audit, board, revision  # noqa: F401 - importing registers the ModelAdmins
