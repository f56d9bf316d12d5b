"""Foresight engine: MICMAC, MACTOR, MORPHOL and SMIC-Prob-Expert.

Pure numpy (plus scipy for SMIC), importable without Django. Every function takes plain
Python data (the shapes of `POST /api/foresight/<tool>`) and returns plain, JSON-ready
Python data (lists, ints, floats, bools, None). Results are deterministic.

The formulas are those of the module 8 specification (French school of foresight,
LIPSOR): see each function. Where the specification leaves room, the decision taken is
written next to the code ("Decision: …").

Invalid input raises `ForesightInputError` (a `ValueError`) whose French message names
the row and the column (1-based, with their labels); `row` and `column` are 0-based.
"""

from __future__ import annotations

import contextlib
import math
from numbers import Integral, Real

import numpy as np

__all__ = ["ForesightInputError", "mactor", "micmac", "morphol", "smic"]

MICMAC_SECTORS = ("influent", "relais", "dependant", "autonome")
MACTOR_SECTORS = ("dominant", "relais", "domine", "autonome")
# Rankings compare values rounded to this many decimals (of shares or normalised
# values), so that float noise never breaks a tie that is exact in exact arithmetic.
_RANK_DECIMALS = 12
PROBABILITY_TOLERANCE = 1e-6


class ForesightInputError(ValueError):
    """Invalid input for a foresight tool.

    code: short machine-readable reason; message: French sentence naming the cell;
    row, column: 0-based position when the error concerns a cell/row/column, else None.
    """

    def __init__(
        self, code: str, message: str, row: int | None = None, column: int | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.row = row
        self.column = column

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "row": self.row, "column": self.column}


# --------------------------------------------------------------------------- validation


def _fmt(value) -> str:
    return f"« {value} »"


def _where(row: int, row_labels, column: int | None = None, column_labels=None) -> str:
    text = f"Ligne {row + 1}"
    if row_labels is not None and row < len(row_labels):
        text += f" ({row_labels[row]})"
    if column is not None:
        text += f", colonne {column + 1}"
        if column_labels is not None and column < len(column_labels):
            text += f" ({column_labels[column]})"
    return text


def _labels(labels, what: str, minimum: int = 1) -> list[str]:
    """Non-empty, unique, stripped strings."""
    if isinstance(labels, str | bytes) or not isinstance(labels, list | tuple):
        raise ForesightInputError("labels", f"Les {what} doivent être une liste de libellés.")
    out: list[str] = []
    seen: dict[str, int] = {}
    for index, label in enumerate(labels):
        if not isinstance(label, str) or not label.strip():
            raise ForesightInputError(
                "empty_label", f"Le libellé n° {index + 1} des {what} est vide.", row=index
            )
        text = label.strip()
        if text in seen:
            raise ForesightInputError(
                "duplicate_label",
                f"Le libellé {_fmt(text)} des {what} apparaît deux fois "
                f"(n° {seen[text] + 1} et n° {index + 1}).",
                row=index,
            )
        seen[text] = index
        out.append(text)
    if len(out) < minimum:
        raise ForesightInputError(
            "too_few", f"Il faut au moins {minimum} {what} (reçu : {len(out)})."
        )
    return out


def _rows(matrix, n_rows: int, n_cols: int, row_labels, col_labels, what: str, square: bool):
    if isinstance(matrix, str | bytes) or not isinstance(matrix, list | tuple | np.ndarray):
        raise ForesightInputError("shape", f"La matrice {what} doit être une liste de lignes.")
    if len(matrix) != n_rows:
        raise ForesightInputError(
            "labels_count",
            f"La matrice {what} a {len(matrix)} lignes pour {n_rows} libellés.",
        )
    for i, row in enumerate(matrix):
        if isinstance(row, str | bytes) or not isinstance(row, list | tuple | np.ndarray):
            raise ForesightInputError(
                "shape", f"{_where(i, row_labels)} : la ligne n'est pas une liste.", row=i
            )
        if len(row) != n_cols:
            code = "not_square" if square else "shape"
            detail = "la matrice n'est pas carrée : " if square else ""
            raise ForesightInputError(
                code,
                f"{_where(i, row_labels)} : {detail}{len(row)} valeurs au lieu de {n_cols}.",
                row=i,
            )
    return matrix


def _integer(value, lo: int, hi: int, allow_p: bool, where, scale: str, i, j, rows=(), cols=()):
    """An integer in [lo, hi] (or "P" when allowed), from int, integral float or string.

    where: the location for messages; None builds it from (i, rows, j, cols) on error.
    """
    if type(value) is int and lo <= value <= hi:  # fast path
        return value
    original = value
    if isinstance(value, str):
        text = value.strip()
        if allow_p and text.upper() == "P":
            return "P"
        try:
            value = float(text.replace(",", ".")) if text else None
        except ValueError:
            value = None
    code = None
    if isinstance(value, bool) or value is None or not isinstance(value, Real):
        code = "out_of_scale"
    elif not isinstance(value, Integral) and (not math.isfinite(value) or value != int(value)):
        code = "not_integer"
    elif not lo <= int(value) <= hi:
        code = "out_of_scale"
    if code is None:
        return int(value)
    if where is None:
        where = _where(i, rows, j, cols)
    detail = (
        f"non entière (échelle {scale})" if code == "not_integer" else f"hors de l'échelle {scale}"
    )
    raise ForesightInputError(code, f"{where} : valeur {_fmt(original)} {detail}.", i, j)


