"""Each suspension names its subscription's reseller, so a reseller's run-rate trend reads its
few suspensions from their own index instead of walking all its subscriptions."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def name_the_resellers(apps, schema_editor):
    Subscription = apps.get_model("orders", "Subscription")
    SubscriptionSuspension = apps.get_model("orders", "SubscriptionSuspension")
    SubscriptionSuspension.objects.update(
        reseller_id=Subquery(
            Subscription.objects.filter(pk=OuterRef("subscription_id")).values("reseller_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0006_customer_totals"),
        ("tenancy", "0008_membership_active_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscriptionsuspension",
            name="reseller",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tenancy.organization",
            ),
        ),
        migrations.RunPython(name_the_resellers, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="subscriptionsuspension",
            name="reseller",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tenancy.organization",
            ),
        ),
    ]
