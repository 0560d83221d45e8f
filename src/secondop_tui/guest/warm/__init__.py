"""The warm helper: a process with the app already loaded that forks each SSH session's app, and what the
server needs to adopt, watch and talk to what it forks."""
