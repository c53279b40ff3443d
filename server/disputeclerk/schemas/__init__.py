"""Marshmallow schemas: they validate requests and generate /api/v1/openapi.json."""
from __future__ import annotations

import base64
import binascii
import re
from functools import lru_cache
from typing import Any

from flask_smorest.fields import Upload
from marshmallow import EXCLUDE, INCLUDE, Schema, ValidationError, fields, validate, validates_schema
from werkzeug.datastructures import FileStorage

PLATFORMS = ("aliexpress", "amazon", "ebay", "wish", "tmall", "taobao", "shopee", "lazada",
             "tiktok_shop", "etsy", "shopify", "paypal", "walmart", "mercadolibre", "temu")
PAGE_TYPES = ("order", "dispute", "return", "message", "claim", "chargeback", "review")
DISPUTE_TYPES = ("not_received", "delivery_delay", "not_as_described", "damaged_or_defective",
                 "wrong_item", "return_no_reason", "cancel_request", "customs_duties", "chargeback",
                 "negative_feedback", "other")
SENDERS = ("buyer", "seller", "platform", "system", "other")
CASE_STATUSES = ("open", "resolved", "won", "lost")
EVIDENCE_KINDS = ("page_snapshot", "screenshot", "note", "file")

SHORT = 512
LONG = 100_000

# A stored media type comes back as the download's Content-Type header: ASCII type/subtype and
# parameters only, never CR/LF, NUL or non-Latin-1 text (those made the download a 500).
_TOKEN = r"[A-Za-z0-9!#$&^_.+-]+"
MEDIA_TYPE = re.compile(rf"{_TOKEN}/{_TOKEN}(?:[ \t]*;[ \t]*{_TOKEN}=(?:{_TOKEN}|\"[ !#-~]*\"))*")


def is_media_type(value: str) -> bool:
    return MEDIA_TYPE.fullmatch(value) is not None


def _check_media_type(value: str) -> None:
    if value and not is_media_type(value):
        raise ValidationError("Not a media type such as application/pdf.")


def media_type_field() -> fields.String:
    """An optional media type ("" means application/octet-stream)."""
    return fields.String(validate=[validate.Length(max=255), _check_media_type],
                         metadata={"description": "e.g. application/pdf (ASCII, as a Content-Type header)"})


