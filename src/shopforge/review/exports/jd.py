"""``jd-csv``: the copy columns of a JD (京东) product sheet, UTF-8 with BOM, one row per SKU.

Columns, named as JD's merchant back end labels the fields::

    货号  商品名称  营销卖点  商品介绍  商品图片

- ``货号`` ← the SKU: the merchant's own item number. JD's 商品编号 is assigned by JD and unknown to ShopForge,
  so rows are matched by 货号.
- ``商品名称`` ← approved title, ≤ 90 GBK bytes (45 汉字): the jd rule pack's ShopForge default — JD's own limit
  for the long title was not located.
- ``营销卖点`` ← the approved bullets' ``【heading】`` points only (a bullet without a heading has no short point),
  2–3 points of 3–7 characters, 9–21 characters in all, whole points only, separated by "；". The figures are
  JD's 营销卖点 input rules as reposted at http://m.jlketai.cn/jdnews/26323.html (a low-quality copy of JD's
  notice; re-verify): points outside 3–7 characters are left out and reported, fewer than 2 are reported.
- ``商品介绍`` (HTML) ← each approved description line as an escaped ``<p>``, then the bullets as a ``<ul>``.
  No limit is applied: verified copy is at most 5,000 characters (the cn_common pack).
- ``商品图片`` ← the main image, then scenes and posters, copied as ``SKU-1.jpg`` … and listed by relative path,
  ";"-separated, at most 5 (a ShopForge default; JD's figure was not located).
"""

from __future__ import annotations

from shopforge.review.exports.chinese import KINDS, PointsRule, SheetSpec, sheet_rows
from shopforge.review.exports.context import ExportContext, MarketplaceFormat, Rows, char_limit, gbk_limit
from shopforge.review.exports.listing import Listing

SPEC = SheetSpec(
    sku="货号",
    title="商品名称",
    points="营销卖点",
    description="商品介绍",
    images="商品图片",
    title_limit=gbk_limit(90, "ShopForge default (jd rule pack); JD's limit not located"),
    points_rule=PointsRule(
        char_limit(21, "http://m.jlketai.cn/jdnews/26323.html (JD 营销卖点 rules, reposted)"),
        "；",
        headings_only=True,
        max_points=3,
        point_chars=(3, 7),
        min_points=2,
        count_separators=False,
    ),
    max_images=5,
)


def jd_rows(listings: list[Listing], ctx: ExportContext) -> Rows:
    return sheet_rows(SPEC, listings, ctx)


JD_CSV = MarketplaceFormat(name="jd-csv", header=SPEC.header, kinds=KINDS, delimiter=",", bom=True, rows=jd_rows)
