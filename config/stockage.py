"""Static files storage: whitenoise's compressed + hashed names, without rewriting CSS contents.

django-dsfr links its stylesheets with Subresource Integrity hashes of the files as
shipped. Django's manifest storage rewrites the ``url(...)`` references inside CSS
(to hashed names), which changes the bytes, so browsers would refuse the DSFR
stylesheet. The referenced files keep their original names too, so not rewriting is safe.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StockageStatique(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    patterns = ()