def _int_matrix(matrix, rows, cols, lo, hi, scale, what, allow_p=False, square=True):
    """Parse a matrix of integers; returns (values as int64 array, mask of P cells)."""
    _rows(matrix, len(rows), len(cols), rows, cols, what, square)
    if all(type(c) is int for row in matrix for c in row):
        # Fast path: plain ints, checked with numpy; any fault is located below.
        values = np.array(matrix, dtype=np.int64).reshape(len(rows), len(cols))
        fault = (values < lo) | (values > hi)
        if square:
            fault |= np.eye(len(rows), dtype=bool) & (values != 0)
        if not fault.any():
            return values, np.zeros(values.shape, dtype=bool)
    parsed = [[0] * len(cols) for _ in rows]
    cells: list[tuple[int, int]] = []
    for i, row in enumerate(matrix):
        out = parsed[i]
        for j, cell in enumerate(row):
            if type(cell) is int and lo <= cell <= hi:
                out[j] = cell
                continue
            value = _integer(cell, lo, hi, allow_p, None, scale, i, j, rows, cols)
            if value == "P":
                cells.append((i, j))
            else:
                out[j] = value
        if square and (out[i] != 0 or (i, i) in cells[-len(row) :]):
            raise ForesightInputError(
                "diagonal",
                f"{_where(i, rows, i, cols)} : la diagonale doit valoir 0 (valeur {_fmt(row[i])}).",
                row=i,
                column=i,
            )
    values = np.array(parsed, dtype=np.int64).reshape(len(rows), len(cols))
    potential = np.zeros((len(rows), len(cols)), dtype=bool)
    for i, j in cells:
        potential[i, j] = True
    return values, potential


def _probability(value, where: str, i, j) -> float:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = float(value.strip().replace(",", "."))
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ForesightInputError(
            "not_number", f"{where} : valeur {_fmt(value)} n'est pas une probabilité.", i, j
        )
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ForesightInputError(
            "probability_range",
            f"{where} : probabilité {_fmt(value)} hors de l'intervalle [0, 1].",
            i,
            j,
        )
    return value


# ------------------------------------------------------------------------------ helpers


def _ranking(values: np.ndarray) -> np.ndarray:
    """Indices in descending order of value; ties by input order (stable sort on −value).

    Values are compared once rounded (relative to the largest), so that ties exact in
    exact arithmetic are not broken by float noise.
    """
    values = np.asarray(values, dtype=float)
    top = float(np.max(np.abs(values))) if values.size else 0.0
    key = np.round(values / top, _RANK_DECIMALS) if top > 0 else np.zeros_like(values)
    return np.argsort(-key, kind="stable")


def _top(values: np.ndarray, count: int) -> np.ndarray:
    """The first `count` indices of `_ranking(values)`, without sorting everything:
    keep the values at or above the count-th largest key (ties included), then sort."""
    if count >= len(values):
        return _ranking(values)
    top = float(np.max(np.abs(values)))
    key = np.round(values / top, _RANK_DECIMALS) if top > 0 else np.zeros_like(values)
    threshold = np.partition(key, len(key) - count)[len(key) - count]
    candidates = np.flatnonzero(key >= threshold)  # ascending index = input order
    order = np.argsort(-key[candidates], kind="stable")
    return candidates[order[:count]]


def _positions(order: np.ndarray) -> np.ndarray:
    """1-based rank of each variable from an ordering."""
    positions = np.empty(len(order), dtype=np.int64)
    positions[order] = np.arange(1, len(order) + 1)
    return positions


def _shares(values: np.ndarray) -> np.ndarray:
    total = float(values.sum())
    # Decision: a zero total (no influence at all) gives zero shares, not a division by 0.
    return values / total if total > 0 else np.zeros(len(values), dtype=float)


def _above(values: np.ndarray, mean: float) -> np.ndarray:
    """Strictly above the mean (with a 1e-9 relative tolerance against float noise)."""
    return values > mean + 1e-9 * abs(mean)


def _near(values: np.ndarray, mean: float) -> np.ndarray:
    """Within ±10 % of the mean (tolerance 1e-9 relative)."""
    return np.abs(values - mean) <= 0.1 * abs(mean) + 1e-9 * abs(mean)


def _sectors(influence, dependence, mean_i, mean_d, names) -> list[str]:
    high_i = _above(np.asarray(influence, dtype=float), mean_i)
    high_d = _above(np.asarray(dependence, dtype=float), mean_d)
    out = []
    for hi, hd in zip(high_i, high_d, strict=True):
        if hi and not hd:
            out.append(names[0])
        elif hi and hd:
            out.append(names[1])
        elif hd:
            out.append(names[2])
        else:
            out.append(names[3])
    return out


# ------------------------------------------------------------------------------- MICMAC


