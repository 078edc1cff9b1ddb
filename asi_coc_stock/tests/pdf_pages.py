"""The text of a PDF report page by page, as ``pdftotext -layout`` (poppler-utils) reads it.

Odoo prints PDF reports with wkhtmltopdf; whichever build runs, the tests read what a person
reads: which page carries what. A PDF without a text layer (some wkhtmltopdf builds) yields
no pages: the callers then skip the page checks and say why."""

import shutil
import subprocess
import tempfile

NO_PDFTOTEXT = "pdftotext (Debian package poppler-utils) is not installed"
NO_TEXT_LAYER = "this wkhtmltopdf build printed a PDF without a text layer"


def pdf_pages(pdf):
    """The text of each page of ``pdf`` (bytes), whitespace collapsed; ``None`` when the
    PDF has no text layer."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        out = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", file.name, "-"],
            check=True,
            capture_output=True,
        ).stdout.decode()
    # pdftotext ends every page with a form feed.
    pages = [" ".join(page.split()) for page in out.split("\f")]
    if pages and not pages[-1]:
        pages.pop()
    return pages if any(pages) else None


def skip_reason():
    """Why the page checks cannot run here, or ``None``."""
    return None if shutil.which("pdftotext") else NO_PDFTOTEXT
