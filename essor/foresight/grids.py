"""Between the study editor's form fields, CSV/XLSX files and the engine input.

`Study.data` holds exactly the engine / API input of the tool. This module turns it into
the editor's grids (inputs named predictably: ``mid-<i>-<j>``, ``mao-<i>-<k>``,
``p-<e>-<i>``, ``pg-<e>-<i>-<j>``, ``pgn-<e>-<i>-<j>``), reads a posted editor back into
engine input (cells converted lightly, anything odd left for the engine to reject with
its French message naming the row and column), and reads/writes files.

File formats (CSV separated by « ; », UTF-8; XLSX with one sheet per block). A file is a
list of *blocks*; a block starts with a header row whose first cell is the block's name,
followed by its data rows; blocks are separated by an empty row (CSV) or are sheets
(XLSX).
- MICMAC: block « MID »: header = MID then the variables; one row per variable (its
  label, then its influence on each variable: 0–3 or P).
- MACTOR: block « MID » (actors × actors, 0–4) then block « 2MAO » (header = 2MAO then
  the objectives; one row per actor, −4…+4).
- MORPHOL: block « Composantes »: one row per component (name; hypotheses…); optional
  block « Probabilités » (name; p of each hypothesis); optional blocks « Exclusions » and
  « Préférences » (one pair of hypotheses a row: A; B).
- SMIC: block « P(i) »: header = P(i) then the hypotheses, one row per expert
  (« Expert 1 »; P(1); P(2)…); then per expert e the blocks « P(i|j) expert e » and
  « P(i|non j) expert e »: header = block name then the hypotheses, one row per
  hypothesis i (its name, then P(i | j) for each j; the diagonal is left empty).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

from django.utils.translation import gettext as _

from essor.core.errors import DomainError

MAX_BYTES = 1024 * 1024
MAX_LABELS = 200
SMIC_DEFAULT = 0.5
_INT = re.compile(r"^[+-]?\d+$")


# --------------------------------------------------------------------------- basics


def empty_data(tool: str) -> dict:
    if tool == "micmac":
        return {"labels": [], "matrix": [], "potential_value": 3}
    if tool == "mactor":
        return {"actors": [], "objectives": [], "mid": [], "mao": []}
    if tool == "morphol":
        return {"components": [], "exclusions": [], "preferences": [], "top": 20}
    return {"hypotheses": [], "experts": [_smic_expert(0)]}


def _smic_expert(n: int) -> dict:
    return {
        "p": [SMIC_DEFAULT] * n,
        "p_given": [[0.0 if i == j else SMIC_DEFAULT for j in range(n)] for i in range(n)],
        "p_given_not": [[0.0 if i == j else SMIC_DEFAULT for j in range(n)] for i in range(n)],
    }


def parse_lines(text: str) -> list[str]:
    """One label a line, stripped, empty lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def resize(matrix, old_rows, old_cols, new_rows, new_cols, fill=0) -> list[list]:
    """The matrix for the new labels, keeping every cell whose row and column labels
    both existed before (matched by label, so reordering and deleting keep values)."""
    r_index = {label: i for i, label in enumerate(old_rows)}
    c_index = {label: j for j, label in enumerate(old_cols)}
    out = []
    for a in new_rows:
        row = []
        for b in new_cols:
            i, j = r_index.get(a), c_index.get(b)
            value = fill
            if i is not None and j is not None and i < len(matrix) and j < len(matrix[i]):
                value = matrix[i][j]
            row.append(value)
        out.append(row)
    return out


def zero_diagonal(matrix, fill=0):
    for i, row in enumerate(matrix):
        if i < len(row):
            row[i] = fill
    return matrix


def int_cell(raw) -> int | str:
    """A grid cell for an integer scale: empty → 0, integers → int, P kept, else the
    typed text (the engine rejects it, naming the cell)."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return int(raw) if float(raw).is_integer() else raw
    text = str(raw if raw is not None else "").strip().replace("\u2212", "-")
    if not text:
        return 0
    if _INT.match(text):
        return int(text)
    if text.upper() == "P":
        return "P"
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return text
    return int(value) if value.is_integer() else text


def prob_cell(raw) -> float | str:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    text = str(raw if raw is not None else "").strip()
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


def show(value) -> str:
    """A stored value as typed in a cell (French decimal comma)."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.6g}" if not value.is_integer() else str(int(value))
        return text.replace(".", ",")
    return str(value)


