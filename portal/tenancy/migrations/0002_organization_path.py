from django.db import migrations, models


def fill_paths(apps, schema_editor):
    Organization = apps.get_model("tenancy", "Organization")
    paths = {}
    pending = list(Organization.objects.order_by("pk").values_list("pk", "parent_id"))
    while pending:
        left = []
        for pk, parent_id in pending:
            if parent_id is None:
                paths[pk] = f"/{pk}/"
            elif parent_id in paths:
                paths[pk] = f"{paths[parent_id]}{pk}/"
            else:
                left.append((pk, parent_id))
        if len(left) == len(pending):
            raise RuntimeError("The organization tree has a cycle.")
        pending = left
    for pk, path in paths.items():
        Organization.objects.filter(pk=pk).update(path=path)


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="path",
            field=models.CharField(blank=True, editable=False, max_length=255),
        ),
        migrations.RunPython(fill_paths, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["path"], name="org_path"),
        ),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["kind", "path"], name="org_kind_path"),
        ),
    ]
