"""The Pulumi provider plugin `panorama-import-gate`: the gate for every Pulumi language.

A second front end over the same core and the same behaviour (`components.core.lifecycle`)
as the Python dynamic provider. ``schema`` derives the package schema from the
property table, ``wire`` translates property values, ``provider`` implements the
plugin, and ``server`` serves it (the console script `pulumi-resource-panorama-import-gate`).
"""

PACKAGE = "panorama-import-gate"
RESOURCE_TOKEN = f"{PACKAGE}:index:PackageImportJob"
FUNCTION_TOKEN = f"{PACKAGE}:index:getPackageImportJob"