# --------------------------------------------------------------------------- editor


def _grid(
    key, caption, rows, cols, values, describe, typed=None, invalid=None, diagonal=False, name=None
):
    name_of = name or (lambda i, j: f"{key}-{i}-{j}")
    out_rows = []
    for i, label in enumerate(rows):
        cells = []
        for j, col in enumerate(cols):
            name = name_of(i, j)
            value = values[i][j] if i < len(values) and j < len(values[i]) else ""
            cells.append(
                {
                    "name": name,
                    "value": typed[name] if typed and name in typed else show(value),
                    "label": describe(label, col),
                    "invalid": name == invalid,
                    "diagonal": diagonal and i == j,
                }
            )
        out_rows.append({"label": label, "cells": cells})
    return {"key": key, "caption": caption, "columns": cols, "rows": out_rows}


def editor_grids(tool: str, data: dict, typed=None, invalid=None) -> list[dict]:
    """The grids of the editor, from data, with the typed values when re-rendering."""
    if tool == "micmac":
        labels = data.get("labels", [])
        return [
            _grid(
                "mid",
                _("Matrice des influences directes (ligne sur colonne : 0 à 3 ou P)"),
                labels,
                labels,
                data.get("matrix", []),
                lambda a, b: _("Influence de %(a)s sur %(b)s") % {"a": a, "b": b},
                typed,
                invalid,
                diagonal=True,
            )
        ]
    if tool == "mactor":
        actors, objectives = data.get("actors", []), data.get("objectives", [])
        return [
            _grid(
                "mid",
                _("Influences directes entre acteurs (MID, ligne sur colonne : 0 à 4)"),
                actors,
                actors,
                data.get("mid", []),
                lambda a, b: _("Influence de %(a)s sur %(b)s") % {"a": a, "b": b},
                typed,
                invalid,
                diagonal=True,
            ),
            _grid(
                "mao",
                _("Positions des acteurs sur les objectifs (2MAO : −4 à +4)"),
                actors,
                objectives,
                data.get("mao", []),
                lambda a, b: _("Position de %(a)s sur %(b)s") % {"a": a, "b": b},
                typed,
                invalid,
            ),
        ]
    if tool == "smic":
        hyps = data.get("hypotheses", [])
        grids = []
        for e, expert in enumerate(data.get("experts", [])):
            number = e + 1
            grids.append(
                _grid(
                    f"p-{e}",
                    _("Expert %(n)s : probabilités simples P(i)") % {"n": number},
                    [_("P(i)")],
                    hyps,
                    [expert.get("p", [])],
                    lambda a, b, n=number: _("Expert %(n)s, P(%(b)s)") % {"n": n, "b": b},
                    typed,
                    invalid,
                    name=lambda i, j, e=e: f"p-{e}-{j}",
                )
            )
            for key, symbol in (("pg", "P(i | j)"), ("pgn", "P(i | non j)")):
                matrix = expert.get("p_given" if key == "pg" else "p_given_not", [])
                grids.append(
                    _grid(
                        f"{key}-{e}",
                        _("Expert %(n)s : %(s)s, ligne i, colonne j") % {"n": number, "s": symbol},
                        hyps,
                        hyps,
                        matrix,
                        lambda a, b, n=number, s=symbol: (
                            _("Expert %(n)s, %(s)s : i = %(a)s, j = %(b)s")
                            % {"n": n, "s": s, "a": a, "b": b}
                        ),
                        typed,
                        invalid,
                        diagonal=True,
                    )
                )
        return grids
    return []


def label_fields(tool: str, data: dict) -> dict:
    """The label textareas' initial text."""
    if tool == "micmac":
        return {"labels": "\n".join(data.get("labels", []))}
    if tool == "mactor":
        return {
            "actors": "\n".join(data.get("actors", [])),
            "objectives": "\n".join(data.get("objectives", [])),
        }
    if tool == "smic":
        return {
            "hypotheses": "\n".join(data.get("hypotheses", [])),
            "expert_count": str(len(data.get("experts", [])) or 1),
        }
    return {
        "components": morphol_components_text(data.get("components", [])),
        "exclusions": "\n".join(" ; ".join(p) for p in data.get("exclusions", [])),
        "preferences": "\n".join(" ; ".join(p) for p in data.get("preferences", [])),
        "top": str(data.get("top", 20)),
    }


