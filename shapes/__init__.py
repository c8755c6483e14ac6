"""Model-driven pieces shared by every backend: errors and response rendering."""

from hookmock.shapes.errors import AWSError
from hookmock.shapes.render import IfModeled, Rendered, RenderError, Stream, render_output
from hookmock.shapes.responses import error_response, success_response

__all__ = [
    "AWSError",
    "IfModeled",
    "RenderError",
    "Rendered",
    "Stream",
    "error_response",
    "render_output",
    "success_response",
]
