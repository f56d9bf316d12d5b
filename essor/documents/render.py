"""PDF rendering with typst: a template in `templates/*.typ` lays out a dict of data.

The data travels as one JSON string in `sys.inputs` and the template reads it with
`json(bytes(sys.inputs.data))`. User text is therefore a typst *string value*, shown as
typed: it is never spliced into markup, so `#panic("x")` or `$x$ \\ ]` cannot run or
break the document.

Images (signatures) cannot travel in JSON: typst reads them from files under its `root`.
A render with `files` therefore runs in its own temporary folder holding a copy of the
templates and the given files; the data names each image by its file name. The names
are chosen by the caller's code (`sig-12.png`), checked here against a strict pattern,
never taken from user input.
"""

import json
import re
import shutil
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

import typst

TEMPLATES = Path(__file__).resolve().parent / "templates"

# Plain names with an image extension (SVG for the workbook's charts): no folder, no
# dot-file, cannot shadow a template.
FILE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}\.(?:png|jpg|jpeg|svg)")


class RenderError(RuntimeError):
    """A template failed to compile: a bug in the template, not in the user's data."""


def template_path(template: str) -> Path:
    """The path of `templates/<template>` (".typ" optional); a name may not leave the folder."""
    name = template if template.endswith(".typ") else f"{template}.typ"
    path = (TEMPLATES / name).resolve()
    if path.parent != TEMPLATES or not path.is_file():
        raise RenderError(f"Modèle de document inconnu : {template}")
    return path


_local = threading.local()


def _compiler() -> typst.Compiler:
    """One compiler per thread, reused: a new one loads the embedded fonts again, which
    took two thirds of the time of a one-page document. A reused compiler still reads
    the template and image files afresh at each call (each render names its own root)."""
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        # The fonts embedded in typst only: the same PDF on every machine, and no slow
        # scan of the system's font folders.
        compiler = _local.compiler = typst.Compiler(ignore_system_fonts=True)
    return compiler


def _compile(path: Path, root: Path, data: dict) -> bytes:
    try:
        return _compiler().compile(
            input=str(path),
            root=str(root),
            sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        )
    except typst.TypstError as exc:
        raise RenderError(f"{path.name} : {exc}") from exc


def render_pdf(template: str, data: dict, files: Mapping[str, bytes] | None = None) -> bytes:
    """The PDF of `template` filled with `data` (JSON-serialisable).

    `files` maps file names (e.g. "sig-12.png") to their bytes; the template reads them
    with `image(name)` where `data` names them."""
    path = template_path(template)
    if not files:
        return _compile(path, TEMPLATES, data)
    bad = sorted(name for name in files if not FILE_NAME.fullmatch(name))
    if bad:
        raise RenderError(f"Noms de fichiers refusés pour {path.name} : {', '.join(bad)}")
    with tempfile.TemporaryDirectory(prefix="essor-typst-") as folder:
        root = Path(folder)
        # Every template, so that one may `#import` another; they are a few kilobytes.
        for source in TEMPLATES.glob("*.typ"):
            shutil.copyfile(source, root / source.name)
        for name, content in files.items():
            (root / name).write_bytes(content)
        return _compile(root / path.name, root, data)
