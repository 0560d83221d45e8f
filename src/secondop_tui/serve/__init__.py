"""``secondop serve``: the guide over SSH, one app and one checklist per person.

Nothing is imported here, so that a module of the package can run without the server's (asyncssh above all).
"""
