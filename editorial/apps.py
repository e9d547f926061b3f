from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"

    def ready(self):
        """Wire editorial into the apps below it, which may not import it (imports flow one way).

        Imported here, not at the top: models and admin modules may load only once the registry is ready.
        """
        from django.core import checks

        from articles.views import PREVIEW_EXTRAS
        from core import policy
        from editorial import permissions
        from editorial.admin.bibliography import REVISION_IMPORT_TARGET, open_revisions_citing
        from editorial.checks import axes_middleware_check, site_url_check
        from editorial.quality import preview_quality_findings
        from references.admin import CITED_BY_SOURCES, IMPORT_TARGETS

        policy.install(permissions.allowed, permissions.check)  # articles' and references' admin ask the one policy
        if open_revisions_citing not in CITED_BY_SOURCES:
            CITED_BY_SOURCES.append(open_revisions_citing)
        IMPORT_TARGETS["revision"] = REVISION_IMPORT_TARGET
        if preview_quality_findings not in PREVIEW_EXTRAS:
            PREVIEW_EXTRAS.append(preview_quality_findings)  # the staff preview shows the quality checks
        checks.register(site_url_check, checks.Tags.security, deploy=True)
        checks.register(axes_middleware_check, checks.Tags.security)
