class CommerceError(ValueError):
    """Input the register refuses, with a message a person can act on (in Hungarian once
    translated). Views show it; nothing is written."""
