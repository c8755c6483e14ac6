"""Virtual MFA devices: create, assign to a user with two consecutive TOTP codes, resync,
deactivate, delete, list, and their tags."""

from __future__ import annotations

import base64
import secrets
from typing import Any

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import errors, totp, views
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import MfaDevice, User
from hookmock.backends.iam.tags import apply_tags, new_tags, tag_page
from hookmock.shapes.paginate import Filtered, ListSource

MFA_DEVICES_PER_USER = 8
SEED_BYTES = 40
"""A virtual device's secret; IAM's Base32StringSeed is 64 base32 characters."""
ENABLE_WINDOW = 10
"""How many 30-second steps a device's clock may be off when codes are checked."""
RESYNC_WINDOW = 100
"""Resynchronizing exists for clocks that drifted further."""


def _invalid_codes(call: Call) -> Exception:
    return call.error(
        "InvalidAuthenticationCodeException", "Authentication code for device is not valid."
    )


def _enabled_view(device: MfaDevice) -> dict[str, Any]:
    assert device.user is not None
    return {
        "UserName": device.user.name,
        "SerialNumber": device.serial,
        "EnableDate": device.enabled,
    }


def _virtual_view(device: MfaDevice) -> dict[str, Any]:
    shown: dict[str, Any] = {"SerialNumber": device.serial}
    if device.user is not None:
        shown["User"] = views.user(device.user, full=False)
        shown["EnableDate"] = device.enabled
    if len(device.tags):
        shown["Tags"] = device.tags.listed()
    return shown


@attrs.define(eq=False)
class MfaOperations(IamBase):
    def _device(self, call: Call, serial: str) -> MfaDevice:
        found = self.mfa_devices.get(serial)
        if found is None:
            raise errors.no_such_entity(
                call, f"VirtualMFADevice with serial number {serial} doesn't exist."
            )
        return found

    def _enabled(self, call: Call, serial: str, user: User | None) -> MfaDevice:
        """The device ``serial`` enabled for ``user`` (or for anyone, without one)."""
        device = self.mfa_devices.get(serial)
        if device is None or device.user is None or (user is not None and device.user is not user):
            raise errors.no_such_entity(call, f"MFA Device with serial number {serial} not found.")
        return device

    def _checked_step(self, call: Call, device: MfaDevice, params: Params, window: int) -> int:
        now = totp.step_at(self.world.clock.now().timestamp())
        step = totp.consecutive_step(
            device.seed, params["AuthenticationCode1"], params["AuthenticationCode2"], now, window
        )
        if step is None or step <= device.last_step:
            raise _invalid_codes(call)
        return step

    @operation("CreateVirtualMFADevice")
    def create_virtual_mfa_device(self, call: Call, params: Params) -> Result:
        path = params.get("Path", "/")
        serial = self.arn("mfa", path, params["VirtualMFADeviceName"])
        if serial in self.mfa_devices:
            raise errors.already_exists(
                call, "MFADevice entity at the same path and name already exists."
            )
        tags = new_tags(call, params, "TagsPerMFADevice", case_insensitive=False)
        device = MfaDevice(serial, secrets.token_bytes(SEED_BYTES), self.now(), tags)
        self.mfa_devices[serial] = device
        shown: dict[str, Any] = {
            "SerialNumber": serial,
            "Base32StringSeed": base64.b32encode(device.seed),
        }
        if len(tags):
            shown["Tags"] = tags.listed()
        return {"VirtualMFADevice": shown}

    @operation("DeleteVirtualMFADevice")
    def delete_virtual_mfa_device(self, call: Call, params: Params) -> Result:
        device = self._device(call, params["SerialNumber"])
        if device.user is not None:
            raise errors.delete_conflict(call, "MFA Device is still in use")
        self.mfa_devices.discard(device.serial)
        return {}

    @operation("ListVirtualMFADevices")
    def list_virtual_mfa_devices(self, call: Call, params: Params) -> Result:
        status = params.get("AssignmentStatus", "Any")
        source = Filtered(
            self.mfa_devices,
            lambda device: status == "Any" or (device.user is not None) == (status == "Assigned"),
        )
        return self.page(call, params, source, _virtual_view)

    @operation("EnableMFADevice")
    def enable_mfa_device(self, call: Call, params: Params) -> Result:
        user = self.user(call, params["UserName"])
        device = self._device(call, params["SerialNumber"])
        if device.user is not None:
            raise errors.already_exists(call, "MFA Device is already in use.")
        if len(user.mfa_devices) >= MFA_DEVICES_PER_USER:
            raise errors.quota_exceeded(call, "MFADevicesPerUser", MFA_DEVICES_PER_USER)
        device.last_step = self._checked_step(call, device, params, ENABLE_WINDOW)
        device.user, device.enabled = user, self.now()
        user.mfa_devices[device.serial] = device
        return {}

    @operation("ResyncMFADevice")
    def resync_mfa_device(self, call: Call, params: Params) -> Result:
        user = self.user(call, params["UserName"])
        device = self._enabled(call, params["SerialNumber"], user)
        device.last_step = self._checked_step(call, device, params, RESYNC_WINDOW)
        return {}

    @operation("DeactivateMFADevice")
    def deactivate_mfa_device(self, call: Call, params: Params) -> Result:
        name = params.get("UserName")
        user = None if name is None else self.user(call, name)
        device = self._enabled(call, params["SerialNumber"], user)
        assert device.user is not None
        del device.user.mfa_devices[device.serial]
        device.user, device.enabled, device.last_step = None, None, -1
        return {}

    @operation("ListMFADevices")
    def list_mfa_devices(self, call: Call, params: Params) -> Result:
        user = self.named_or_calling_user(call, params.get("UserName"), "ListMFADevices")
        devices = list(user.mfa_devices.values())
        return self.page(call, params, ListSource(devices), _enabled_view, scope=user.unique_id)

    @operation("GetMFADevice")
    def get_mfa_device(self, call: Call, params: Params) -> Result:
        name = params.get("UserName")
        user = None if name is None else self.user(call, name)
        return _enabled_view(self._enabled(call, params["SerialNumber"], user))

    @operation("TagMFADevice")
    def tag_mfa_device(self, call: Call, params: Params) -> Result:
        device = self._device(call, params["SerialNumber"])
        apply_tags(call, device.tags, params["Tags"], "TagsPerMFADevice")
        return {}

    @operation("UntagMFADevice")
    def untag_mfa_device(self, call: Call, params: Params) -> Result:
        device = self._device(call, params["SerialNumber"])
        for key in params["TagKeys"]:
            device.tags.remove(key)
        return {}

    @operation("ListMFADeviceTags")
    def list_mfa_device_tags(self, call: Call, params: Params) -> Result:
        device = self._device(call, params["SerialNumber"])
        return tag_page(self, call, params, device.tags, device.serial)
