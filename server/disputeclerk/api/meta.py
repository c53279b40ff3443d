from __future__ import annotations

from flask import request

from ..schemas import (ErrorEnvelopeSchema, HealthSchema, PairingCodeSchema, PairRequestSchema,
                       PairResponseSchema, PlatformListSchema)
from ..services.policies import registry
from ..version import __version__
from . import DisputeBlueprint, services

blp = DisputeBlueprint("meta", __name__, url_prefix="/api/v1", description="Health, pairing and platforms")


@blp.route("/health")
@blp.doc(security=[])
@blp.response(200, HealthSchema)
def health():
    """Is the server up, and which version is it."""
    return {"ok": True, "service": "disputeclerk", "version": __version__, "api": "v1"}


@blp.route("/pair", methods=["POST"])
@blp.doc(security=[])
@blp.arguments(PairRequestSchema)
@blp.response(200, PairResponseSchema)
@blp.alt_response(401, schema=ErrorEnvelopeSchema, description="wrong, expired, used or voided code")
def pair(body):
    """Exchange the pairing code shown by `disputeclerk serve` for the API token."""
    token = services().pairing.redeem(body["code"].strip(), request.headers.get("Origin"))
    return {"token": token, "api": "v1", "version": __version__}


@blp.route("/pairing-codes", methods=["POST"])
@blp.response(201, PairingCodeSchema)
def new_pairing_code():
    """Issue a fresh pairing code (what `disputeclerk pair` calls)."""
    pairing = services().pairing
    code = pairing.issue()
    return {"code": code, "expires_in": pairing.expires_in}


@blp.route("/platforms")
@blp.response(200, PlatformListSchema)
def platforms():
    """The supported marketplaces and their deadline rules, each with its sources and verified_on."""
    reg = registry()
    return {"platforms": reg.describe(), "warnings": reg.problems}
