"""``taobao-csv``: the copy columns of a Taobao (淘宝) item sheet, UTF-8 with BOM, one row per SKU.

Columns, named as in the third (Chinese) header row of 淘宝助理's CSV data package, which Taobao's bulk tools
and many third-party listers read::

    商家编码  宝贝名称  宝贝卖点  宝贝描述  宝贝图片

- ``商家编码`` (outer_id) ← the SKU: the merchant's own code, how a row is matched to an item (≤ 64 bytes in
  Taobao's item schema). Taobao's numeric item id is Taobao's and unknown to ShopForge.
- ``宝贝名称`` (title) ← approved title, ≤ 60 "bytes" counted as GBK (ASCII 1, 汉字 2: 30 汉字). Taobao's item
  edit schema: ``maxLengthRule unit="byte" value="60"`` and "最多允许输入30个汉字(60字符)", as quoted at
  https://blog.csdn.net/QQ569893796/article/details/129555445 (the taobao rule pack applies the same figure).
- ``宝贝卖点`` (subtitle) ← the approved bullets' headings (``【heading】``), or a bullet's whole line when it has
  none, joined with "，", whole points only, ≤ 150 characters. 150 is a ShopForge default: a Taobao page stating
  the 宝贝卖点 limit was not located.
- ``宝贝描述`` (description, HTML) ← each approved description line as an escaped ``<p>``, then the bullets as a
  ``<ul>``. No limit is applied: verified copy is at most 5,000 characters (the cn_common pack), well under the
  25,000 the taobao pack allows.
- ``宝贝图片`` ← the main image, then scenes and posters, copied as ``SKU-1.jpg`` … next to the file and listed by
  relative path, ";"-separated, at most 5 (Taobao's 5 main-image slots; a ShopForge default, page not located).
  淘宝助理's newer ``新图片`` column wants its own ``hash:1:0:|;`` syntax with .tbi files, so it is not used.

淘宝助理 itself wants ~60 further columns (类目, 价格, 库存…) that are not copy; this sheet is for pasting the copy
into a full data package or for a bulk editor that maps columns by name.
"""

from __future__ import annotations

from shopforge.review.exports.chinese import KINDS, PointsRule, SheetSpec, sheet_rows
from shopforge.review.exports.context import ExportContext, MarketplaceFormat, Rows, char_limit, gbk_limit
from shopforge.review.exports.listing import Listing

SPEC = SheetSpec(
    sku="商家编码",
    title="宝贝名称",
    points="宝贝卖点",
    description="宝贝描述",
    images="宝贝图片",
    title_limit=gbk_limit(60, "https://blog.csdn.net/QQ569893796/article/details/129555445 (Taobao item schema)"),
    points_rule=PointsRule(
        char_limit(150, "ShopForge default; Taobao's 宝贝卖点 limit not located"), "，", headings_only=False
    ),
    max_images=5,
)


def taobao_rows(listings: list[Listing], ctx: ExportContext) -> Rows:
    return sheet_rows(SPEC, listings, ctx)


TAOBAO_CSV = MarketplaceFormat(
    name="taobao-csv", header=SPEC.header, kinds=KINDS, delimiter=",", bom=True, rows=taobao_rows
)
