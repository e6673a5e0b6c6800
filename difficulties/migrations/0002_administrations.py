from django.db import migrations

# The administrations Togolese abroad most often deal with; officers keep the list.
ADMINISTRATIONS = [
    ("dgdn", "Direction générale de la documentation nationale (passeports, cartes d'identité)"),
    ("etat-civil", "Direction de l'état civil"),
    ("nationalite", "Service de la nationalité (ministère de la Justice)"),
    ("consulaire", "Direction des affaires consulaires (ministère des Affaires étrangères)"),
    ("douanes", "Commissariat des douanes et droits indirects (OTR)"),
    ("impots", "Commissariat des impôts (OTR)"),
    ("foncier", "Direction des affaires domaniales et cadastrales"),
    ("justice", "Tribunaux et greffes (ministère de la Justice)"),
    ("banque-centrale", "Direction nationale de la BCEAO (banques et transferts)"),
    ("immigration", "Direction générale de la police nationale (visas, immigration)"),
]


def create(apps, schema_editor):
    Administration = apps.get_model("difficulties", "Administration")
    for code, name in ADMINISTRATIONS:
        Administration.objects.get_or_create(code=code, defaults={"name": name})


def remove(apps, schema_editor):
    Administration = apps.get_model("difficulties", "Administration")
    Administration.objects.filter(code__in=[code for code, _ in ADMINISTRATIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("difficulties", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
