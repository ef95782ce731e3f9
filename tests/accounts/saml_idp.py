"""A test identity provider: a throwaway key and certificate, and real signed responses.

The signature is made by xmlsec (through python3-saml's signing helper), exactly as an IdP
signs; nothing on the service provider's side is mocked."""

import base64
import datetime
import uuid
import zlib
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from onelogin.saml2.utils import OneLogin_Saml2_Utils

IDP_ENTITY_ID = "https://kau.test/saml/idp"
IDP_SSO_URL = "https://kau.test/saml/sso"
EIDAS = "http://eidas.europa.eu/attributes/naturalperson/"


def make_key_and_certificate():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test KAU IdP - not real")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM).decode()


def authn_request_id(redirect_url):
    """The ID of the AuthnRequest the SP sent along in its redirect to the IdP."""
    encoded = parse_qs(urlparse(redirect_url).query)["SAMLRequest"][0]
    xml = zlib.decompress(base64.b64decode(encoded), -15)
    return etree.fromstring(xml).get("ID")


def _instant(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def build_response(
    *,
    key_pem,
    cert_pem,
    acs_url,
    audience,
    in_response_to,
    attributes,
    authn_context="http://eidas.europa.eu/LoA/high",
    subject="AAdzZWNyZXQxMjM0NTY3ODkw",
    issued=None,
    valid_for=datetime.timedelta(minutes=5),
):
    """A SAML 2.0 Response whose Assertion is signed with ``key_pem`` (RSA-SHA256)."""
    issued = issued or datetime.datetime.now(datetime.UTC)
    not_on_or_after = _instant(issued + valid_for)
    assertion_id = f"_{uuid.uuid4().hex}"
    attribute_xml = "".join(
        f'<saml:Attribute Name="{escape(name)}" '
        'NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">'
        f'<saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">'
        f"{escape(value)}</saml:AttributeValue></saml:Attribute>"
        for name, value in attributes.items()
    )
    assertion = f"""<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{assertion_id}" Version="2.0" IssueInstant="{_instant(issued)}"><saml:Issuer>{IDP_ENTITY_ID}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">{subject}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{not_on_or_after}" Recipient="{acs_url}" InResponseTo="{in_response_to}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="{_instant(issued - datetime.timedelta(minutes=1))}" NotOnOrAfter="{not_on_or_after}"><saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="{_instant(issued)}" SessionIndex="_session{uuid.uuid4().hex}"><saml:AuthnContext><saml:AuthnContextClassRef>{authn_context}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>{attribute_xml}</saml:AttributeStatement></saml:Assertion>"""  # noqa: E501
    signed_assertion = OneLogin_Saml2_Utils.add_sign(assertion, key_pem, cert_pem)
    if isinstance(signed_assertion, bytes):
        signed_assertion = signed_assertion.decode()
    signed_assertion = signed_assertion.replace('<?xml version="1.0"?>', "").strip()
    response = f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{_instant(issued)}" Destination="{acs_url}" InResponseTo="{in_response_to}"><saml:Issuer>{IDP_ENTITY_ID}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>{signed_assertion}</samlp:Response>"""  # noqa: E501
    return response


def encode(response_xml):
    return base64.b64encode(response_xml.encode()).decode()
