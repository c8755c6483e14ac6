"""Model-driven pieces shared by every backend: errors and response rendering."""

from hookmock.shapes.errors import AWSError
from hookmock.shapes.render import IfModeled, RenderError, Stream, render_output
from hookmock.shapes.responses import error_response, success_response

__all__ = [
    "AWSError",
    "IfModeled",
    "RenderError",
    "Stream",
    "error_response",
    "render_output",
    "success_response",
]