def morphol_components_text(components) -> str:
    lines = []
    for c in components:
        hyps = []
        for h in c.get("hypotheses", []):
            if isinstance(h, dict):
                text = h.get("name", "")
                if h.get("p") is not None:
                    text += " = " + show(float(h["p"]))
            else:
                text = str(h)
            hyps.append(text)
        lines.append(f"{c.get('name', '')} : " + " ; ".join(hyps))
    return "\n".join(lines)


def _morphol_hypothesis(text: str):
    name, sep, p = text.rpartition("=")
    if sep and name.strip():
        value = prob_cell(p)
        return {"name": name.strip(), "p": value}
    return {"name": text.strip()}


def parse_morphol_components(text: str) -> list[dict]:
    components = []
    for line in parse_lines(text):
        name, sep, rest = line.partition(":")
        if not sep:
            name, rest = line, ""
        hyps = [_morphol_hypothesis(h) for h in rest.split(";") if h.strip()]
        components.append({"name": name.strip(), "hypotheses": hyps})
    return components


def parse_pairs(text: str) -> list[list[str]]:
    return [[part.strip() for part in line.split(";")] for line in parse_lines(text)]


def previous_labels(tool: str, data: dict) -> str:
    """The labels the grid was drawn with, posted back to match cells by label."""
    keys = {"micmac": ("labels",), "mactor": ("actors", "objectives"), "smic": ("hypotheses",)}
    return json.dumps({k: data.get(k, []) for k in keys.get(tool, ())}, ensure_ascii=False)


def _posted_matrix(post, key, n_rows, n_cols, convert):
    return [[convert(post.get(f"{key}-{i}-{j}", "")) for j in range(n_cols)] for i in range(n_rows)]


def data_from_post(tool: str, post, current: dict) -> tuple[dict, dict]:
    """Engine input from the posted editor, and the typed cell texts (to re-render).

    Cells are read for the labels the grid was drawn with (`previous`), then matched by
    label to the new labels: adding, removing or reordering labels keeps the values.
    """
    typed = {k: v for k, v in post.items() if re.match(r"^(mid|mao|p|pg|pgn)-\d", k)}
    try:
        previous = json.loads(post.get("previous") or "{}")
    except ValueError:
        previous = {}
    if not isinstance(previous, dict):
        previous = {}
    if tool == "micmac":
        old = _str_list(previous.get("labels"), current.get("labels", []))
        new = parse_lines(post.get("labels", ""))
        old_m = _posted_matrix(post, "mid", len(old), len(old), int_cell)
        matrix = zero_diagonal(resize(old_m, old, old, new, new)) if old != new else old_m
        return (
            {
                "labels": new,
                "matrix": matrix,
                "potential_value": int_cell(post.get("potential_value", 3)) or 3,
            },
            typed,
        )
    if tool == "mactor":
        old_a = _str_list(previous.get("actors"), current.get("actors", []))
        old_o = _str_list(previous.get("objectives"), current.get("objectives", []))
        actors = parse_lines(post.get("actors", ""))
        objectives = parse_lines(post.get("objectives", ""))
        mid = _posted_matrix(post, "mid", len(old_a), len(old_a), int_cell)
        mao = _posted_matrix(post, "mao", len(old_a), len(old_o), int_cell)
        if old_a != actors:
            mid = zero_diagonal(resize(mid, old_a, old_a, actors, actors))
        if old_a != actors or old_o != objectives:
            mao = resize(mao, old_a, old_o, actors, objectives)
        return {"actors": actors, "objectives": objectives, "mid": mid, "mao": mao}, typed
    if tool == "smic":
        old = _str_list(previous.get("hypotheses"), current.get("hypotheses", []))
        new = parse_lines(post.get("hypotheses", ""))
        count = int_cell(post.get("expert_count", 1))
        count = count if isinstance(count, int) and 1 <= count <= 50 else 1
        experts = []
        e = 0
        while f"p-{e}-0" in post or (e == 0 and not old):
            p = [[prob_cell(post.get(f"p-{e}-{i}", "")) for i in range(len(old))]]
            pg = _posted_matrix(post, f"pg-{e}", len(old), len(old), prob_cell)
            pgn = _posted_matrix(post, f"pgn-{e}", len(old), len(old), prob_cell)
            for m in (pg, pgn):
                zero_diagonal(m, 0.0)
            if old != new:
                p = resize(p, ["P"], old, ["P"], new, SMIC_DEFAULT)
                pg = zero_diagonal(resize(pg, old, old, new, new, SMIC_DEFAULT), 0.0)
                pgn = zero_diagonal(resize(pgn, old, old, new, new, SMIC_DEFAULT), 0.0)
            experts.append({"p": p[0], "p_given": pg, "p_given_not": pgn})
            e += 1
            if not old:
                break
        experts = experts[:count]
        while len(experts) < count:
            experts.append(_smic_expert(len(new)))
        return {"hypotheses": new, "experts": experts}, typed
    top = int_cell(post.get("top") or 20)
    return (
        {
            "components": parse_morphol_components(post.get("components", "")),
            "exclusions": parse_pairs(post.get("exclusions", "")),
            "preferences": parse_pairs(post.get("preferences", "")),
            "top": top if isinstance(top, int) and 0 <= top <= 200 else 20,
        },
        typed,
    )


