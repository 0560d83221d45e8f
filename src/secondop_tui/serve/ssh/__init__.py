"""The SSH front: listening, logins, each session, the limits all connections share."""
