"""Static files as production serves them: minified, fingerprinted and compressed."""

import rcssmin
import rjsmin
from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage

MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


class MinifiedCompressedManifestStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's storage, with CSS and JavaScript minified as each copy is written.

    The files in static/ stay readable; collectstatic writes them minified (the plain and the
    fingerprinted copy alike), then whitenoise compresses them. Files already minified
    (`*.min.css`, `*.min.js`) are written as they are.
    """

    def _save(self, name, content):
        minify = next((fn for suffix, fn in MINIFIERS.items() if name.endswith(suffix)), None)
        if minify is not None and ".min." not in name:
            content.seek(0)
            text = content.read()
            text = text.decode("utf-8") if isinstance(text, bytes) else text
            content = ContentFile(minify(text).encode("utf-8"))
        return super()._save(name, content)
