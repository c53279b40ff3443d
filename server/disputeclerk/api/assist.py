from __future__ import annotations


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
    return run_assist(svc.store, context, default_timezone=svc.config.seller_timezone)
