from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from references.audit import read_only_history
from references.models import Reference


@admin.register(Reference)
@read_only_history
class ReferenceAdmin(SimpleHistoryAdmin):
    list_display = ("key", "type", "title", "container", "year", "doi", "pmid")
    list_filter = ("type", "year")
    search_fields = ("key", "title", "authors", "doi", "pmid")
