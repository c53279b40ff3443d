from __future__ import annotations

from flask import jsonify

from ..schemas import AssistContextSchema, AssistResponseSchema, ErrorEnvelopeSchema
from ..services.assist import assist as run_assist
from . import DisputeBlueprint, services

blp = DisputeBlueprint("assist", __name__, url_prefix="/api/v1", description="The main job: help with one page")


@blp.route("/assist", methods=["POST"])
@blp.arguments(AssistContextSchema)
@blp.response(200, AssistResponseSchema)
@blp.alt_response(422, schema=ErrorEnvelopeSchema, description="unknown platform or no order/dispute id")
def assist(context):
    """File what the extension read from a page under its case; answer with deadlines and replies."""
    svc = services()
    # The engine answers in exactly the response schema's shape and types (the property tests
    # hold it to `AssistResponseSchema().dump(answer) == answer`), so the answer is sent as it
    # is: dumping it again cost a tenth of each request. The schema still documents it.
    return jsonify(run_assist(svc.store, context, default_timezone=svc.config.seller_timezone))