def _str_list(value, default):
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return list(default)


def _mid_cell_ok(data: dict, row: int, column: int) -> bool:
    try:
        value = data["mid"][row][column]
    except (KeyError, IndexError, TypeError):
        return True
    return type(value) is int and 0 <= value <= 4 and (row != column or value == 0)


def error_field(tool: str, error, data: dict | None = None) -> str | None:
    """The input to mark for an engine error: a cell name, or a textarea's name."""
    message, row, column = error.message, error.row, error.column
    if tool == "micmac":
        if row is not None and column is not None:
            return f"mid-{row}-{column}"
        return "labels"
    if tool == "mactor":
        if row is not None and column is not None:
            # The engine checks MID first: a valid MID cell there means the 2MAO one.
            in_mid = "(MID)" in message or not _mid_cell_ok(data or {}, row, column)
            return f"{'mid' if in_mid else 'mao'}-{row}-{column}"
        return "objectives" if "objectifs" in message else "actors"
    if tool == "smic":
        match = re.match(r"Expert (\d+), ", message)
        e = int(match.group(1)) - 1 if match else 0
        if "P(i | non j)" in message and row is not None and column is not None:
            return f"pgn-{e}-{row}-{column}"
        if "P(i | j)" in message and row is not None and column is not None:
            return f"pg-{e}-{row}-{column}"
        if message.startswith(("P(", f"Expert {e + 1}, P(")) and row is not None:
            return f"p-{e}-{row}"
        return "hypotheses"
    if message.startswith("Exclusion"):
        return "exclusions"
    if message.startswith("Préférence"):
        return "preferences"
    return "components"


# --------------------------------------------------------------------------- files


def to_blocks(tool: str, data: dict) -> list[tuple[str, list[list]]]:
    """(name, rows) blocks, each block's first row being its header."""
    if tool == "micmac":
        labels = data.get("labels", [])
        rows = [["MID", *labels]]
        rows += [[a, *data["matrix"][i]] for i, a in enumerate(labels)]
        return [("MID", rows)]
    if tool == "mactor":
        actors, objectives = data.get("actors", []), data.get("objectives", [])
        mid = [["MID", *actors]] + [[a, *data["mid"][i]] for i, a in enumerate(actors)]
        mao = [["2MAO", *objectives]] + [[a, *data["mao"][i]] for i, a in enumerate(actors)]
        return [("MID", mid), ("2MAO", mao)]
    if tool == "morphol":
        comps = data.get("components", [])
        blocks = [
            (
                "Composantes",
                [["Composantes"]]
                + [[c["name"], *(_hname(h) for h in c["hypotheses"])] for c in comps],
            )
        ]
        probs = [
            [c["name"], *(h["p"] for h in c["hypotheses"])]
            for c in comps
            if c["hypotheses"]
            and all(isinstance(h, dict) and h.get("p") is not None for h in c["hypotheses"])
        ]
        if probs:
            blocks.append(("Probabilités", [["Probabilités"], *probs]))
        if data.get("exclusions"):
            blocks.append(("Exclusions", [["Exclusions"], *map(list, data["exclusions"])]))
        if data.get("preferences"):
            blocks.append(("Préférences", [["Préférences"], *map(list, data["preferences"])]))
        return blocks
    hyps = data.get("hypotheses", [])
    experts = data.get("experts", [])
    blocks = [
        (
            "P(i)",
            [["P(i)", *hyps]] + [[f"Expert {e + 1}", *x["p"]] for e, x in enumerate(experts)],
        )
    ]
    for e, x in enumerate(experts):
        for key, name in (("p_given", "P(i|j)"), ("p_given_not", "P(i|non j)")):
            title = f"{name} expert {e + 1}"
            rows = [[title, *hyps]]
            for i, h in enumerate(hyps):
                rows.append([h, *("" if i == j else v for j, v in enumerate(x[key][i]))])
            blocks.append((title, rows))
    return blocks


