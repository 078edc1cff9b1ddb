"""How masses and shares are written in messages, screens and reports: one place, so that a
kilogram reads the same on the close dialog, the dashboard and the printed reports."""


def format_kg(value, fixed=False):
    """kg with up to 3 decimals (grams) and thousands separated.

    As every screen and message shows them (``fixed=False``): no trailing zeros, 1,000.5.
    In the columns of a printed report (``fixed=True``): always 3 decimals, 1,000.500, so
    that the figures line up. ``None`` (no figure): an empty string."""
    if value is None:
        return ""
    if fixed:
        return f"{value:,.3f}"
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_t(value):
    """kg as tonnes with 3 decimals (kg precision), thousands separated: 1,000.500."""
    return "" if value is None else format_kg(value / 1000.0, fixed=True)


def format_share(value):
    """A ratio (0.25) as a percentage with one decimal: 25.0 %."""
    return "" if value is None else f"{value * 100:.1f} %"
