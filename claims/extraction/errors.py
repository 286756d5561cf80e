class InputError(ValueError):
    """Input we refuse, with a one-line message a user can act on."""
