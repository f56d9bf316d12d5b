"""Schemas of `POST /api/foresight/<tool>`: the contract of the foresight specification.

Field names are fixed by the contract (input and output); lists follow the input order.
`for` is a Python keyword: the field is `for_` with the alias "for" (the operations
serialise by alias). Descriptions are in French: they are the API's documentation.
"""

from ninja import Schema
from pydantic import ConfigDict, Field

# Size limits (checked by the API before the engine runs, answered as French 422s).
MAX_MICMAC_VARIABLES = 200
MAX_MACTOR_ACTORS = 100
MAX_MACTOR_OBJECTIVES = 200
MAX_MORPHOL_COMPONENTS = 20
MAX_MORPHOL_HYPOTHESES = 20
MAX_MORPHOL_PAIRS = 1000
MAX_MORPHOL_TOP = 1000
MAX_SMIC_HYPOTHESES = 6
MAX_SMIC_EXPERTS = 50


class ErrorOut(Schema):
    detail: str = Field(description="Message en français, nommant la ligne et la colonne.")
    code: str = Field(description="Raison, lisible par un programme (ex. « out_of_scale »).")
    row: int | None = Field(None, description="Ligne en cause (à partir de 0), s'il y a lieu.")
    column: int | None = Field(None, description="Colonne en cause (à partir de 0), s'il y a lieu.")


# --- MICMAC -------------------------------------------------------------------------------


class MicmacIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "labels": ["Financement", "Bénévolat", "Gouvernance"],
                "matrix": [[0, 3, 1], [2, 0, "P"], [1, 1, 0]],
                "potential_value": 3,
            }
        }
    )

    labels: list[str] = Field(description="Libellés des variables (2 à 200, uniques).")
    matrix: list[list[int | float | str]] = Field(
        description="Matrice des influences directes n × n : a_ij = influence de la variable "
        "i sur la variable j ; 0 (nulle), 1 (faible), 2 (moyenne), 3 (forte) ou « P » "
        "(potentielle) ; diagonale à 0."
    )
    potential_value: int = Field(
        3, description="Valeur donnée aux « P » (1 à 3) pour la matrice potentielle."
    )


class StabilityOut(Schema):
    k: int = Field(description="Puissance de la matrice.")
    influence: float = Field(description="% des variables dont le rang d'influence est stable.")
    dependence: float = Field(description="% des variables dont le rang de dépendance est stable.")


class MicmacDirectOut(Schema):
    influence: list[int] = Field(description="Influence directe : somme de la ligne.")
    dependence: list[int] = Field(description="Dépendance directe : somme de la colonne.")
    influence_rank: list[str] = Field(description="Variables par influence décroissante.")
    dependence_rank: list[str] = Field(description="Variables par dépendance décroissante.")
    threshold: float = Field(description="Seuil des deux axes : moyenne T / n.")


class MicmacIndirectOut(Schema):
    influence: list[float] = Field(description="Part de l'influence indirecte (somme 1).")
    dependence: list[float] = Field(description="Part de la dépendance indirecte (somme 1).")
    influence_rank: list[str]
    dependence_rank: list[str]
    k: int = Field(description="Puissance atteinte.")
    converged: bool = Field(description="Classements stabilisés avant la puissance 30.")
    stability: list[StabilityOut] = Field(description="Stabilité à chaque puissance.")
    sectors: dict[str, str] = Field(description="Secteur de chaque variable (plan indirect).")
    threshold: float = Field(description="Seuil des deux axes : 1 / n.")
    note: str | None = Field(None, description="Remarque (matrice nulle, graphe sans circuit).")


class DisplacementOut(Schema):
    influence: int = Field(description="Rang direct − rang indirect (influence).")
    dependence: int = Field(description="Rang direct − rang indirect (dépendance).")


