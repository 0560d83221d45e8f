"""The SSH front: listening, logins, each session, the limits all connections share."""

import warnings

from cryptography.utils import CryptographyDeprecationWarning

# asyncssh still names DSA and finite-field Diffie-Hellman, which cryptography 50 and 51 deprecate: a dozen lines
# about asyncssh's own code at every start of the server, which a clinic's IT person can do nothing about. Only
# these are left out; any other warning is still shown.
warnings.filterwarnings("ignore", category=CryptographyDeprecationWarning, module=r"asyncssh\.")
