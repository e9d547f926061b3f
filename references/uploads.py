"""An upload handler that stops reading a file once it passes the import size limit."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from references.importers import max_bytes


class ImportSizeLimitHandler(FileUploadHandler):
    """Counts the bytes of each uploaded file; past the limit the upload stops (nothing is kept).

    Django would otherwise stream a 50 MB upload to a temporary file before our view could refuse it.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0
        self.limit = max_bytes()

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.vetted_upload_too_large = self.received
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None
