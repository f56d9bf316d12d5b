"""PDF rendering with typst: a template in `templates/*.typ` lays out a dict of data.

The data travels as one JSON string in `sys.inputs` and the template reads it with
`json(bytes(sys.inputs.data))`. User text is therefore a typst *string value*, shown as
typed: it is never spliced into markup, so `#panic("x")` or `$x$ \\ ]` cannot run or
break the document.
"""

import json
from pathlib import Path

import typst

TEMPLATES = Path(__file__).resolve().parent / "templates"


class RenderError(RuntimeError):
    """A template failed to compile: a bug in the template, not in the user's data."""


def template_path(template: str) -> Path:
    """The path of `templates/<template>` (".typ" optional); a name may not leave the folder."""
    name = template if template.endswith(".typ") else f"{template}.typ"
    path = (TEMPLATES / name).resolve()
    if path.parent != TEMPLATES or not path.is_file():
        raise RenderError(f"Modèle de document inconnu : {template}")
    return path


def render_pdf(template: str, data: dict) -> bytes:
    """The PDF of `template` filled with `data` (JSON-serialisable)."""
    path = template_path(template)
    try:
        return typst.compile(
            str(path),
            root=str(TEMPLATES),
            sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
            # The fonts embedded in typst only: the same PDF on every machine, and no
            # slow scan of the system's font folders at each rendering.
            ignore_system_fonts=True,
        )
    except typst.TypstError as exc:
        raise RenderError(f"{path.name} : {exc}") from exc