def _micmac_block(labels: list[str], m: np.ndarray, max_k: int) -> dict:
    """Direct and indirect classification of one numeric matrix (P already replaced)."""
    n = len(labels)
    m = m.astype(float)
    influence = m.sum(axis=1)
    dependence = m.sum(axis=0)
    total = float(m.sum())
    mean = total / n

    d_inf_order = _ranking(influence)
    d_dep_order = _ranking(dependence)
    d_sectors = _sectors(influence, dependence, mean, mean, MICMAC_SECTORS)
    d_regulating = _near(influence, mean) & _near(dependence, mean)

    # Indirect: powers M^k, each rescaled by its sum (same rankings, no overflow).
    # Only the row sums u_k = M^k 1 = M u_(k−1) and column sums v_k = 1ᵀ M^k = v_(k−1) M
    # are needed, so the powers are never formed (matrix–vector products, O(n²) a step);
    # both are divided by the sum of M^k, 1ᵀ M^k 1 = Σ u_k. M^k = 0 exactly when u_k = 0.
    # prev_* are the rankings of power k − 1 (k − 1 = 1 is the direct matrix).
    prev_inf, prev_dep = d_inf_order, d_dep_order
    stability: list[dict] = []
    vanished_at: int | None = None
    note = None
    if total == 0:
        # Decision: the zero matrix has no indirect influence. Shares are all 0 (the only
        # case where they do not sum to 1), rankings in input order; M^2 = 0 ranks like M,
        # so the stopping rule holds at k = 2.
        u = np.zeros(n)
        v = np.zeros(n)
        k, converged = 2, True
        stability.append({"k": 2, "influence": 100.0, "dependence": 100.0})
        note = "Matrice nulle : aucune influence, ni directe ni indirecte."
    else:
        u = influence / total
        v = dependence / total
        k, converged = 1, False
        while k < max_k:
            nu = m @ u
            s = float(nu.sum())
            if s == 0:
                # Decision: an acyclic influence graph makes M^k vanish. The iteration
                # stops; the last non-zero power k − 1 is reported, flagged.
                vanished_at = k + 1
                note = (
                    f"Le graphe d'influence est sans circuit : M^{k + 1} est nulle ; "
                    f"le classement indirect est celui de M^{k}."
                )
                break
            u = nu / s
            v = (v @ m) / s
            k += 1
            inf_order = _ranking(u)
            dep_order = _ranking(v)
            same_inf = _positions(inf_order) == _positions(prev_inf)
            same_dep = _positions(dep_order) == _positions(prev_dep)
            stability.append(
                {
                    "k": k,
                    "influence": 100.0 * float(same_inf.mean()),
                    "dependence": 100.0 * float(same_dep.mean()),
                }
            )
            prev_inf, prev_dep = inf_order, dep_order
            if same_inf.all() and same_dep.all():
                converged = True
                break
    i_share, d_share = u, v
    # Shares of their total (sum = 1), renormalised against rounding.
    i_share = _shares(i_share)
    d_share = _shares(d_share)
    i_order = _ranking(i_share)
    d_order = _ranking(d_share)
    ind_mean = 1.0 / n
    i_sectors = _sectors(i_share, d_share, ind_mean, ind_mean, MICMAC_SECTORS)
    i_regulating = _near(i_share, ind_mean) & _near(d_share, ind_mean)
    if total == 0:
        # Zero matrix: every variable sits exactly at the (zero) mean, as in the direct plane.
        i_regulating = np.ones(n, dtype=bool)

    d_inf_pos, d_dep_pos = _positions(d_inf_order), _positions(d_dep_order)
    i_inf_pos, i_dep_pos = _positions(i_order), _positions(d_order)
    direct_i_share = _shares(influence)
    direct_d_share = _shares(dependence)

    return {
        "direct": {
            "influence": [int(v) for v in influence],
            "dependence": [int(v) for v in dependence],
            "influence_rank": [labels[i] for i in d_inf_order],
            "dependence_rank": [labels[i] for i in d_dep_order],
            "influence_share": direct_i_share.tolist(),
            "dependence_share": direct_d_share.tolist(),
            "total": int(total),
            "threshold": mean,
            "sectors": dict(zip(labels, d_sectors, strict=True)),
            "regulating": [labels[i] for i in range(n) if d_regulating[i]],
        },
        "indirect": {
            "influence": i_share.tolist(),
            "dependence": d_share.tolist(),
            "influence_rank": [labels[i] for i in i_order],
            "dependence_rank": [labels[i] for i in d_order],
            "k": k,
            "converged": converged,
            "vanished_at": vanished_at,
            "note": note,
            "stability": stability,
            "threshold": ind_mean,
            "sectors": dict(zip(labels, i_sectors, strict=True)),
            "regulating": [labels[i] for i in range(n) if i_regulating[i]],
        },
        "sectors": dict(zip(labels, d_sectors, strict=True)),
        "regulating": [labels[i] for i in range(n) if d_regulating[i]],
        "displacement": {
            labels[i]: {
                "influence": int(d_inf_pos[i] - i_inf_pos[i]),
                "dependence": int(d_dep_pos[i] - i_dep_pos[i]),
            }
            for i in range(n)
        },
        # Displacement map: an arrow from the direct point (as shares) to the indirect one.
        "map": [
            {
                "label": labels[i],
                "direct": {"x": float(direct_d_share[i]), "y": float(direct_i_share[i])},
                "indirect": {"x": float(d_share[i]), "y": float(i_share[i])},
            }
            for i in range(n)
        ],
    }


def micmac(labels, matrix, potential_value: int = 3, max_k: int = 30) -> dict:
    """MICMAC structural analysis.

    labels: n variable names; matrix: n × n, a_ij = influence of row i on column j,
    0–3 or "P" (potential), diagonal 0. Returns the API contract keys
    (direct, indirect, sectors, regulating, potential) plus displacement, map,
    thresholds and, in direct/indirect blocks, their own sectors and regulating lists.

    Direct: P counts 0; I = row sums, D = column sums. Indirect: M^k rescaled by its sum
    at each step; stops at the first k ≥ 2 where both rankings equal those of k − 1
    (k − 1 = 1 being the direct matrix); capped at max_k (converged False). Values are
    shares (sum 1). Potential: the same with P → potential_value, None without P cells.
    """
    labels = _labels(labels, "variables", minimum=2)
    n = len(labels)
    potential_value = _integer(
        potential_value, 1, 3, False, "Valeur potentielle", "1–3", None, None
    )
    if isinstance(max_k, bool) or not isinstance(max_k, Integral) or max_k < 2:
        raise ForesightInputError("max_k", "Le nombre maximal de puissances doit être ≥ 2.")
    values, pmask = _int_matrix(
        matrix, labels, labels, 0, 3, "0–3 ou P", "d'influences directes", allow_p=True
    )
    result = _micmac_block(labels, values, int(max_k))
    result["n"] = n
    result["potential_cells"] = int(pmask.sum())
    if pmask.any():
        potential = values.copy()
        potential[pmask] = potential_value
        result["potential"] = _micmac_block(labels, potential, int(max_k))
        result["potential"]["potential_value"] = potential_value
    else:
        result["potential"] = None
    return result


