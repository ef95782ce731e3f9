"""The shape a provider's signed message must have before anything of it is believed or
stored: checked at the edge, so that a body of the wrong shape is a refused message (400
and a log line), never an exception deeper down (a 500) nor a truncated value credited.

A valid signature proves who sent a body, not that the body is what we expect: a provider
that changes its format, a test tool, or a leaked secret can all sign JSON of any shape.
Read with :func:`read_json` (strict UTF-8, no NaN/Infinity, bounded depth, no NUL or lone
surrogates, which PostgreSQL refuses in text and jsonb) and check with :func:`check`
against a JSON Schema whose ``integer`` is a true integer: ``3000.0`` and ``3000.5`` are
refused as amounts, never rounded or truncated into forints."""

import json

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from . import InvalidNotification

# Deeper than any provider's real message (Stripe's events nest about six levels).
MAX_DEPTH = 32
# The longest provider id we store (PaymentEvent.provider_event_id and the inbox's column).
MAX_ID_LENGTH = 255
# Whole forints (or fillér, for Stripe) well above any municipal payment and inside bigint.
MAX_AMOUNT = 10**15


def _strict_integer(checker, instance):
    # jsonschema counts 3000.0 as an integer (JSON has one number type); money does not.
    return isinstance(instance, int) and not isinstance(instance, bool)


_type_checker = Draft202012Validator.TYPE_CHECKER.redefine("integer", _strict_integer)
StrictValidator = validators.extend(Draft202012Validator, type_checker=_type_checker)


def _refuse_constant(name):
    raise ValueError(f"{name} is not a number")


def _bad_text(text):
    if "\x00" in text:
        return "a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "a lone surrogate"
    return None


def _check_tree(document):
    """Depth and text of every key and value, without recursion of our own."""
    stack = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InvalidNotification(f"nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, dict):
            for key, value in node.items():
                problem = _bad_text(key)
                if problem:
                    raise InvalidNotification(f"a key contains {problem}")
                stack.append((value, depth + 1))
        elif isinstance(node, list):
            stack.extend((value, depth + 1) for value in node)
        elif isinstance(node, str):
            problem = _bad_text(node)
            if problem:
                raise InvalidNotification(f"a text contains {problem}")


def read_json(body):
    """The JSON document in ``body`` (bytes), or InvalidNotification."""
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    try:
        text = bytes(body).decode("utf-8")
        document = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise InvalidNotification("unreadable JSON: nested too deep") from None
    except (ValueError, TypeError) as error:
        # UnicodeDecodeError and JSONDecodeError are ValueErrors; so is an integer of
        # more digits than Python converts.
        raise InvalidNotification(f"unreadable JSON: {str(error)[:120]}") from None
    _check_tree(document)
    return document


def check(document, schema, what="message"):
    """Refuse ``document`` unless it matches ``schema`` (the first problem is named)."""
    try:
        StrictValidator(schema).validate(document)
    except ValidationError as error:
        where = "/".join(str(part) for part in error.absolute_path) or "(top)"
        raise InvalidNotification(
            f"{what} of the wrong shape at {where}: {error.message[:160]}"
        ) from None
    return document


# -- building blocks of the providers' schemas


def identifier(pattern=r"^[A-Za-z0-9_\-]+$", max_length=MAX_ID_LENGTH):
    return {"type": "string", "minLength": 1, "maxLength": max_length, "pattern": pattern}


def amount(minimum=0):
    return {"type": "integer", "minimum": minimum, "maximum": MAX_AMOUNT}


def text(max_length=255):
    return {"type": "string", "maxLength": max_length}


def nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}
