from __future__ import annotations

from flask import Response
from marshmallow import ValidationError

from ..errors import ApiError
from ..schemas import (CaseDetailSchema, CaseGetQuerySchema, CaseListSchema, CasePatchSchema, CaseQuerySchema,
                       ErrorEnvelopeSchema, EvidencePartQuerySchema, EvidenceRequestSchema, EvidenceResultSchema,
                       EvidenceUploadFilesSchema, EvidenceUploadFormSchema, EvidenceUploadSchema, ExportQuerySchema,
                       MessagesRequestSchema, MessagesResultSchema, OutcomesSchema, ReplyUseRequestSchema,
                       ReplyUseResultSchema, VerifySchema, check_evidence_content, is_media_type)
from ..services import cases as case_service
from ..services import evidence as evidence_service
from ..services.export import export_case
from . import DisputeBlueprint, services

blp = DisputeBlueprint("cases", __name__, url_prefix="/api/v1/cases", description="Cases and their evidence log")

NOT_FOUND = {"schema": ErrorEnvelopeSchema, "description": "no such case"}


@blp.route("")
@blp.arguments(CaseQuerySchema, location="query")
@blp.response(200, CaseListSchema)
def list_cases(query):
    """Cases, nearest deadline first."""
    return case_service.list_cases(services().store, **query)


@blp.route("/<case_id>")
@blp.arguments(CaseGetQuerySchema, location="query")
@blp.response(200, CaseDetailSchema)
@blp.alt_response(404, **NOT_FOUND)
def get_case(query, case_id):
    """One case: order, dispute, deadlines and the timeline of messages and evidence."""
    return case_service.case_detail(services().store, case_id, verify=query["verify"] == "full")


@blp.route("/<case_id>", methods=["PATCH"])
@blp.arguments(CasePatchSchema)
@blp.response(200, CaseDetailSchema)
@blp.alt_response(404, **NOT_FOUND)
def patch_case(patch, case_id):
    """Set a case's status (open, resolved, won, lost) or note."""
    return case_service.update_case(services().store, case_id, patch)


@blp.route("/<case_id>/replies", methods=["POST"])
@blp.arguments(ReplyUseRequestSchema)
@blp.response(200, ReplyUseResultSchema)
@blp.alt_response(404, **NOT_FOUND)
def reply_used(body, case_id):
    """Remember which suggested template the seller filled or copied (for the outcome counts)."""
    return case_service.record_reply_use(services().store, case_id, body)


@blp.route("/<case_id>/messages", methods=["POST"])
@blp.arguments(MessagesRequestSchema)
@blp.response(200, MessagesResultSchema)
@blp.alt_response(404, **NOT_FOUND)
def add_messages(body, case_id):
    """Log conversation messages; one already logged is counted as a duplicate. On disk when 200."""
    store = services().store
    case_service.require_case(store, case_id)
    result = store.append_messages(case_id, [{"from": m["sender"], "text": m["text"], "sent_at": m.get("sent_at")}
                                             for m in body["messages"]])
    return {"added": result["added"], "duplicates": result["duplicates"],
            "chain": [{k: r[k] for k in ("index", "prev_hash", "hash")} for r in result["records"]]}


@blp.route("/<case_id>/evidence", methods=["POST"])
@blp.arguments(EvidenceRequestSchema)
@blp.response(200, EvidenceResultSchema)
@blp.alt_response(404, **NOT_FOUND)
def add_evidence(body, case_id):
    """Save a snapshot (page HTML and text, screenshot, note or file). On disk when 200."""
    snapshot = dict(body, image=body.get("image_png_base64"), content=body.get("content_base64"))
    return evidence_service.save_evidence(services().store, case_id, snapshot)


