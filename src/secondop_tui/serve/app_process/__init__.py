"""An SSH session's app process on its own pseudo-terminal, started cold or forked by the warm helper."""