class Text(fields.String):
    """A string that also accepts the numbers scrapers sometimes send (order ids, amounts)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        return super()._deserialize(value, attr, data, **kwargs)


def opt_text(max_len: int = SHORT, **kwargs) -> Text:
    kwargs.setdefault("allow_none", True)
    return Text(validate=validate.Length(max=max_len), **kwargs)


class _Remembering:
    """Loading a JSON value is a pure function of it: the answers for the last `remembered`
    values are kept and handed out as copies. A large value (over `max_chars` of text or
    `max_nodes` values), a partial load and every error take the ordinary path. Memory is
    bounded by remembered x max_chars (the sizes below keep each field's worst case near 16 MB;
    in use a conversation is a few kilobytes)."""

    def __init__(self, *args, remembered: int, max_chars: int, max_nodes: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.remembered, self.max_chars, self.max_nodes = remembered, max_chars, max_nodes

    def _deserialize(self, value, attr, data, partial=None, **kwargs):
        key = _freeze(value, [self.max_chars, self.max_nodes]) if partial is None else None
        if key is None:
            return super()._deserialize(value, attr, data, partial=partial, **kwargs)
        if "_remembered" not in self.__dict__:
            self._remembered = lru_cache(maxsize=self.remembered)(self._load_key)
        return _copy(self._remembered(key))

    def _load_key(self, key: tuple) -> Any:
        return super()._deserialize(_thaw(key), None, None)


class Remembered(_Remembering, fields.Nested):
    """A nested object that arrives again and again: the order and the dispute with every page
    of that order, a message with every page that still shows it."""

    def __init__(self, nested, *, remembered: int = 2_048, max_chars: int = 2_000, max_nodes: int = 200,
                 **kwargs) -> None:
        super().__init__(nested, remembered=remembered, max_chars=max_chars, max_nodes=max_nodes, **kwargs)


class RememberedList(_Remembering, fields.List):
    """A list that arrives again and again: the conversation, re-sent whole with every /assist
    until a message is added (then its messages, each Remembered, are found one by one)."""

    def __init__(self, inner, *, remembered: int = 128, max_chars: int = 16_000, max_nodes: int = 1_000,
                 **kwargs) -> None:
        super().__init__(inner, remembered=remembered, max_chars=max_chars, max_nodes=max_nodes, **kwargs)


def _freeze(value: Any, budget: list[int]) -> tuple | None:
    """A hashable twin of a JSON value, or None once it spends the budget [chars, values]. The
    type is part of it: 1, 1.0 and True are equal in Python, not in JSON."""
    budget[1] -= 1
    if budget[1] < 0:
        return None
    if isinstance(value, str):
        budget[0] -= len(value)
        return (str, value) if budget[0] >= 0 else None
    if value is None or isinstance(value, (bool, int, float)):
        return (type(value), value)
    if isinstance(value, dict):
        items = []
        for name, item in value.items():
            frozen = _freeze(item, budget)
            if frozen is None or not isinstance(name, str):
                return None
            items.append((name, frozen))
        return (dict, tuple(items))
    if isinstance(value, list):
        items = []
        for item in value:
            frozen = _freeze(item, budget)
            if frozen is None:
                return None
            items.append(frozen)
        return (list, tuple(items))
    return None


def _thaw(frozen: tuple) -> Any:
    kind, content = frozen
    if kind is dict:
        return {name: _thaw(item) for name, item in content}
    if kind is list:
        return [_thaw(item) for item in content]
    return content


def _copy(value: Any) -> Any:
    """A caller's own copy of a loaded value (dicts and lists; the rest is immutable)."""
    if isinstance(value, dict):
        return {name: _copy(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


class Lenient(Schema):
    """Scraped context: extra fields are kept, not rejected (the contract says so)."""

    class Meta:
        unknown = INCLUDE


class Strict(Schema):
    class Meta:
        unknown = EXCLUDE


class MoneySchema(Lenient):
    amount = opt_text(64)
    currency = opt_text(8)


class ItemSchema(Lenient):
    title = opt_text(2000)
    sku = opt_text()
    quantity = fields.Float(allow_none=True)
    variant = opt_text(1000)


class TrackingSchema(Lenient):
    carrier = opt_text()
    number = opt_text()
    status = opt_text(2000)


class OrderSchema(Lenient):
    id = opt_text(200)
    placed_at = opt_text()
    paid_at = opt_text()
    shipped_at = opt_text()
    delivered_at = opt_text()
    processing_days = fields.Float(allow_none=True, validate=validate.Range(min=0, max=365))
    promised_delivery_days = fields.Float(allow_none=True, validate=validate.Range(min=0, max=365))
    total = fields.Nested(MoneySchema, allow_none=True)
    items = fields.List(fields.Nested(ItemSchema), validate=validate.Length(max=500), allow_none=True)
    tracking = fields.Nested(TrackingSchema, allow_none=True)


class BuyerSchema(Lenient):
    name = opt_text()
    country = opt_text(64)
    language = opt_text(35)


class DisputeSchema(Lenient):
    id = opt_text(200)
    reason = opt_text(4000)
    opened_at = opt_text()
    status = opt_text(1000)
    request = opt_text()
    refund = fields.Nested(MoneySchema, allow_none=True)


class MessageSchema(Strict):
    sender = fields.String(data_key="from", required=True, validate=validate.OneOf(SENDERS),
                           metadata={"description": "who wrote it"})
    text = Text(required=True, validate=validate.Length(min=1, max=LONG))
    sent_at = opt_text(metadata={"description": "ISO 8601 or the time as the page prints it"})


class PageDeadlineSchema(Lenient):
    label = opt_text(1000)
    text = opt_text(1000, required=True, allow_none=False)


class AssistContextSchema(Lenient):
    platform = fields.String(required=True, validate=validate.OneOf(PLATFORMS))
    region = opt_text(16)
    page_type = fields.String(allow_none=True, validate=validate.OneOf(PAGE_TYPES))
    url = opt_text(8192)
    title = opt_text(2000)
    page_locale = opt_text(35)
    captured_at = opt_text()
    seller_timezone = opt_text(64)
    order = Remembered(OrderSchema, allow_none=True, remembered=512, max_chars=4_000)
    buyer = Remembered(BuyerSchema, allow_none=True, remembered=512)
    dispute = Remembered(DisputeSchema, allow_none=True, remembered=512, max_chars=4_000)
    messages = RememberedList(Remembered(MessageSchema), validate=validate.Length(max=2000), allow_none=True)
    page_deadlines = fields.List(fields.Nested(PageDeadlineSchema), validate=validate.Length(max=50),
                                 allow_none=True)
    events = fields.Dict(keys=fields.String(validate=validate.Length(max=64)), values=opt_text(), allow_none=True,
                         metadata={"description": "other clock starts the page shows, e.g. return_received"})
    shop_name = opt_text(200, metadata={"description": "the seller's shop name, for sign-offs"})
    reply_language = opt_text(8, metadata={"description": "the seller's choice of reply language (else detected)"})
    reply_tone = fields.String(allow_none=True, validate=validate.OneOf(("warm", "concise", "firm")),
                               metadata={"description": "the seller's choice of tone (else chosen from the buyer)"})
    ui_language = opt_text(8, metadata={"description": "en or zh: the language of rationales and checklists"})

    @validates_schema
    def needs_an_id(self, data: dict[str, Any], **kwargs) -> None:
        order_id = ((data.get("order") or {}).get("id") or "").strip()
        dispute_id = ((data.get("dispute") or {}).get("id") or "").strip()
        if not order_id and not dispute_id:
            raise ValidationError("order.id or dispute.id is required to file the case.", "order.id")


class DisputeTypeSchema(Schema):
    value = fields.String(validate=validate.OneOf(DISPUTE_TYPES))
    confidence = fields.Float()
    basis = fields.String(metadata={"description": "page_type (a chargeback page), dispute.reason, messages or none"})
    matched = fields.List(fields.String(), metadata={"description": "the phrases that decided it"})


class DeadlineSchema(Schema):
    rule_id = fields.String()
    label = fields.String()
    label_zh = fields.String(allow_none=True)
    party = fields.String()
    due_at = fields.String(allow_none=True)
    due_local = fields.String(allow_none=True)
    remaining_seconds = fields.Integer(allow_none=True)
    status = fields.String(validate=validate.OneOf(("ok", "soon", "urgent", "overdue", "unknown")))
    missing = fields.List(fields.String())
    basis = fields.String()
    on_miss = fields.String(allow_none=True)
    source_url = fields.String(allow_none=True)
    source_urls = fields.List(fields.String())
    verified_on = fields.String(allow_none=True)
    confidence = fields.String(allow_none=True)
    disagreement = fields.String(allow_none=True, metadata={"description": "sources disagree; the stricter is shown"})
    rule_due_at = fields.String(allow_none=True, metadata={"description": "what the rule gives when the page's own "
                                                                          "countdown was used"})


class SuggestionSchema(Schema):
    template_id = fields.String()
    stage = fields.String()
    language = fields.String()
    tone = fields.String()
    text = fields.String()
    rationale = fields.String()
    rationale_zh = fields.String()
    tones = fields.List(fields.String())


class RiskFlagSchema(Schema):
    code = fields.String()
    message = fields.String()
    message_zh = fields.String()


class DetectedLanguageSchema(Schema):
    language = fields.String()
    confidence = fields.Float()
    basis = fields.String()


class LoggedSchema(Schema):
    added = fields.Integer()
    duplicates = fields.Integer()


class AssistResponseSchema(Schema):
    case_id = fields.String()
    case_created = fields.Boolean()
    dispute_type = fields.Nested(DisputeTypeSchema)
    buyer_language = fields.String(allow_none=True)
    buyer_language_detected = fields.Nested(DetectedLanguageSchema)
    deadlines = fields.List(fields.Nested(DeadlineSchema))
    suggestions = fields.List(fields.Nested(SuggestionSchema))
    checklist = fields.List(fields.String())
    risk_flags = fields.List(fields.Nested(RiskFlagSchema))
    messages_logged = fields.Nested(LoggedSchema)
    warnings = fields.List(fields.String())


class ClassifyRequestSchema(Strict):
    text = fields.String(required=True, validate=validate.Length(min=1, max=LONG))
    platform = fields.String(validate=validate.OneOf(PLATFORMS))
    reason = fields.String(validate=validate.Length(max=4000), metadata={"description": "the page's dispute reason"})
    language = fields.String(validate=validate.Length(max=35), metadata={"description": "a hint"})


class ClassifyResponseSchema(Schema):
    dispute_type = fields.String()
    confidence = fields.Float()
    basis = fields.String()
    matched = fields.List(fields.String())
    language = fields.String()
    language_confidence = fields.Float()
    risk_flags = fields.List(fields.Nested(RiskFlagSchema))


class LintRequestSchema(Strict):
    platform = fields.String(required=True, validate=validate.OneOf(PLATFORMS))
    text = fields.String(required=True, validate=validate.Length(max=LONG))
    order_id = fields.String(validate=validate.Length(max=200), metadata={"description": "never flagged as a phone"})
    tracking_number = fields.String(validate=validate.Length(max=200))


class FindingSchema(Schema):
    code = fields.String()
    severity = fields.String(validate=validate.OneOf(("error", "warning")))
    message = fields.String()
    message_zh = fields.String()
    start = fields.Integer()
    end = fields.Integer()


class LintResponseSchema(Schema):
    findings = fields.List(fields.Nested(FindingSchema))


class HealthSchema(Schema):
    ok = fields.Boolean()
    service = fields.String()
    version = fields.String()
    api = fields.String()


class PairRequestSchema(Strict):
    # A malformed code is refused here and does not use up one of the five tries.
    code = Text(required=True, validate=validate.Regexp(r"^\s*\d{6}\s*$", error="The code has 6 digits."))


class PairResponseSchema(Schema):
    token = fields.String()
    api = fields.String()
    version = fields.String()


class PairingCodeSchema(Schema):
    code = fields.String()
    expires_in = fields.Integer(metadata={"description": "seconds"})


class PlatformSchema(Schema):
    id = fields.String()
    name = fields.String()
    default_region = fields.String(allow_none=True)
    regions = fields.List(fields.String())
    rules = fields.List(fields.Dict())


class PlatformListSchema(Schema):
    platforms = fields.List(fields.Nested(PlatformSchema))
    warnings = fields.List(fields.String(), metadata={"description": "policy pack problems (rules left out)"})


class CaseQuerySchema(Strict):
    status = fields.String(validate=validate.OneOf(CASE_STATUSES))
    platform = fields.String(validate=validate.OneOf(PLATFORMS))
    due_within_hours = fields.Float(validate=validate.Range(min=0, max=24 * 366))
    q = fields.String(validate=validate.Length(max=200), metadata={"description": "order id or buyer"})
    limit = fields.Integer(load_default=500, validate=validate.Range(min=1, max=10_000))


class CaseSummarySchema(Schema):
    case_id = fields.String()
    platform = fields.String()
    order_id = fields.String(allow_none=True)
    dispute_id = fields.String(allow_none=True)
    buyer_name = fields.String(allow_none=True)
    status = fields.String()
    dispute_type = fields.String(allow_none=True)
    created_at = fields.String()
    outcome_at = fields.String(allow_none=True, metadata={"description": "when the status left open"})
    next_due_at = fields.String(allow_none=True)
    next_due_rule = fields.String(allow_none=True)
    next_due_label = fields.String(allow_none=True)
    next_due_label_zh = fields.String(allow_none=True)
    templates_used = fields.List(fields.String(), metadata={"description": "reply templates the seller used"})


class CaseListSchema(Schema):
    cases = fields.List(fields.Nested(CaseSummarySchema))
    total = fields.Integer()


class CaseDetailSchema(Schema):
    case_id = fields.String()
    platform = fields.String()
    status = fields.String()
    note = fields.String()
    created_at = fields.String()
    updated_at = fields.String()
    order_id = fields.String(allow_none=True)
    dispute_id = fields.String(allow_none=True)
    buyer_name = fields.String(allow_none=True)
    dispute_type = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    order = fields.Dict(allow_none=True)
    dispute = fields.Dict(allow_none=True)
    buyer = fields.Dict(allow_none=True)
    deadlines = fields.List(fields.Dict())
    next_due_at = fields.String(allow_none=True)
    outcome_at = fields.String(allow_none=True)
    replies_used = fields.List(fields.Nested(lambda: ReplyUseSchema()),
                               metadata={"description": "suggested templates the seller filled or copied"})
    timeline = fields.List(fields.Dict())
    verify = fields.Dict(allow_none=True, metadata={"description": "null when asked with verify=none"})


class CaseGetQuerySchema(Strict):
    verify = fields.String(load_default="full", validate=validate.OneOf(("full", "none")),
                           metadata={"description": "full (default) re-hashes every stored file; none skips it"})


class ReplyUseRequestSchema(Strict):
    template_id = fields.String(required=True, validate=validate.Length(min=1, max=120))
    action = fields.String(required=True, validate=validate.OneOf(("filled", "copied")))
    stage = fields.String(allow_none=True, validate=validate.Length(max=40))
    language = fields.String(allow_none=True, validate=validate.Length(max=20))
    tone = fields.String(allow_none=True, validate=validate.Length(max=40))


class ReplyUseSchema(ReplyUseRequestSchema):
    at = fields.String()


class ReplyUseResultSchema(Schema):
    recorded = fields.Boolean()
    replies_used = fields.Integer(metadata={"description": "template uses the case now remembers"})


class OutcomeCountsSchema(Schema):
    total = fields.Integer()
    open = fields.Integer()
    resolved = fields.Integer()
    won = fields.Integer()
    lost = fields.Integer()


class TemplateOutcomeSchema(OutcomeCountsSchema):
    template_id = fields.String()
    cases = fields.Integer(metadata={"description": "cases in this group where the template was used"})

    class Meta:
        exclude = ("total",)


class OutcomeGroupSchema(OutcomeCountsSchema):
    platform = fields.String()
    dispute_type = fields.String()
    templates = fields.List(fields.Nested(TemplateOutcomeSchema))


class OutcomesSchema(Schema):
    groups = fields.List(fields.Nested(OutcomeGroupSchema))
    totals = fields.Nested(OutcomeCountsSchema)


class CasePatchSchema(Strict):
    status = fields.String(validate=validate.OneOf(CASE_STATUSES))
    note = fields.String(validate=validate.Length(max=LONG))

    @validates_schema
    def not_empty(self, data: dict[str, Any], **kwargs) -> None:
        if not data:
            raise ValidationError("Send status and/or note.", "_schema")


class MessagesRequestSchema(Strict):
    messages = fields.List(Remembered(MessageSchema), required=True, validate=validate.Length(min=1, max=2000))


class ChainLinkSchema(Schema):
    index = fields.Integer()
    prev_hash = fields.String()
    hash = fields.String()


class MessagesResultSchema(Schema):
    added = fields.Integer()
    duplicates = fields.Integer()
    chain = fields.List(fields.Nested(ChainLinkSchema))


class Base64(fields.String):
    """Strict base64 (a `data:…;base64,` prefix is accepted, as captureVisibleTab returns)."""

    def _deserialize(self, value, attr, data, **kwargs):
        raw = super()._deserialize(value, attr, data, **kwargs)
        if raw.startswith("data:") and "," in raw[:100]:
            raw = raw.split(",", 1)[1]
        try:
            return base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationError("Not valid base64.") from exc


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class EvidenceRequestSchema(Strict):
    kind = fields.String(required=True, validate=validate.OneOf(EVIDENCE_KINDS))
    url = opt_text(8192)
    title = opt_text(2000)
    captured_at = opt_text()
    html = fields.String(validate=validate.Length(max=64 * 1024 * 1024))
    text = fields.String(validate=validate.Length(max=64 * 1024 * 1024))
    image_png_base64 = Base64()
    filename = fields.String(validate=validate.Length(min=1, max=255))
    content_base64 = Base64()
    media_type = media_type_field()

    @validates_schema
    def has_content(self, data: dict[str, Any], **kwargs) -> None:
        check_evidence_content(data, image="image_png_base64", content="content_base64")


def check_evidence_content(data: dict[str, Any], *, image: str, content: str) -> None:
    """What each kind of evidence must carry; `image`/`content` name the fields in this request form."""
    picture = data.get(image)
    if picture is not None and not bytes(picture[:8]) == PNG_SIGNATURE:
        raise ValidationError("This is not a PNG image.", image)
    needs = {"page_snapshot": ("html", "text"), "screenshot": (image,), "note": ("text",),
             "file": (content,)}[data["kind"]]
    if not any(data.get(name) for name in needs):
        raise ValidationError(f"A {data['kind']} needs {' or '.join(needs)}.", needs[0])
    if data["kind"] == "file" and not data.get("filename"):
        raise ValidationError("A file needs its filename.", "filename")


class UploadedBytes(Upload):
    """A multipart file part, read into bytes exactly as sent."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, FileStorage):
            raise ValidationError("Not a file part.")
        stream = value.stream
        return stream.getvalue() if hasattr(stream, "getvalue") else stream.read()


class EvidenceUploadFormSchema(Strict):
    """The text fields of a multipart evidence upload (the same meaning as in the JSON form)."""
    kind = fields.String(required=True, validate=validate.OneOf(EVIDENCE_KINDS))
    url = opt_text(8192)
    title = opt_text(2000)
    captured_at = opt_text()
    filename = fields.String(validate=validate.Length(min=1, max=255))
    media_type = media_type_field()
    html = fields.String(metadata={"description": "the page's HTML as a text field (or send it as a file part)"})
    text = fields.String(metadata={"description": "visible text or a note, as a text field (or a file part)"})


class EvidenceUploadFilesSchema(Strict):
    """The byte parts of a multipart evidence upload: no base64, stored exactly as sent."""
    html = UploadedBytes()
    text = UploadedBytes()
    image = UploadedBytes(metadata={"description": "PNG"})
    content = UploadedBytes()


class EvidenceUploadSchema(EvidenceUploadFormSchema):
    """The whole multipart body as the document shows it: text fields and byte parts in one
    requestBody (OpenAPI 3 has no `formData` parameters for the form half)."""
    html = fields.String(metadata={"description": "the page's HTML, a text field or a file part"})
    text = fields.String(metadata={"description": "visible text or a note, a text field or a file part"})
    image = UploadedBytes(metadata={"description": "PNG"})
    content = UploadedBytes()


class EvidencePartSchema(Schema):
    name = fields.String()
    sha256 = fields.String()
    size = fields.Integer()
    media_type = fields.String()
    filename = fields.String()


class EvidenceResultSchema(Schema):
    evidence_id = fields.String()
    sha256 = fields.String(metadata={"description": "SHA-256 of the main part (html, image, file or note)"})
    parts = fields.List(fields.Nested(EvidencePartSchema))
    chain = fields.Nested(ChainLinkSchema)


class EvidencePartQuerySchema(Strict):
    part = fields.String(validate=validate.OneOf(("html", "text", "image", "content")))


class VerifySchema(Schema):
    ok = fields.Boolean()
    records = fields.Integer()
    first_bad_index = fields.Integer(allow_none=True)
    problem = fields.String(allow_none=True)


class ExportQuerySchema(Strict):
    force = fields.Boolean(load_default=False)
    lang = fields.String(load_default="en", validate=validate.OneOf(("en", "zh")),
                         metadata={"description": "language of report.html: en (default) or zh"})


class ErrorBodySchema(Schema):
    code = fields.String(required=True, metadata={"description": "machine code, e.g. invalid_fields"})
    message = fields.String(required=True)
    fields = fields.Dict(metadata={"description": "per-field problems (422)"})


class ErrorEnvelopeSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)
