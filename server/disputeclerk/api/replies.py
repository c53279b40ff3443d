from __future__ import annotations

from ..schemas import ClassifyRequestSchema, ClassifyResponseSchema, LintRequestSchema, LintResponseSchema
from ..services.classify import classify, text_risk_flags
from ..services.language import detect
from ..services.lint import lint as lint_text
from . import DisputeBlueprint

blp = DisputeBlueprint("replies", __name__, url_prefix="/api/v1", description="Understand buyers, check replies")


@blp.route("/classify", methods=["POST"])
@blp.arguments(ClassifyRequestSchema)
@blp.response(200, ClassifyResponseSchema)
def classify_message(body):
    """What one buyer message is about, its language and its risk flags."""
    result = classify(body.get("reason"), [body["text"]])
    detected = detect(body["text"], language_hint=body.get("language"))
    return {"dispute_type": result["value"], "confidence": result["confidence"], "basis": result["basis"],
            "matched": result["matched"], "language": detected.language,
            "language_confidence": detected.confidence, "risk_flags": text_risk_flags([body["text"]])}


@blp.route("/lint", methods=["POST"])
@blp.arguments(LintRequestSchema)
@blp.response(200, LintResponseSchema)
def lint(body):
    """What in a reply the platform forbids or that weakens the seller's case, with spans."""
    known = tuple(v for v in (body.get("order_id"), body.get("tracking_number")) if v)
    return {"findings": lint_text(body["text"], body["platform"], known_numbers=known)}
