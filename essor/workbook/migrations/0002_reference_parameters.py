"""The reference parameters Essor starts with, each with its year and source.

Values are copied here (not imported) so that this migration stays what it was when it
ran; the coordination edits them afterwards in Essor, with a history of changes.
"""

from decimal import Decimal

from django.db import migrations

SMIC_2025 = "Décret n° 2024-951 du 23 octobre 2024 (SMIC horaire brut au 1er novembre 2024)"
SMIC_2026 = "Décret n° 2025-1228 (SMIC horaire brut au 1er janvier 2026)"
CHARGES = "Valeur de travail usuelle (SMIC chargé ≈ SMIC × 1,42) — à ajuster par la coordination"
ADEME = "ADEME, Base Empreinte — valeur indicative à actualiser"

# key, year, value, unit, label, source
PARAMETERS = [
    ("smic_hourly", 2025, "11.88", "€/h", "SMIC horaire brut", SMIC_2025),
    ("smic_hourly", 2026, "12.02", "€/h", "SMIC horaire brut", SMIC_2026),
    ("charge_coefficient", 2025, "1.42", "×", "Coefficient de charges", CHARGES),
    ("legal_annual_hours", 2025, "1607", "h", "Durée annuelle légale du travail (ETP)",
     "Code du travail, art. L3121-41"),
    ("smic_annual_hours", 2025, "1820.04", "h",
     "Heures annuelles du SMIC mensuel (151,67 h × 12)",
     "Code du travail, art. L3121-27 (35 h × 52 / 12 = 151,67 h par mois)"),
    ("esus_utility_ratio", 2025, "0.666667", "ratio",
     "ESUS : part minimale des charges liées à l'utilité sociale",
     "Code du travail, art. L3332-17-1 et R3332-21-3 (deux tiers) — à confirmer"),
    ("esus_mean_top5_multiple", 2025, "7", "× SMIC annuel",
     "ESUS : plafond de la moyenne des cinq plus hautes rémunérations",
     "Code du travail, art. L3332-17-1"),
    ("esus_highest_multiple", 2025, "10", "× SMIC annuel",
     "ESUS : plafond de la plus haute rémunération", "Code du travail, art. L3332-17-1"),
    ("grade_execution", 2025, "1", "× SMIC", "SMIC gradué : exécution",
     "Barème gradué de la méthode (× 1, × 2, × 3)"),
    ("grade_encadrement", 2025, "2", "× SMIC", "SMIC gradué : encadrement",
     "Barème gradué de la méthode (× 1, × 2, × 3)"),
    ("grade_expertise", 2025, "3", "× SMIC", "SMIC gradué : expertise",
     "Barème gradué de la méthode (× 1, × 2, × 3)"),
    ("ef_electricity", 2025, "0.052", "kg CO2e/kWh", "Électricité (France)", ADEME),
    ("ef_gas", 2025, "0.227", "kg CO2e/kWh", "Gaz naturel", ADEME),
    ("ef_fuel_oil", 2025, "0.324", "kg CO2e/kWh", "Fioul domestique", ADEME),
    ("ef_diesel", 2025, "3.17", "kg CO2e/L", "Gazole", ADEME),
    ("ef_petrol", 2025, "2.79", "kg CO2e/L", "Essence", ADEME),
    ("ef_car_km", 2025, "0.218", "kg CO2e/km", "Voiture particulière (moyenne)", ADEME),
    ("ef_train_km", 2025, "0.005", "kg CO2e/km", "Train (moyenne grandes lignes)", ADEME),
    ("ef_bus_km", 2025, "0.113", "kg CO2e/km", "Autobus", ADEME),
    ("ef_plane_km", 2025, "0.258", "kg CO2e/km", "Avion court-courrier", ADEME),
]


def seed(apps, schema_editor):
    Parameter = apps.get_model("workbook", "ReferenceParameter")
    for key, year, value, unit, label, source in PARAMETERS:
        Parameter.objects.get_or_create(
            key=key,
            year=year,
            defaults={"value": Decimal(value), "unit": unit, "label": label, "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("workbook", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