def _hname(h):
    return h["name"] if isinstance(h, dict) else str(h)


def _csv_value(value) -> str:
    if isinstance(value, float):
        return show(value)
    return "" if value is None else str(value)


def export_csv(tool: str, data: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for index, (_name, rows) in enumerate(to_blocks(tool, data)):
        if index:
            writer.writerow([])
        for row in rows:
            writer.writerow([_csv_value(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def export_xlsx(tool: str, data: dict) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in to_blocks(tool, data):
        sheet = book.create_sheet(re.sub(r"[\\/?*\[\]:]", " ", name)[:31])
        for row in rows:
            sheet.append([v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_upload(content: bytes) -> tuple[list[tuple[int, list[str]]], str]:
    """(line number, cells) rows of the file, recognised by its content (XLSX is a zip
    archive; anything else must be UTF-8 or Windows-1252 text), and the kind."""
    if not content:
        raise DomainError("file_empty", _("Le fichier est vide."))
    if len(content) > MAX_BYTES:
        raise DomainError("file_too_large", _("Le fichier dépasse 1 Mo."))
    if content[:4] == b"PK\x03\x04":
        return _read_xlsx(content), "xlsx"
    if b"\x00" in content[:4096]:
        raise DomainError("file_type", _("Le fichier n'est ni un CSV (texte) ni un classeur XLSX."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", "\t", ","), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(number, row) for number, row in enumerate(reader, start=1)], "csv"


def _read_xlsx(content: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise DomainError("file_type", _("Le classeur XLSX est illisible.")) from None
    rows: list[tuple[int, list[str]]] = []
    for sheet in book.worksheets:
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [
                "" if v is None else (show(v) if isinstance(v, float) else str(v)) for v in row
            ]
            rows.append((number, cells))
        rows.append((0, []))  # a sheet ends a block
    book.close()
    return rows


def split_blocks(rows) -> list[tuple[int, list[str], list[tuple[int, list[str]]]]]:
    """Blocks: (header line number, header cells, data rows); empty rows separate them;
    trailing empty cells are dropped."""
    blocks = []
    current = None
    for number, cells in rows:
        cells = [c.strip() for c in cells]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            current = None
            continue
        if current is None:
            current = (number, cells, [])
            blocks.append(current)
        else:
            current[2].append((number, cells))
    return blocks


def _error(number, message, column=None):
    where = _("Ligne %(line)s") % {"line": number}
    if column is not None:
        where += _(", colonne %(column)s") % {"column": column}
    return DomainError("file_invalid", f"{where} : {message}")


def _named(blocks, name, required=True):
    for block in blocks:
        if block[1][0].casefold().replace(" ", "") == name.casefold().replace(" ", ""):
            return block
    if required:
        raise DomainError(
            "file_invalid", _("Le bloc « %(name)s » est absent du fichier.") % {"name": name}
        )
    return None


def _square(block, convert, what):
    number, header, _rows = block
    labels = header[1:]
    if not labels:
        raise _error(
            number, _("l'en-tête du bloc %(what)s ne nomme aucune colonne.") % {"what": what}
        )
    return labels, _rect(block, labels, convert, row_labels=labels)


def _rect(block, columns, convert, row_labels=None):
    number, _header, rows = block
    out_labels, matrix = [], []
    for index, (line, cells) in enumerate(rows):
        label = cells[0]
        if not label:
            raise _error(line, _("libellé de ligne vide."), 1)
        if row_labels is not None and (index >= len(row_labels) or row_labels[index] != label):
            expected = row_labels[index] if index < len(row_labels) else None
            raise _error(
                line,
                _("la ligne devrait être « %(label)s » (même ordre que l'en-tête).")
                % {"label": expected}
                if expected
                else _("ligne en trop : l'en-tête nomme %(n)s colonnes.") % {"n": len(row_labels)},
                1,
            )
        values = cells[1:]
        if len(values) > len(columns):
            raise _error(
                line,
                _("%(count)s valeurs pour %(n)s colonnes.")
                % {"count": len(values), "n": len(columns)},
                len(columns) + 2,
            )
        values += [""] * (len(columns) - len(values))
        out_labels.append(label)
        matrix.append([convert(v) for v in values])
    if row_labels is not None and len(rows) != len(row_labels):
        raise _error(
            number,
            _("le bloc a %(rows)s lignes pour %(n)s colonnes : la matrice doit être carrée.")
            % {"rows": len(rows), "n": len(row_labels)},
        )
    return (out_labels, matrix) if row_labels is None else matrix


def data_from_file(tool: str, content: bytes, current: dict) -> dict:
    """Engine input from an uploaded file (not yet validated by the engine)."""
    rows, _kind = read_upload(content)
    blocks = split_blocks(rows)
    if not blocks:
        raise DomainError("file_empty", _("Le fichier ne contient aucune donnée."))
    if tool == "micmac":
        labels, matrix = _square(_named(blocks, "MID"), int_cell, "MID")
        return {
            "labels": labels,
            "matrix": matrix,
            "potential_value": current.get("potential_value", 3),
        }
    if tool == "mactor":
        actors, mid = _square(_named(blocks, "MID"), int_cell, "MID")
        mao_block = _named(blocks, "2MAO")
        objectives = mao_block[1][1:]
        mao_rows, mao = _rect(mao_block, objectives, int_cell)
        if mao_rows != actors:
            raise _error(
                mao_block[0],
                _(
                    "les lignes du bloc 2MAO doivent être les acteurs du bloc MID, "
                    "dans le même ordre."
                ),
            )
        return {"actors": actors, "objectives": objectives, "mid": mid, "mao": mao}
    if tool == "morphol":
        comps_block = _named(blocks, "Composantes")
        components = [
            {"name": cells[0], "hypotheses": [{"name": h} for h in cells[1:] if h]}
            for _line, cells in comps_block[2]
        ]
        probs = _named(blocks, "Probabilités", required=False)
        if probs:
            by_name = {c["name"]: c for c in components}
            for line, cells in probs[2]:
                component = by_name.get(cells[0])
                if component is None:
                    raise _error(
                        line, _("composante « %(name)s » inconnue.") % {"name": cells[0]}, 1
                    )
                values = cells[1:]
                if len(values) != len(component["hypotheses"]):
                    raise _error(
                        line,
                        _("%(count)s probabilités pour %(n)s hypothèses.")
                        % {"count": len(values), "n": len(component["hypotheses"])},
                    )
                for h, value in zip(component["hypotheses"], values, strict=True):
                    h["p"] = prob_cell(value)
        pairs = {}
        for name in ("Exclusions", "Préférences"):
            block = _named(blocks, name, required=False)
            found = []
            for line, cells in block[2] if block else []:
                if len(cells) != 2:
                    raise _error(line, _("une paire de deux hypothèses est attendue."))
                found.append(cells)
            pairs[name] = found
        return {
            "components": components,
            "exclusions": pairs["Exclusions"],
            "preferences": pairs["Préférences"],
            "top": current.get("top", 20),
        }
    p_block = _named(blocks, "P(i)")
    hyps = p_block[1][1:]
    _names, p_rows = _rect(p_block, hyps, prob_cell)
    experts = []
    for e, p in enumerate(p_rows):
        expert = {"p": p}
        for key, name in (("p_given", "P(i|j)"), ("p_given_not", "P(i|non j)")):
            title = f"{name} expert {e + 1}"
            block = _named(blocks, title)
            matrix = _rect(block, hyps, prob_cell, row_labels=hyps)
            expert[key] = zero_diagonal(matrix, 0.0)
        experts.append(expert)
    return {"hypotheses": hyps, "experts": experts}
