"""The Python dynamic-resource front end: the `PackageImportJob` resource (``resource``, with its generated typed
surface ``surface``) and what the SDK's dynamic-provider server lacks (``server_hooks``, ``one_line_errors``).

The provider class itself stays at `components.provider`: stacks store it pickled by that module path.
"""
