import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_programmation_periode"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="changementsiret",
            name="transfert_confirme_le",
            field=models.DateField(
                blank=True,
                help_text="La DREETS confirme avoir reporté les sites et agréments sur le nouveau SIRET (AGR-SIRET).",
                null=True,
                verbose_name="report confirmé par la DREETS le",
            ),
        ),
        migrations.AddField(
            model_name="changementsiret",
            name="transfert_confirme_par",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="report confirmé par",
            ),
        ),
    ]
