"""Private files (CVs, statements, notes): outside the static tree, never served by URL.

They are read back only through views that check the user's right first.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="essor.core.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    # Read MEDIA_ROOT at each access so that tests moving it to a temp dir are honoured.
    @property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "private")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Les fichiers privés ne sont servis qu'après contrôle des droits.")


private_storage = PrivateStorage()
