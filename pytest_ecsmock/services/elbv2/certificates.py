"""Certificates of HTTPS listeners: the form of a certificate ARN, and the certificate
list a listener has beside its default certificate (AddListenerCertificates,
RemoveListenerCertificates, DescribeListenerCertificates).

There is no ACM or IAM behind the mock: a certificate ARN of the right form, of this
partition and account (and region, for ACM), is taken to name an issued certificate.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.elbv2 import errors
from pytest_ecsmock.services.elbv2.store import Store
from pytest_ecsmock.services.elbv2.validation import validation_error

if TYPE_CHECKING:
    from pytest_ecsmock.services.elbv2.listeners import Listener

#: certificates in the certificate lists of one load balancer's listeners (default
#: certificates not counted)
MAX_CERTIFICATES = 25
CERTIFICATE_ARN = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*):(?:"
    r"acm:(?P<region>[a-z0-9-]+):(?P<acm_account>\d{12}):certificate/[A-Za-z0-9-]+"
    r"|iam::(?P<iam_account>\d{12}):server-certificate/[\w+=,.@/-]+)\Z"
)


def check_certificate_arn(arn: str, context: BackendContext) -> str:
    """``arn`` if it names an ACM certificate of this region or an IAM server
    certificate, of this partition and account; else ``CertificateNotFound``."""
    found = CERTIFICATE_ARN.match(arn)
    if (
        found is None
        or found["partition"] != context.partition
        or found["region"] not in (None, context.region)
        or (found["acm_account"] or found["iam_account"]) != context.account_id
    ):
        raise errors.CertificateNotFoundException(f"Certificate '{arn}' not found")
    return arn


def given_arn(certificate: dict[str, Any]) -> str:
    arn = certificate.get("CertificateArn")
    if not arn:
        raise validation_error("A certificate ARN must be specified")
    return str(arn)


class CertificateOperations(Store):
    def add_listener_certificates(
        self, listener_arn: str, certificates: list[dict[str, Any]]
    ) -> list[str]:
        """Add to the listener's certificate list; returns the ARNs given. One already
        in the list is not added again. All are checked before any is added."""
        listener = self._https_listener(listener_arn)
        arns = list(dict.fromkeys(self._to_add(c) for c in self._given(certificates)))
        new = [arn for arn in arns if arn not in listener.certificate_list]
        load_balancer = self.load_balancers[listener.load_balancer_arn]
        in_use = sum(len(other.certificate_list) for other in self.listeners_of(load_balancer))
        if in_use + len(new) > MAX_CERTIFICATES:
            raise errors.TooManyCertificatesException(
                "The quota for the number of certificates per load balancer has been "
                f"reached ({MAX_CERTIFICATES})"
            )
        for arn in new:
            listener.certificate_list[arn] = self.next_sequence()
        return arns

    def remove_listener_certificates(
        self, listener_arn: str, certificates: list[dict[str, Any]]
    ) -> None:
        """Remove from the listener's certificate list; a certificate not in it is no
        error. The default certificate cannot be removed (replace it with
        ModifyListener)."""
        listener = self._https_listener(listener_arn)
        arns = [given_arn(c) for c in self._given(certificates)]
        for arn in arns:
            if arn in listener.certificates:
                raise errors.OperationNotPermittedException(
                    f"Certificate '{arn}' is the default certificate of listener "
                    f"'{listener.arn}' and cannot be removed; replace the default "
                    "certificate with ModifyListener"
                )
        for arn in arns:
            listener.certificate_list.pop(arn, None)

    def describe_listener_certificates(self, listener_arn: str) -> list[tuple[str, bool, int]]:
        """(certificate ARN, is default, order) of the default certificate, then of
        the certificate list in the order added; none for an HTTP listener."""
        listener = self.listener(listener_arn)
        described = [(arn, True, 0) for arn in listener.certificates]
        described.extend((arn, False, order) for arn, order in listener.certificate_list.items())
        return described

    # ------------------------------------------------------------------ helpers

    def _https_listener(self, arn: str) -> Listener:
        listener = self.listener(arn)
        if listener.protocol != "HTTPS":
            raise validation_error(
                f"Listener '{arn}' uses the protocol '{listener.protocol}': certificates can "
                "only be added to and removed from HTTPS and TLS listeners"
            )
        return listener

    @staticmethod
    def _given(certificates: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not certificates:
            raise validation_error("At least one certificate must be specified")
        return certificates

    def _to_add(self, certificate: dict[str, Any]) -> str:
        if certificate.get("IsDefault"):
            raise validation_error(
                "IsDefault cannot be true for a certificate added to the certificate list; "
                "replace the default certificate with ModifyListener"
            )
        return check_certificate_arn(given_arn(certificate), self.context)
