"""The Pulumi-free core: what a gate is and does, for every front end.

The property table (``table``) and the job (``job``); the errors users read (``errors``, spelled by each
front end); reaching Panorama (``client``) and the rules inputs obey (``rules``); waiting (``backoff``,
``waiting``, ``progress``); starting and finding jobs (``importing``, ``finding``); which job a gate stands for
(``identity``, ``migrations``); and the resource's and the function's behaviour (``lifecycle``, ``lookup``).
Nothing here imports pulumi; botocore is imported only when a client is built or a rule needs its data.
"""
