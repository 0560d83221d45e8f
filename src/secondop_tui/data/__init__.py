"""Everything that touches disk: where files live, private atomic writes, and the progress store.

Only ``store``, ``storage`` and ``schema`` know TinyDB or the progress file's layout; the rest of the app
calls ``ProgressStore``'s small API.
"""
