"""hookmock: AWS mocked through botocore's own event hooks.

@hookmock.aws
def test_upload():
    boto3.client("sts", region_name="us-east-1").get_caller_identity()
"""

from hookmock import _patches
from hookmock._activation import Activation, activate
from hookmock._authz.settings import set_initial_no_auth_action_count
from hookmock._clock import Clock
from hookmock._errors import HookmockError, OperationNotImplemented, RealRequestBlocked
from hookmock._hooks import install_builtin_handlers
from hookmock._install import install, uninstall
from hookmock._scope import MockScope, aws, clock
from hookmock._world import World

__version__ = "0.1.0"

__all__ = [
    "Activation",
    "Clock",
    "HookmockError",
    "MockScope",
    "OperationNotImplemented",
    "RealRequestBlocked",
    "World",
    "activate",
    "aws",
    "clock",
    "install",
    "set_initial_no_auth_action_count",
    "uninstall",
]

install_builtin_handlers()
_patches.apply()