@blp.route("/<case_id>/evidence/upload", methods=["POST"])
@blp.arguments(EvidenceUploadFormSchema, location="form")
@blp.arguments(EvidenceUploadFilesSchema, location="files")
# flask-smorest documents only one of the two halves as the body and the form half as
# `formData` parameters, which OpenAPI 3 does not have: document the whole body instead.
@blp.doc(parameters=[], requestBody={"required": True, "content": {
    "multipart/form-data": {"schema": EvidenceUploadSchema}}})
@blp.response(200, EvidenceResultSchema)
@blp.alt_response(404, **NOT_FOUND)
def upload_evidence(form, files, case_id):
    """Save a snapshot sent as multipart/form-data: the same as /evidence, without base64. On disk when 200."""
    snapshot = {**form, **{name: data for name, data in files.items() if data}}
    try:
        check_evidence_content(snapshot, image="image", content="content")
    except ValidationError as exc:
        raise ApiError("invalid_fields", 422, "Some fields are missing or invalid.",
                       exc.normalized_messages()) from None
    return evidence_service.save_evidence(services().store, case_id, snapshot)


@blp.route("/<case_id>/evidence/<evidence_id:evidence_id>")
@blp.arguments(EvidencePartQuerySchema, location="query")
@blp.doc(responses={200: {"description": "the stored bytes, exactly as received, as their own media type",
                          "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}}})
@blp.alt_response(404, **NOT_FOUND)
def get_evidence(query, case_id, evidence_id):
    """The stored bytes of one evidence part, exactly as received."""
    store = services().store
    record = evidence_service.find_evidence(store, case_id, evidence_id)
    part = evidence_service.main_part(record, query.get("part"))
    # content_type, not mimetype: the stored type already carries its charset. One stored before
    # media types were checked, and not fit for a header, goes out as plain bytes.
    media_type = part["media_type"] if is_media_type(part["media_type"]) else "application/octet-stream"
    response = Response(evidence_service.read_part(store, part), content_type=media_type)
    response.headers["X-Content-SHA256"] = part["sha256"]
    # Saved pages are the buyer's and the marketplace's HTML: never render them live.
    response.headers["Content-Disposition"] = "attachment"
    return response


@blp.route("/<case_id>/evidence/<evidence_id:evidence_id>/thumbnail")
@blp.doc(responses={200: {"description": "a JPEG of the top of the screenshot, at most 320 px wide",
                          "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}}})
@blp.alt_response(404, **NOT_FOUND)
def evidence_thumbnail(case_id, evidence_id):
    """A small JPEG of an evidence screenshot, for the case board."""
    store = services().store
    data = evidence_service.thumbnail(store, evidence_service.find_evidence(store, case_id, evidence_id))
    response = Response(data, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


@blp.route("/<case_id>/verify")
@blp.response(200, VerifySchema)
@blp.alt_response(404, **NOT_FOUND)
def verify(case_id):
    """Recompute every hash in the case's evidence log from the stored bytes."""
    store = services().store
    case_service.require_case(store, case_id)
    return store.verify(case_id)


@blp.route("/<case_id>/export")
@blp.arguments(ExportQuerySchema, location="query")
@blp.doc(responses={200: {"description": "the evidence bundle",
                          "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}}})
@blp.alt_response(404, **NOT_FOUND)
@blp.alt_response(409, schema=ErrorEnvelopeSchema, description="the case fails verify (use force)")
def export(query, case_id):
    """A zip of the case: manifest with hashes and chain, report, messages and evidence bytes."""
    data = export_case(services().store, case_service.check_case_id(case_id), force=query["force"],
                       lang=query["lang"])
    response = Response(data, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{case_id}.zip"'
    return response


outcomes_blp = DisputeBlueprint("outcomes", __name__, url_prefix="/api/v1", description="What worked in closed cases")


@outcomes_blp.route("/outcomes")
@outcomes_blp.response(200, OutcomesSchema)
def outcomes():
    """Per platform and dispute type: cases won, lost, resolved and open, with the templates used."""
    return case_service.outcomes(services().store)