class MicmacPotentialOut(Schema):
    direct: MicmacDirectOut
    indirect: MicmacIndirectOut
    sectors: dict[str, str]
    regulating: list[str]
    displacement: dict[str, DisplacementOut]


class MicmacOut(Schema):
    direct: MicmacDirectOut
    indirect: MicmacIndirectOut
    sectors: dict[str, str] = Field(
        description="Secteur de chaque variable sur le plan direct : influent, relais, "
        "dependant ou autonome."
    )
    regulating: list[str] = Field(
        description="Variables régulatrices : à ±10 % des deux moyennes (plan direct)."
    )
    displacement: dict[str, DisplacementOut] = Field(
        description="Déplacement de chaque variable entre classement direct et indirect."
    )
    potential: MicmacPotentialOut | None = Field(
        description="Les mêmes calculs avec « P » remplacé par potential_value ; null sans "
        "case « P »."
    )


# --- MACTOR -------------------------------------------------------------------------------


class MactorIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "actors": ["État", "Association", "Mécène"],
                "objectives": ["Ouvrir un tiers-lieu", "Salarier un coordinateur"],
                "mid": [[0, 3, 2], [1, 0, 1], [2, 2, 0]],
                "mao": [[2, -1], [4, 3], [1, 0]],
            }
        }
    )

    actors: list[str] = Field(description="Acteurs (2 à 100, uniques).")
    objectives: list[str] = Field(description="Objectifs (1 à 200, uniques).")
    mid: list[list[int | float | str]] = Field(
        description="Influences directes m × m de l'acteur i sur j : 0 (aucune), 1 "
        "(procédures), 2 (projets), 3 (missions), 4 (existence) ; diagonale à 0."
    )
    mao: list[list[int | float | str]] = Field(
        description="Positions 2MAO m × p de l'acteur i sur l'objectif k, de −4 à +4 (signe "
        "= pour ou contre, valeur = importance)."
    )


class ObjectiveOut(Schema):
    model_config = ConfigDict(populate_by_name=True)

    name: str
    for_: float = Field(alias="for", description="Somme des valeurs 3MAO positives.")
    against: float = Field(description="Somme des valeurs 3MAO négatives (≤ 0).")
    mobilisation: float = Field(description="Somme des |3MAO|.")


class MactorOut(Schema):
    midi: list[list[int]] = Field(description="Influences directes et indirectes (MIDI).")
    influence: list[int] = Field(description="I_i : somme de la ligne de MIDI.")
    dependence: list[int] = Field(description="D_i : somme de la colonne de MIDI.")
    feedback: list[int] = Field(description="MIDI_ii : rétroaction de l'acteur sur lui-même.")
    r: list[float] = Field(description="Rapport de force r_i.")
    r_star: list[float] = Field(description="Rapport de force normé r*_i (moyenne 1).")
    net_balance: list[list[int]] = Field(description="Balance nette MIDI − MIDIᵀ.")
    mao3: list[list[float]] = Field(description="3MAO = r* × 2MAO.")
    caa1: list[list[int]] = Field(description="Nombre de convergences entre acteurs.")
    daa1: list[list[int]] = Field(description="Nombre de divergences entre acteurs.")
    caa2: list[list[float]] = Field(description="Convergences pondérées (2MAO).")
    daa2: list[list[float]] = Field(description="Divergences pondérées (2MAO).")
    caa3: list[list[float]] = Field(description="Convergences pondérées (3MAO).")
    daa3: list[list[float]] = Field(description="Divergences pondérées (3MAO).")
    implication: list[float] = Field(description="Implication : Σ |2MAO| par acteur.")
    mobilisation: list[float] = Field(description="Mobilisation : Σ |3MAO| par acteur.")
    objectives: list[ObjectiveOut]
    sectors: dict[str, str] = Field(
        description="Plan des acteurs : dominant, relais, domine ou autonome."
    )


# --- MORPHOL ------------------------------------------------------------------------------


