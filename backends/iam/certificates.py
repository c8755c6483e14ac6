"""Server certificates (for load balancers and CloudFront) and users' signing certificates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import der, errors, ids
from hookmock.backends.iam.base import IamBase, under_path
from hookmock.backends.iam.models import ServerCertificate, SigningCertificate, User
from hookmock.backends.iam.tags import apply_tags, new_tags, tag_page
from hookmock.shapes.paginate import ListSource

SERVER_CERTIFICATES_QUOTA = 20
SIGNING_CERTIFICATES_PER_USER = 2


def _malformed(call: Call, message: str) -> Exception:
    return call.error("MalformedCertificateException", message)


def certificate_expiry(call: Call, body: str, what: str = "Certificate body") -> dt.datetime:
    """The expiry of the one PEM certificate ``body`` holds; MalformedCertificate if none."""
    try:
        blocks = der.pem_blocks(body)
        if len(blocks) != 1 or blocks[0][0] != "CERTIFICATE":
            raise der.DerError("not one certificate")
        return der.certificate_expiry(blocks[0][1])
    except der.DerError:
        raise _malformed(call, f"{what} is invalid") from None


def _check_chain(call: Call, chain: str) -> None:
    try:
        blocks = der.pem_blocks(chain)
        if not blocks or any(label != "CERTIFICATE" for label, _ in blocks):
            raise der.DerError("not certificates")
        for _, body in blocks:
            der.certificate_expiry(body)
    except der.DerError:
        raise _malformed(call, "Certificate chain is invalid") from None


def _check_private_key(call: Call, key: str) -> None:
    try:
        blocks = der.pem_blocks(key)
        if len(blocks) != 1 or not blocks[0][0].endswith("PRIVATE KEY"):
            raise der.DerError("not a private key")
        der.read(blocks[0][1])
    except der.DerError:
        raise _malformed(call, "Private key is invalid") from None


def _server_metadata(certificate: ServerCertificate) -> dict[str, Any]:
    return {
        "Path": certificate.path,
        "ServerCertificateName": certificate.name,
        "ServerCertificateId": certificate.certificate_id,
        "Arn": certificate.arn,
        "UploadDate": certificate.uploaded,
        "Expiration": certificate.expiration,
    }


def _signing_view(certificate: SigningCertificate) -> dict[str, Any]:
    return {
        "UserName": certificate.user.name,
        "CertificateId": certificate.certificate_id,
        "CertificateBody": certificate.body,
        "Status": certificate.status,
        "UploadDate": certificate.uploaded,
    }


@attrs.define(eq=False)
class CertificateOperations(IamBase):
    # --- server certificates

    def _server_certificate(self, call: Call, name: str) -> ServerCertificate:
        found = self.server_certificates.get(name.lower())
        if found is None:
            raise errors.no_such_entity(
                call, f"The Server Certificate with name {name} cannot be found."
            )
        return found

    @operation("UploadServerCertificate")
    def upload_server_certificate(self, call: Call, params: Params) -> Result:
        name = params["ServerCertificateName"]
        if name.lower() in self.server_certificates:
            raise errors.already_exists(
                call, f"The Server Certificate with name {name} already exists."
            )
        if len(self.server_certificates) >= SERVER_CERTIFICATES_QUOTA:
            raise errors.quota_exceeded(
                call, "ServerCertificatesPerAccount", SERVER_CERTIFICATES_QUOTA
            )
        expiration = certificate_expiry(call, params["CertificateBody"])
        _check_private_key(call, params["PrivateKey"])
        chain = params.get("CertificateChain")
        if chain is not None:
            _check_chain(call, chain)
        tags = new_tags(call, params, "TagsPerServerCertificate", case_insensitive=False)
        path = params.get("Path", "/")
        certificate = ServerCertificate(
            name=name,
            path=path,
            certificate_id=ids.unique_id(ids.SERVER_CERTIFICATE),
            arn=self.arn("server-certificate", path, name),
            uploaded=self.now(),
            expiration=expiration,
            body=params["CertificateBody"],
            chain=chain,
            tags=tags,
        )
        self.server_certificates[certificate.key] = certificate
        shown: dict[str, Any] = {"ServerCertificateMetadata": _server_metadata(certificate)}
        if len(tags):
            shown["Tags"] = tags.listed()
        return shown

    @operation("GetServerCertificate")
    def get_server_certificate(self, call: Call, params: Params) -> Result:
        certificate = self._server_certificate(call, params["ServerCertificateName"])
        shown: dict[str, Any] = {
            "ServerCertificateMetadata": _server_metadata(certificate),
            "CertificateBody": certificate.body,
        }
        if certificate.chain is not None:
            shown["CertificateChain"] = certificate.chain
        if len(certificate.tags):
            shown["Tags"] = certificate.tags.listed()
        return {"ServerCertificate": shown}

    @operation("UpdateServerCertificate")
    def update_server_certificate(self, call: Call, params: Params) -> Result:
        certificate = self._server_certificate(call, params["ServerCertificateName"])
        new_name = params.get("NewServerCertificateName", certificate.name)
        new_path = params.get("NewPath", certificate.path)
        if new_name.lower() != certificate.key and new_name.lower() in self.server_certificates:
            raise errors.already_exists(
                call, f"The Server Certificate with name {new_name} already exists."
            )
        self.server_certificates.discard(certificate.key)
        certificate.name, certificate.path = new_name, new_path
        certificate.arn = self.arn("server-certificate", new_path, new_name)
        self.server_certificates[certificate.key] = certificate
        return {}

    @operation("DeleteServerCertificate")
    def delete_server_certificate(self, call: Call, params: Params) -> Result:
        certificate = self._server_certificate(call, params["ServerCertificateName"])
        self.server_certificates.discard(certificate.key)
        return {}

    @operation("ListServerCertificates")
    def list_server_certificates(self, call: Call, params: Params) -> Result:
        source = under_path(self.server_certificates, params)
        return self.page(call, params, source, _server_metadata)

    @operation("TagServerCertificate")
    def tag_server_certificate(self, call: Call, params: Params) -> Result:
        certificate = self._server_certificate(call, params["ServerCertificateName"])
        apply_tags(call, certificate.tags, params["Tags"], "TagsPerServerCertificate")
        return {}

    @operation("UntagServerCertificate")
    def untag_server_certificate(self, call: Call, params: Params) -> Result:
        certificate = self._server_certificate(call, params["ServerCertificateName"])
        for key in params["TagKeys"]:
            certificate.tags.remove(key)
        return {}

    @operation("ListServerCertificateTags")
    def list_server_certificate_tags(self, call: Call, params: Params) -> Result:
        certificate = self._server_certificate(call, params["ServerCertificateName"])
        return tag_page(self, call, params, certificate.tags, certificate.certificate_id)

    # --- signing certificates

    def _signing_certificate(self, call: Call, user: User, cert_id: str) -> SigningCertificate:
        found = user.signing_certificates.get(cert_id)
        if found is None:
            raise errors.no_such_entity(call, f"The Certificate with id {cert_id} cannot be found.")
        return found

    @operation("UploadSigningCertificate")
    def upload_signing_certificate(self, call: Call, params: Params) -> Result:
        user = self.named_or_calling_user(call, params.get("UserName"), "UploadSigningCertificate")
        body = params["CertificateBody"]
        certificate_expiry(call, body)
        if any(c.body.strip() == body.strip() for c in user.signing_certificates.values()):
            raise call.error(
                "DuplicateCertificateException", "The same certificate already exists."
            )
        if len(user.signing_certificates) >= SIGNING_CERTIFICATES_PER_USER:
            raise errors.quota_exceeded(
                call, "SigningCertificatesPerUser", SIGNING_CERTIFICATES_PER_USER
            )
        certificate = SigningCertificate(ids.certificate_id(), user, body, self.now())
        user.signing_certificates[certificate.certificate_id] = certificate
        return {"Certificate": _signing_view(certificate)}

    @operation("UpdateSigningCertificate")
    def update_signing_certificate(self, call: Call, params: Params) -> Result:
        user = self.named_or_calling_user(call, params.get("UserName"), "UpdateSigningCertificate")
        certificate = self._signing_certificate(call, user, params["CertificateId"])
        certificate.status = errors.settable_status(call, params["Status"], "a certificate")
        return {}

    @operation("DeleteSigningCertificate")
    def delete_signing_certificate(self, call: Call, params: Params) -> Result:
        user = self.named_or_calling_user(call, params.get("UserName"), "DeleteSigningCertificate")
        certificate = self._signing_certificate(call, user, params["CertificateId"])
        del user.signing_certificates[certificate.certificate_id]
        return {}

    @operation("ListSigningCertificates")
    def list_signing_certificates(self, call: Call, params: Params) -> Result:
        user = self.named_or_calling_user(call, params.get("UserName"), "ListSigningCertificates")
        certificates = list(user.signing_certificates.values())
        return self.page(
            call, params, ListSource(certificates), _signing_view, scope=user.unique_id
        )
