"""Release 0.4.0 the way Pulumi providers ship (issue 26): `make release` builds dist/release, and the
rehearsal (`make rehearsal`) publishes it to registry software started on this machine and installs it by name.

This package never imports `panorama_import_gate` or `components`: it reads the version and the entry points
from their files, and runs what it built (the wheel, the plugin archive) in processes of their own."""
