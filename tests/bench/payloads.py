"""Deterministic, realistic request payloads: a marketplace page's HTML and a screenshot PNG.

Everything is generated from a fixed seed, so two runs send the same bytes; `vary()`-style
helpers make each save's bytes differ slightly so content addressing never skips a write.
"""
from __future__ import annotations

import random
import struct
import zlib
from html import escape

_WORDS = ("order", "shipped", "tracking", "refund", "parcel", "item", "seller", "buyer", "delivery", "customs",
          "return", "label", "warehouse", "package", "received", "damaged", "colour", "size", "quantity",
          "invoice", "payment", "dispatch", "carrier", "estimated", "arrival", "please", "thank", "you", "the",
          "was", "not", "as", "described", "photo", "attached", "today", "tomorrow", "week", "still", "waiting")
_FOREIGN = ("¿Dónde está mi pedido? Todavía no ha llegado y el seguimiento no se actualiza.",
            "Die Ware ist beschädigt angekommen, bitte um Rückerstattung oder Ersatz.",
            "Посылка не пришла, трек-номер не отслеживается уже две недели.",
            "包裹还没有收到，物流信息一直没有更新，请尽快处理。",
            "Le colis est arrivé ouvert et il manque un article. Merci de me rembourser.",
            "O produto não corresponde à descrição do anúncio.",
            "注文した商品と違う色が届きました。交換をお願いします。")
_CSS_PROPS = ("display:flex", "margin:0 auto", "padding:8px 12px", "color:#333", "font-size:14px",
              "border:1px solid #e5e5e5", "background:#fafafa", "line-height:1.45", "gap:6px", "flex-wrap:wrap")

CAPTURE_MARK = "__CAPTURE_0000000000__"


def _sentence(rng: random.Random, low: int = 6, high: int = 22) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def page_html(size_bytes: int = 2 * 1024 * 1024, seed: int = 20240601) -> str:
    """An order/dispute page as a content script would capture it: CSS, inline state JSON,
    navigation, the order table, a long message thread in several languages and product
    cards. Exactly `size_bytes` UTF-8 bytes; contains CAPTURE_MARK once (see `stamp_html`)."""
    rng = random.Random(seed)
    head = ['<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            f'<!-- captured {CAPTURE_MARK} -->',
            '<title>Order details - Resolution centre</title>',
            '<meta name="viewport" content="width=device-width, initial-scale=1"><style>']
    for i in range(900):
        props = ";".join(rng.sample(_CSS_PROPS, 4))
        head.append(f".c{i:x}-{rng.randrange(16**6):06x}{{{props}}}")
    head.append("</style><script>window.__STATE__=")
    state_items = ",".join(
        f'{{"sku":"SKU-{rng.randrange(10**8):08d}","title":"{_sentence(rng, 3, 8)}","qty":{rng.randint(1, 4)},'
        f'"price":{{"amount":"{rng.randint(1, 300)}.{rng.randint(0, 99):02d}","currency":"EUR"}}}}'
        for _ in range(150))
    head.append(f'{{"order":{{"id":"12-{rng.randrange(10**5):05d}-{rng.randrange(10**5):05d}","items":[{state_items}]}}}};')
    head.append("</script></head><body><header class=\"top\"><nav>")
    head.extend(f'<a href="/help/{i}" class="nav-link">{escape(_sentence(rng, 1, 3))}</a>' for i in range(40))
    head.append("</nav></header><main><table class=\"order\"><tbody>")
    head.extend(f'<tr><th>{escape(_sentence(rng, 1, 3))}</th><td data-k="{i}">{escape(_sentence(rng, 2, 6))}</td></tr>'
                for i in range(60))
    head.append('</tbody></table><section class="thread">')
    html = "".join(head)
    tail = "</section></main><footer>© Marketplace</footer></body></html>\n"
    budget = size_bytes - len(tail.encode("utf-8"))
    chunks: list[str] = [html]
    used = len(html.encode("utf-8"))
    n = 0
    while True:
        n += 1
        sender = rng.choice(("buyer", "seller", "platform"))
        text = rng.choice(_FOREIGN) if rng.random() < 0.3 else _sentence(rng)
        block = (f'<div class="msg msg-{sender}" data-id="m{n:06d}"><div class="meta"><span class="who">{sender}'
                 f'</span><time datetime="2024-05-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:'
                 f'{rng.randint(0, 59):02d}:00Z">{rng.randint(1, 28)} May</time></div>'
                 f'<p class="body">{escape(text)}</p>')
        if n % 7 == 0:
            block += (f'<div class="card"><img src="https://img.example.com/{rng.randrange(16**12):012x}.jpg" '
                      f'alt="item"><a href="/item/{rng.randrange(10**10)}">{escape(_sentence(rng, 3, 9))}</a></div>')
        block += "</div>"
        size = len(block.encode("utf-8"))
        if used + size > budget:
            break
        chunks.append(block)
        used += size
    chunks.append(" " * (budget - used))  # pad with whitespace to the exact size
    chunks.append(tail)
    result = "".join(chunks)
    assert len(result.encode("utf-8")) == size_bytes
    return result


def stamp_html(html: str, stamp: int) -> str:
    """The same page with a different capture stamp (same length, different SHA-256)."""
    return html.replace(CAPTURE_MARK, f"__CAPTURE_{stamp:010d}__", 1)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


class Png:
    """A valid RGB PNG of about `size_bytes`, filled with noise so it does not compress.

    The pixel data are compressed once; `with_stamp(n)` adds a tEXt chunk, which keeps the
    file a valid PNG and makes every screenshot's bytes (and hash) different."""

    def __init__(self, size_bytes: int = 1024 * 1024, seed: int = 7) -> None:
        width = 640
        height = max(1, size_bytes // (width * 3 + 1))
        rng = random.Random(seed)
        rows = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))
        self._head = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        self._idat = _chunk(b"IDAT", zlib.compress(rows, 1))
        self._end = _chunk(b"IEND", b"")

    def with_stamp(self, stamp: int) -> bytes:
        text = _chunk(b"tEXt", b"Comment\x00" + f"capture {stamp:010d}".encode())
        return self._head + text + self._idat + self._end


def small_html(stamp: int, size_bytes: int = 8 * 1024) -> str:
    """A small page snapshot (an order summary fragment) of exactly `size_bytes`, unique per stamp."""
    rng = random.Random(11)
    parts = [f'<!DOCTYPE html><html><head><meta charset="utf-8"><!-- captured {stamp:010d} -->'
             '<title>Order summary</title></head><body><table class="order">']
    tail = "</table></body></html>\n"
    budget = size_bytes - len(tail.encode("utf-8"))
    used = len(parts[0].encode("utf-8"))
    while True:
        row = f'<tr><th>{escape(_sentence(rng, 1, 3))}</th><td>{escape(_sentence(rng, 2, 8))}</td></tr>'
        size = len(row.encode("utf-8"))
        if used + size > budget:
            break
        parts.append(row)
        used += size
    parts.append(" " * (budget - used) + tail)
    return "".join(parts)
