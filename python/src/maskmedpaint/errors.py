"""Errors meant for the person running the toolkit: the command line prints their message alone."""


class UserFacingError(Exception):
    """Bad input or environment with a specific, actionable message (no traceback needed)."""