# ------------------------------------------------------------------------------- MACTOR


def _agreements(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For actors i ≠ j, over objectives where both are non-zero: convergence when signs
    agree, divergence when they differ. Returns (count conv, count div, Σ conv, Σ div)
    with Σ = Σ_k (|x_ik| + |x_jk|) / 2. Diagonal 0."""
    pos = (x > 0).astype(float)
    neg = (x < 0).astype(float)
    a = np.abs(x).astype(float)
    ap, an = a * pos, a * neg
    conv_n = pos @ pos.T + neg @ neg.T
    div_n = pos @ neg.T + neg @ pos.T
    conv_s = (ap @ pos.T + pos @ ap.T + an @ neg.T + neg @ an.T) / 2
    div_s = (ap @ neg.T + pos @ an.T + an @ pos.T + neg @ ap.T) / 2
    for mat in (conv_n, div_n, conv_s, div_s):
        np.fill_diagonal(mat, 0.0)
    return conv_n, div_n, conv_s, div_s


def mactor(actors, objectives, mid, mao) -> dict:
    """MACTOR actors' strategies.

    actors: m names; objectives: p names; mid: m × m direct influences 0–4, diagonal 0;
    mao: m × p positions −4…+4 (2MAO). Returns the API contract keys (midi, influence,
    dependence, feedback, r, r_star, net_balance, mao3, caa1, daa1, caa2, daa2, caa3,
    daa3, implication, mobilisation, objectives) plus mao1, sectors, thresholds.

    MIDI_ij = MID_ij + Σ_k min(MID_ik, MID_kj), k over ALL actors: since MID_ii = 0 the
    terms k = i and k = j are min(0, ·) = 0, so this equals the sum over k ∉ {i, j}
    (checked by a test). MIDI_ii = Σ_k min(MID_ik, MID_ki) is the feedback.
    """
    actors = _labels(actors, "acteurs", minimum=2)
    objectives = _labels(objectives, "objectifs", minimum=1)
    m = len(actors)
    mid_v, _ = _int_matrix(mid, actors, actors, 0, 4, "0–4", "des influences directes (MID)")
    mao_v, _ = _int_matrix(
        mao, actors, objectives, -4, 4, "−4…+4", "des positions (2MAO)", square=False
    )

    # Vectorised: T[i, k, j] = min(MID_ik, MID_kj), summed over k.
    midi = mid_v + np.minimum(mid_v[:, :, None], mid_v[None, :, :]).sum(axis=1)
    influence = midi.sum(axis=1)
    dependence = midi.sum(axis=0)
    feedback = np.diag(midi).copy()
    total = float(influence.sum())
    i_f = influence.astype(float)
    d_f = dependence.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        # Decision: a zero denominator (no influence at all) gives r_i = 0.
        first = (i_f - feedback) / total if total > 0 else np.zeros(m)
        second = np.where(i_f + d_f > 0, i_f / np.where(i_f + d_f > 0, i_f + d_f, 1), 0.0)
    r = first * second
    r_sum = float(r.sum())
    # Decision: when every r_i is 0 (nobody influences anybody) all actors weigh the
    # same, r* = 1 (mean 1 kept), so 3MAO = 2MAO.
    r_star = m * r / r_sum if r_sum > 0 else np.ones(m)
    net_balance = midi - midi.T
    mao1 = np.sign(mao_v)
    mao3 = r_star[:, None] * mao_v
    caa1, daa1, caa2, daa2 = _agreements(mao_v)
    _, _, caa3, daa3 = _agreements(mao3)
    implication = np.abs(mao_v).sum(axis=1)  # integers
    mobilisation = np.abs(mao3).sum(axis=1)
    obj_for = np.where(mao3 > 0, mao3, 0.0).sum(axis=0)
    # "against" is the sum of the negative 3MAO values (a negative number or 0).
    obj_against = np.where(mao3 < 0, mao3, 0.0).sum(axis=0)
    obj_mob = np.abs(mao3).sum(axis=0)
    mean_i = total / m
    mean_d = float(dependence.sum()) / m
    sectors = _sectors(i_f, d_f, mean_i, mean_d, MACTOR_SECTORS)

    def ints(a):
        return [[int(v) for v in row] for row in a]

    return {
        "midi": ints(midi),
        "influence": [int(v) for v in influence],
        "dependence": [int(v) for v in dependence],
        "feedback": [int(v) for v in feedback],
        "r": r.tolist(),
        "r_star": r_star.tolist(),
        "net_balance": ints(net_balance),
        "mao1": ints(mao1),
        "mao3": mao3.tolist(),
        "caa1": ints(caa1),
        "daa1": ints(daa1),
        "caa2": caa2.tolist(),
        "daa2": daa2.tolist(),
        "caa3": caa3.tolist(),
        "daa3": daa3.tolist(),
        "implication": [int(v) for v in implication],
        "mobilisation": mobilisation.tolist(),
        "objectives": [
            {
                "name": objectives[k],
                "for": float(obj_for[k]),
                "against": float(obj_against[k]),
                "mobilisation": float(obj_mob[k]),
            }
            for k in range(len(objectives))
        ],
        # Plane of actors: x = D, y = I, thresholds at the means; "high" = strictly above.
        "thresholds": {"influence": mean_i, "dependence": mean_d},
        "sectors": dict(zip(actors, sectors, strict=True)),
    }


# ------------------------------------------------------------------------------ MORPHOL


def _morphol_components(components):
    if isinstance(components, str | bytes) or not isinstance(components, list | tuple):
        raise ForesightInputError("shape", "Les composantes doivent être une liste.")
    if not components:
        raise ForesightInputError("too_few", "Il faut au moins une composante.")
    names: list[str] = []
    hyps: list[list[str]] = []
    probs: list[np.ndarray] = []
    given: list[bool] = []
    owner: dict[str, tuple[int, int]] = {}
    for c, comp in enumerate(components):
        if not isinstance(comp, dict):
            raise ForesightInputError(
                "shape", f"Composante {c + 1} : objet attendu (nom, hypothèses).", row=c
            )
        name = comp.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ForesightInputError("empty_label", f"Composante {c + 1} : nom vide.", row=c)
        name = name.strip()
        if name in names:
            raise ForesightInputError(
                "duplicate_label",
                f"Composante {c + 1} ({name}) : nom déjà utilisé par la composante "
                f"{names.index(name) + 1}.",
                row=c,
            )
        raw = comp.get("hypotheses")
        if isinstance(raw, str | bytes) or not isinstance(raw, list | tuple) or len(raw) < 2:
            raise ForesightInputError(
                "too_few",
                f"Composante {c + 1} ({name}) : il faut au moins 2 hypothèses.",
                row=c,
            )
        h_names: list[str] = []
        h_probs: list[float | None] = []
        for h, hyp in enumerate(raw):
            p = None
            if isinstance(hyp, dict):
                p = hyp.get("p")
                hyp = hyp.get("name")
            where = f"Composante {c + 1} ({name}), hypothèse {h + 1}"
            if not isinstance(hyp, str) or not hyp.strip():
                raise ForesightInputError("empty_label", f"{where} : nom vide.", row=c, column=h)
            hyp = hyp.strip()
            if hyp in owner:
                oc, oh = owner[hyp]
                raise ForesightInputError(
                    "duplicate_label",
                    f"{where} : l'hypothèse {_fmt(hyp)} existe déjà (composante {oc + 1}, "
                    f"hypothèse {oh + 1}) ; les noms doivent être uniques.",
                    row=c,
                    column=h,
                )
            owner[hyp] = (c, h)
            h_names.append(hyp)
            h_probs.append(None if p is None else _probability(p, where, c, h))
        specified = [p is not None for p in h_probs]
        if any(specified) and not all(specified):
            missing = specified.index(False)
            raise ForesightInputError(
                "partial_probabilities",
                f"Composante {c + 1} ({name}), hypothèse {missing + 1} "
                f"({h_names[missing]}) : probabilité manquante (toutes ou aucune).",
                row=c,
                column=missing,
            )
        if all(specified):
            arr = np.array(h_probs, dtype=float)
            if abs(float(arr.sum()) - 1.0) > PROBABILITY_TOLERANCE:
                raise ForesightInputError(
                    "probability_sum",
                    f"Composante {c + 1} ({name}) : les probabilités somment à "
                    f"{float(arr.sum()):.6g} au lieu de 1.",
                    row=c,
                )
        else:
            # Without probabilities: uniform within the component.
            arr = np.full(len(h_names), 1.0 / len(h_names))
        names.append(name)
        hyps.append(h_names)
        probs.append(arr)
        given.append(all(specified))
    return names, hyps, probs, given, owner


def _pairs(pairs, owner, hyps, names, what: str):
    if isinstance(pairs, str | bytes) or not isinstance(pairs, list | tuple):
        raise ForesightInputError("shape", f"Les {what} doivent être une liste de paires.")
    out = []
    for e, pair in enumerate(pairs):
        if isinstance(pair, str | bytes) or not isinstance(pair, list | tuple) or len(pair) != 2:
            raise ForesightInputError(
                "shape",
                f"{what.capitalize()} {e + 1} : paire de deux hypothèses attendue.",
                row=e,
            )
        located = []
        for side, hyp in enumerate(pair):
            key = hyp.strip() if isinstance(hyp, str) else hyp
            if key not in owner:
                raise ForesightInputError(
                    "unknown_hypothesis",
                    f"{what.capitalize()} {e + 1}, élément {side + 1} : hypothèse "
                    f"{_fmt(hyp)} inconnue.",
                    row=e,
                    column=side,
                )
            located.append(owner[key])
        (c1, h1), (c2, h2) = located
        if c1 == c2:
            raise ForesightInputError(
                "same_component",
                f"{what.capitalize()} {e + 1} : {_fmt(hyps[c1][h1])} et {_fmt(hyps[c2][h2])} "
                f"appartiennent à la même composante ({names[c1]}).",
                row=e,
                column=1,
            )
        out.append(((c1, h1), (c2, h2)))
    return out


MORPHOL_MAX_STATES = 200_000


def _count_feasible(sizes, probs, forbidden) -> tuple[int, float]:
    """Exact count (and probability mass) of the feasible combinations, without listing.

    Dynamic programming over the components. The state after choosing the hypotheses of
    the components processed so far is the set of hypotheses of the remaining components
    that these choices exclude; choices leading to the same set are merged (counts and
    masses added). Components are taken in a greedy order (most constraints with those
    already placed first) to keep the sets small. Exact counting is #P-hard in general:
    beyond MORPHOL_MAX_STATES states in one step, a ForesightInputError is raised rather
    than running for hours. forbidden: set of ((c1, h1), (c2, h2)) pairs.
    """
    count_c = len(sizes)
    links = [[0] * count_c for _ in range(count_c)]
    for (c1, _), (c2, _) in forbidden:
        links[c1][c2] += 1
        links[c2][c1] += 1
    order: list[int] = []
    left = list(range(count_c))
    while left:
        # Most links to placed components, then most links overall, then input order.
        best = max(
            left,
            key=lambda c: (sum(links[c][o] for o in order), sum(links[c]), -c),
        )
        order.append(best)
        left.remove(best)
    position = {c: i for i, c in enumerate(order)}
    later: dict[tuple[int, int], set] = {}
    for a, b in forbidden:
        first, second = (a, b) if position[a[0]] < position[b[0]] else (b, a)
        later.setdefault(first, set()).add(second)
    states: dict[frozenset, list] = {frozenset(): [1, 1.0]}
    for c in order:
        nxt: dict[frozenset, list] = {}
        for banned, (count, mass) in states.items():
            rest = frozenset(x for x in banned if x[0] != c)
            for h in range(sizes[c]):
                if (c, h) in banned:
                    continue
                key = rest | later[(c, h)] if (c, h) in later else rest
                slot = nxt.get(key)
                weight = mass * float(probs[c][h])
                if slot is None:
                    nxt[key] = [count, weight]
                else:
                    slot[0] += count
                    slot[1] += weight
            if len(nxt) > MORPHOL_MAX_STATES:
                raise ForesightInputError(
                    "too_complex",
                    "Trop d'exclusions croisées entre composantes pour dénombrer exactement "
                    "les scénarios au-delà du plafond d'énumération : réduisez l'espace "
                    "(composantes, hypothèses) ou les exclusions.",
                )
        states = nxt
    count = sum(v[0] for v in states.values())
    mass = float(sum(v[1] for v in states.values()))
    return count, mass


def morphol(components, exclusions=(), preferences=(), top: int = 20, cap: int = 1_000_000):
    """MORPHOL morphological analysis.

    components: [{"name", "hypotheses": [{"name", "p"?} or name]}], each with 2+
    hypotheses, names unique across components; exclusions: pairs of hypotheses of
    different components that cannot go together; preferences: pairs (A, B) "if A then
    B", i.e. A is excluded with every other hypothesis of B's component. p: all or none
    within a component (summing to 1 ± 1e-6), uniform when none.

    Returns space (Π n_c), feasible (exact count), scenarios (top N by p renormalised
    over the feasible ones, highest first, ties by input order = lexicographic order of
    the combinations), enumerated (space ≤ cap), truncated (fewer listed than feasible),
    mass (probability of the feasible set before renormalisation).
    Beyond the cap the feasible count is exact (dynamic programming) but nothing is listed.
    """
    names, hyps, probs, given, owner = _morphol_components(components)
    excl = _pairs(exclusions, owner, hyps, names, "exclusion")
    prefs = _pairs(preferences, owner, hyps, names, "préférence")
    for name, value in (("top", top), ("cap", cap)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < 0:
            raise ForesightInputError(name, f"Le paramètre {name} doit être un entier ≥ 0.")
    sizes = [len(h) for h in hyps]
    forbidden: set = set()
    for a, b in excl:
        forbidden.add((a, b) if a[0] < b[0] else (b, a))
    for a, (cb, hb) in prefs:
        for h in range(sizes[cb]):
            if h != hb:
                other = (cb, h)
                forbidden.add((a, other) if a[0] < cb else (other, a))
    space = math.prod(sizes)
    result: dict = {
        "space": space,
        "feasible": 0,
        "scenarios": [],
        "enumerated": space <= cap,
        "truncated": False,
        "mass": 0.0,
        "probabilities": "given" if all(given) else ("partial" if any(given) else "uniform"),
        "excluded_pairs": len(forbidden),
    }
    if space <= cap:
        # Mixed-radix enumeration, component 0 most significant (= lexicographic order):
        # the digit of component c repeats each hypothesis `inner` times, `outer` times.
        digits = []
        inner = space
        for size in sizes:
            inner //= size
            outer = space // (inner * size)
            digits.append(np.tile(np.repeat(np.arange(size, dtype=np.int16), inner), outer))
        feasible = np.ones(space, dtype=bool)
        by_pair: dict[tuple[int, int], np.ndarray] = {}
        for (c1, h1), (c2, h2) in forbidden:
            table = by_pair.setdefault((c1, c2), np.zeros((sizes[c1], sizes[c2]), dtype=bool))
            table[h1, h2] = True
        for (c1, c2), table in by_pair.items():
            # Flat lookup: forbidden[d1 * size2 + d2].
            flat = digits[c1].astype(np.int32) * sizes[c2] + digits[c2]
            feasible &= ~table.ravel()[flat]
        index = np.flatnonzero(feasible)
        p = np.ones(len(index))
        for c, d in enumerate(digits):
            p *= probs[c][d[index]]
        mass = float(p.sum())
        result["feasible"] = len(index)
        result["mass"] = mass
        if len(index) and top:
            pn = p / mass if mass > 0 else np.zeros_like(p)
            order = _top(pn, top)
            result["scenarios"] = [
                {
                    "hypotheses": [hyps[c][int(digits[c][index[i]])] for c in range(len(sizes))],
                    "p": float(pn[i]),
                }
                for i in order
            ]
        result["truncated"] = len(result["scenarios"]) < len(index)
    else:
        count, mass = _count_feasible(sizes, probs, forbidden)
        result["feasible"] = count
        result["mass"] = mass
        result["truncated"] = count > 0
    return result


# --------------------------------------------------------------------------------- SMIC


def _smic_design(n: int) -> tuple[np.ndarray, list[str]]:
    """Scenario table: row s is the truth of each hypothesis in scenario s (binary order,
    hypothesis 1 first, all-1 first: "11", "10", "01", "00")."""
    count = 2**n
    s = np.arange(count)
    truth = np.array([1 - ((s >> (n - 1 - i)) & 1) for i in range(n)], dtype=float).T
    codes = ["".join(str(int(b)) for b in row) for row in truth]
    return truth, codes


def _smic_system(truth: np.ndarray, p, pg, pgn) -> tuple[np.ndarray, np.ndarray]:
    """Rows of A and b so that the objective is ||A π − b||²."""
    n = truth.shape[1]
    rows, rhs = [], []
    for i in range(n):
        rows.append(truth[:, i])
        rhs.append(p[i])
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            rows.append(truth[:, i] * truth[:, j])
            rhs.append(pg[i][j] * p[j])
            rows.append(truth[:, i] * (1 - truth[:, j]))
            rhs.append(pgn[i][j] * (1 - p[j]))
    return np.array(rows), np.array(rhs)


def _smic_solve(a: np.ndarray, b: np.ndarray, tie_rule: bool) -> tuple[np.ndarray, float, bool]:
    """Least squares on the simplex, then (tie_rule) maximum entropy among the optima."""
    from scipy.optimize import minimize

    size = a.shape[1]
    ata, atb = a.T @ a, a.T @ b
    bb = float(b @ b)

    def objective(x):
        return float(x @ ata @ x - 2 * atb @ x + bb)

    def gradient(x):
        return 2 * (ata @ x - atb)

    start = np.full(size, 1.0 / size)
    bounds = [(0.0, 1.0)] * size
    simplex = {"type": "eq", "fun": lambda x: x.sum() - 1.0, "jac": lambda x: np.ones(size)}
    first = minimize(
        objective,
        start,
        jac=gradient,
        bounds=bounds,
        constraints=[simplex],
        method="SLSQP",
        options={"ftol": 1e-15, "maxiter": 2000},
    )
    best = np.clip(first.x, 0.0, None)
    best /= best.sum()
    optimum = objective(best)
    stacked = np.vstack([a, np.ones(size)])
    sv = np.linalg.svd(stacked, compute_uv=False)
    unique = int(np.sum(sv > sv[0] * 1e-10)) == size
    if unique or not tie_rule:
        return best, optimum, unique
    # Every optimum has the same fitted values A π (the objective is strictly convex in
    # A π), so the optimal set is {π in the simplex : A π = A π*}. It is imposed through
    # an orthonormal basis of the row space of [A; 1] (independent constraints).
    _, s_full, vt = np.linalg.svd(stacked, full_matrices=False)
    basis = vt[s_full > s_full[0] * 1e-10]
    target = basis @ best
    candidate = _max_entropy(basis, target)
    if candidate is not None and objective(candidate) <= optimum + 1e-9:
        best = candidate
    return best, objective(best), unique


def _max_entropy(basis: np.ndarray, target: np.ndarray) -> np.ndarray | None:
    """Maximum-entropy π ≥ 0 with basis @ π = target (the rows of basis span 1).

    1. Support: the scenarios that can be positive at all, from one LP on the
       homogenised set {x ≥ 0, basis x = τ target, τ ≥ 0}, maximising Σ min(x_i, 1).
    2. On the support, the dual of max −Σ π log π is smooth and unconstrained:
       π(λ) = exp(basisᵀλ − 1), minimise Σ π(λ) − λ·target, by damped Newton.
    Returns None if the numerics fail (the caller keeps the least-squares optimum).
    """
    from scipy.optimize import linprog

    rows, size = basis.shape
    # Variables: x (size), y (size), τ. Maximise Σ y: y ≤ x, y ≤ 1, basis x − τ t = 0.
    c = np.concatenate([np.zeros(size), -np.ones(size), [0.0]])
    a_ub = np.hstack([-np.eye(size), np.eye(size), np.zeros((size, 1))])
    a_eq = np.hstack([basis, np.zeros((rows, size)), -target[:, None]])
    bounds = [(0, None)] * size + [(0, 1)] * size + [(0, None)]
    lp = linprog(
        c,
        A_ub=a_ub,
        b_ub=np.zeros(size),
        A_eq=a_eq,
        b_eq=np.zeros(rows),
        bounds=bounds,
        method="highs",
    )
    if lp.status != 0:
        return None
    support = lp.x[size : 2 * size] > 1e-7
    if not support.any():
        return None
    b_s = basis[:, support]
    lam = np.zeros(rows)

    def dual(lam):
        return float(np.exp(b_s.T @ lam - 1.0).sum() - lam @ target)

    for _ in range(200):
        pi_s = np.exp(b_s.T @ lam - 1.0)
        grad = b_s @ pi_s - target
        if np.abs(grad).max() < 1e-13:
            break
        hess = (b_s * pi_s) @ b_s.T
        step = np.linalg.lstsq(hess, -grad, rcond=1e-12)[0]
        t, current = 1.0, dual(lam)
        while t > 1e-12 and dual(lam + t * step) > current + 1e-4 * t * (grad @ step):
            t /= 2
        lam = lam + t * step
    pi = np.zeros(size)
    pi[support] = np.exp(b_s.T @ lam - 1.0)
    if not np.all(np.isfinite(pi)) or np.abs(basis @ pi - target).max() > 1e-8:
        return None
    return pi / pi.sum()


def _smic_marginals(truth: np.ndarray, pi: np.ndarray):
    n = truth.shape[1]
    p = truth.T @ pi
    both = truth.T @ (truth * pi[:, None])  # both[i, j] = P(i ∩ j)
    given = [[None] * n for _ in range(n)]
    given_not = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            # P(i | j) = P(i ∩ j) / P(j); None when P(j) = 0 (undefined).
            if p[j] > 1e-12:
                given[i][j] = float(both[i, j] / p[j])
            if 1 - p[j] > 1e-12:
                given_not[i][j] = float((p[i] - both[i, j]) / (1 - p[j]))
    return p, given, given_not


def smic(hypotheses, experts) -> dict:
    """SMIC-Prob-Expert cross-impact probabilities.

    hypotheses: n names, 2 ≤ n ≤ 6; experts: [{"p": [n], "p_given": [[n]],
    "p_given_not": [[n]]}] with p_given[i][j] = P(i | j), p_given_not[i][j] = P(i | not j),
    diagonal ignored. Returns scenarios [{code, p}] (binary order, hypothesis 1 first,
    "11", "10", "01", "00"), p (corrected P*(i)), p_given, p_given_not (P*(i|j), P*(i|¬j),
    None when the condition has probability 0), objective, unique, max_entropy, note,
    experts (the same per expert).

    Decision: with several experts, each expert's answers are solved separately and the
    resulting scenario probabilities are averaged (as SMIC-Prob-Expert aggregates the
    experts' results). Each expert's answers are thereby made coherent on their own,
    the average of distributions is a distribution whose marginals are the averages of
    the experts' corrected marginals; averaging the raw inputs instead would mix
    P(i | j) and P(j) of different experts in the products P(i | j) P(j).
    `objective` is the mean of the experts' objective values.
    """
    hypotheses = _labels(hypotheses, "hypothèses", minimum=1)
    n = len(hypotheses)
    if not 2 <= n <= 6:
        raise ForesightInputError("smic_size", f"SMIC traite de 2 à 6 hypothèses (reçu : {n}).")
    if isinstance(experts, dict):
        experts = [experts]
    if not isinstance(experts, list | tuple) or not experts:
        raise ForesightInputError("experts", "Il faut au moins un expert.")
    truth, codes = _smic_design(n)
    per_expert = []
    tie_rule = n >= 3
    for e, expert in enumerate(experts):
        if not isinstance(expert, dict):
            raise ForesightInputError("experts", f"Expert {e + 1} : objet attendu.", row=None)
        prefix = f"Expert {e + 1}, " if len(experts) > 1 else ""
        raw_p = expert.get("p")
        if isinstance(raw_p, str | bytes) or not isinstance(raw_p, list | tuple):
            raise ForesightInputError("shape", f"{prefix}P(i) : liste de {n} valeurs attendue.")
        if len(raw_p) != n:
            raise ForesightInputError(
                "labels_count", f"{prefix}P(i) : {len(raw_p)} valeurs pour {n} hypothèses."
            )
        p = [
            _probability(v, f"{prefix}P({i + 1}) ({hypotheses[i]})", i, None)
            for i, v in enumerate(raw_p)
        ]
        matrices = []
        for key, symbol in (("p_given", "P(i | j)"), ("p_given_not", "P(i | non j)")):
            raw = expert.get(key)
            what = f"{prefix}{symbol}"
            _rows(raw, n, n, hypotheses, hypotheses, what, True)
            mat = np.zeros((n, n))
            for i in range(n):
                for j in range(n):
                    if i != j:
                        where = f"{what}, {_where(i, hypotheses, j, hypotheses)}"
                        mat[i, j] = _probability(raw[i][j], where, i, j)
            matrices.append(mat)
        a, b = _smic_system(truth, p, matrices[0], matrices[1])
        pi, value, unique = _smic_solve(a, b, tie_rule)
        per_expert.append((pi, value, unique))
    pi = np.mean([x[0] for x in per_expert], axis=0)
    pi = np.clip(pi, 0.0, None)
    pi /= pi.sum()
    objective = float(np.mean([x[1] for x in per_expert]))
    unique = all(x[2] for x in per_expert)
    p_star, given, given_not = _smic_marginals(truth, pi)
    experts_out = []
    for expert_pi, value, _ in per_expert:
        ep, eg, egn = _smic_marginals(truth, expert_pi)
        experts_out.append(
            {
                "scenarios": [
                    {"code": c, "p": float(v)} for c, v in zip(codes, expert_pi, strict=True)
                ],
                "p": ep.tolist(),
                "p_given": eg,
                "p_given_not": egn,
                "objective": float(value),
            }
        )
    return {
        "scenarios": [{"code": c, "p": float(v)} for c, v in zip(codes, pi, strict=True)],
        "p": p_star.tolist(),
        "p_given": given,
        "p_given_not": given_not,
        "objective": objective,
        "unique": unique,
        "max_entropy": not unique,
        "note": None
        if unique
        else (
            "Plusieurs jeux de probabilités des scénarios ajustent au mieux les réponses : "
            "la solution d'entropie maximale est retenue."
        ),
        "experts": experts_out,
    }
