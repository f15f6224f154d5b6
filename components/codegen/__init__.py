"""Everything derived from the property table (`components/core/table.py`), written by one command:
`python -m components.codegen` (`make generate`).

- ``python``: the dynamic resource's typed surface, `components/dynamic/surface.py`;
- ``docs``: the inputs and outputs tables of the docs (between `<!-- generated:NAME -->` markers);
- the plugin's schema, `schema.json` (``components.plugin.schema``), and the SDKs generated from it into
  `sdk/{nodejs,go,python}` (by `scripts/sdks.sh`, which runs Pulumi's own code generators).
"""