class HypothesisIn(Schema):
    name: str
    p: float | None = Field(
        None, description="Probabilité (toutes ou aucune dans une composante, somme 1)."
    )


class ComponentIn(Schema):
    name: str
    hypotheses: list[HypothesisIn] = Field(description="2 à 20 hypothèses.")


class MorpholIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "components": [
                    {
                        "name": "Financement",
                        "hypotheses": [
                            {"name": "Public", "p": 0.6},
                            {"name": "Privé", "p": 0.4},
                        ],
                    },
                    {
                        "name": "Gouvernance",
                        "hypotheses": [
                            {"name": "Collégiale", "p": 0.5},
                            {"name": "Verticale", "p": 0.5},
                        ],
                    },
                ],
                "exclusions": [["Privé", "Collégiale"]],
                "preferences": [],
                "top": 20,
            }
        }
    )

    components: list[ComponentIn] = Field(description="Composantes (1 à 20).")
    exclusions: list[list[str]] = Field(
        default_factory=list,
        description="Paires d'hypothèses de composantes différentes incompatibles.",
    )
    preferences: list[list[str]] = Field(
        default_factory=list,
        description="Paires [A, B] « si A alors B » : A exclue avec les autres hypothèses de "
        "la composante de B.",
    )
    top: int = Field(20, description="Nombre de scénarios listés (0 à 1 000).")


class MorpholScenarioOut(Schema):
    hypotheses: list[str] = Field(description="Une hypothèse par composante.")
    p: float = Field(description="Probabilité renormalisée sur les scénarios possibles.")


class MorpholOut(Schema):
    space: int = Field(description="Taille de l'espace morphologique Π n_c.")
    feasible: int = Field(description="Nombre de scénarios possibles.")
    scenarios: list[MorpholScenarioOut] = Field(description="Les plus probables d'abord.")
    enumerated: bool = Field(description="Espace énuméré (≤ 10⁶ combinaisons).")
    truncated: bool = Field(description="Moins de scénarios listés que de possibles.")


# --- SMIC ---------------------------------------------------------------------------------


class ExpertIn(Schema):
    p: list[float] = Field(description="P(i) : probabilité de chaque hypothèse.")
    p_given: list[list[float]] = Field(description="p_given[i][j] = P(i | j) (diagonale ignorée).")
    p_given_not: list[list[float]] = Field(
        description="p_given_not[i][j] = P(i | non j) (diagonale ignorée)."
    )


class SmicIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "hypotheses": ["Subvention maintenue", "Nouveau local"],
                "experts": [
                    {
                        "p": [0.6, 0.5],
                        "p_given": [[0, 0.7], [0.6, 0]],
                        "p_given_not": [[0, 0.5], [0.35, 0]],
                    }
                ],
            }
        }
    )

    hypotheses: list[str] = Field(description="Hypothèses binaires (2 à 6).")
    experts: list[ExpertIn] = Field(description="Réponses de chaque expert (1 à 50).")


class SmicScenarioOut(Schema):
    code: str = Field(description="« 1 » = l'hypothèse se réalise ; hypothèse 1 en tête.")
    p: float


class SmicOut(Schema):
    scenarios: list[SmicScenarioOut] = Field(
        description="Les 2ⁿ scénarios dans l'ordre binaire (« 11 », « 10 », « 01 », « 00 »)."
    )
    p: list[float] = Field(description="P*(i) corrigées.")
    p_given: list[list[float | None]] = Field(
        description="P*(i | j) corrigées (null si P*(j) = 0)."
    )
    p_given_not: list[list[float | None]] = Field(
        description="P*(i | non j) corrigées (null si P*(j) = 1)."
    )
    objective: float = Field(description="Valeur de l'écart quadratique minimisé.")
    unique: bool = Field(description="Solution optimale unique.")
    note: str | None = Field(
        None, description="Règle d'entropie maximale appliquée (n ≥ 3, optimum non unique)."
    )
