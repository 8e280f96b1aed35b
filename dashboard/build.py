"""The dashboard: one self-contained HTML file built from the feed views, opened without a server.

Charts are Vega-Lite specifications made with Altair; the Vega runtime (vega, vega-lite, vega-embed) is
inlined from vl-convert-python's bundle, so the page needs no network. Everything printed from a page
(sentences, headlines, names) is escaped: a sentence that contains ``<script>`` shows as text.
"""
from __future__ import annotations

import contextlib
import html
import json
import time
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import altair as alt
import duckdb
import polars as pl

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'
CLASSIFIERS_WITH_WAN = {"个", "只", "人", "名", "张", "套", "件", "户", "CNY", "kWh", "t"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def format_value(value: float | None, unit: str | None, qualifier: str | None = None) -> str:
    """A figure as a reader writes it.

    >>> format_value(511300, "个"), format_value(1373.5, "t"), format_value(19.7, "%"), format_value(1.2e8, "CNY", "approx")
    ('51.13万 个', '1,373.5 t', '19.7%', '约 1.2亿 元')
    """
    if value is None:
        return "—"
    unit = unit or ""
    prefix = {"approx": "约 ", "at_least": "≥ ", "at_most": "≤ "}.get(qualifier or "exact", "")
    if unit == "%":
        return f"{prefix}{value:g}%"
    if unit == "pp":
        return f"{prefix}{value:g} 个百分点"
    shown = {"CNY": "元", "kWh": "千瓦时"}.get(unit, unit)
    if unit in CLASSIFIERS_WITH_WAN and abs(value) >= 1e8:
        number = f"{value / 1e8:.4g}亿"
    elif unit in CLASSIFIERS_WITH_WAN and abs(value) >= 1e4 and unit not in ("t",):
        number = f"{value / 1e4:.4g}万"
    else:
        number = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{prefix}{number} {shown}".strip()


@lru_cache(maxsize=1)
def _vega_bundle() -> str:
    import vl_convert

    return vl_convert.javascript_bundle()


def _query(con: duckdb.DuckDBPyConnection, sql: str) -> pl.DataFrame:
    return con.sql(sql).pl()


def _script_json(value) -> str:
    """JSON safe inside <script>: no '</' can close the element, no '<!--' can start a comment state, no line
    separators break the literal."""
    return (json.dumps(value, ensure_ascii=False, default=str).replace("</", "<\\/").replace("<!--", "<\\u0021--")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


WAN_AXIS = ("abs(datum.value) >= 1e8 ? format(datum.value / 1e8, '~g') + '亿' : "
            "abs(datum.value) >= 1e4 ? format(datum.value / 1e4, '~g') + '万' : format(datum.value, ',~g')")


def _chart_spec(series: pl.DataFrame) -> dict:
    """Per indicator a line chart of value over time by district, filtered by two parameters the page sets."""
    units = {"CNY": "元", "kWh": "千瓦时", "pp": "个百分点"}
    label = (pl.coalesce("name_zh", "indicator") + pl.lit("（")
             + pl.col("unit").fill_null("").replace_strict(units, default=pl.col("unit").fill_null(""))
             + pl.lit("）")).alias("label")
    shown = pl.struct("value", "unit").map_elements(lambda r: format_value(r["value"], r["unit"]),
                                                    return_dtype=pl.String).alias("s")
    # Compact rows (integer keys i, d; short field names) and two small lookup tables keep the page small:
    # about 60 bytes per day and district instead of 250.
    indicators = series.group_by("indicator").agg(pl.first("name_zh"), label.first()).sort("indicator") \
        .with_row_index("i")
    districts = series.group_by("district_code").agg(pl.col("district_name").last()).sort("district_code") \
        .with_row_index("d")
    rows = (series.join(indicators.select("indicator", "i"), on="indicator")
            .join(districts.select("district_code", "d"), on="district_code")
            .select("i", "d", pl.col("as_of_date").cast(pl.String).alias("t"), pl.col("value").alias("v"), shown,
                    pl.col("n_facts").alias("n")))
    data = alt.Data(values=rows.to_dicts())
    indicator = alt.param(name="indicator", value="all")
    district = alt.param(name="district", value="all")
    base = (alt.Chart(data)
            .transform_lookup(lookup="i", from_=alt.LookupData(alt.Data(values=indicators.to_dicts()), "i",
                                                                ["indicator", "name_zh", "label"]))
            .transform_lookup(lookup="d", from_=alt.LookupData(alt.Data(values=districts.to_dicts()), "d",
                                                                ["district_code", "district_name"]))
            .transform_filter("(indicator == 'all' || datum.indicator == indicator) && "
                              "(district == 'all' || datum.district_code == district)")
            .mark_line(point=alt.OverlayMarkDef(size=40))
            .encode(x=alt.X("t:T", title=None,
                            axis=alt.Axis(format="%m-%d", labelAngle=0, tickCount=5, labelOverlap=True)),
                    y=alt.Y("v:Q", title=None, axis=alt.Axis(labelExpr=WAN_AXIS, tickCount=5)),
                    color=alt.Color("district_name:N", title="地区", scale=alt.Scale(scheme="tableau20")),
                    tooltip=[alt.Tooltip("district_name:N", title="地区"), alt.Tooltip("name_zh:N", title="指标"),
                             alt.Tooltip("t:T", title="日期", format="%Y-%m-%d"),
                             alt.Tooltip("s:N", title="数值"), alt.Tooltip("n:Q", title="报道条数")])
            .properties(width=280, height=150))
    chart = (base.facet(facet=alt.Facet("label:N", title=None,
                                        header=alt.Header(labelFontSize=13, labelFontWeight="bold")), columns=3)
             .resolve_scale(x="independent", y="independent").add_params(indicator, district)
             .configure(font=FONT).configure_axis(labelFont=FONT, titleFont=FONT)
             .configure_legend(labelFont=FONT, titleFont=FONT).configure_header(labelFont=FONT))
    return chart.to_dict()


def _table(headers: list[str], rows: list[list[str]], attributes: list[dict[str, str]] | None = None) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = []
    for i, row in enumerate(rows):
        attrs = "".join(f' data-{k}="{html.escape(v, quote=True)}"' for k, v in (attributes[i] if attributes else {}).items())
        body.append(f"<tr{attrs}>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def build_dashboard(db_path: Path, out_file: Path) -> dict:
    """Write the dashboard of the warehouse at ``db_path`` (read-only, feed views only) to ``out_file``.

    Returns a summary: path, bytes, n_facts (latest facts shown), indicators, districts.
    """
    with duckdb.connect(str(db_path), read_only=True) as con:
        series = _query(con, "SELECT * FROM feed_daily_series")
        latest = _query(con, "SELECT * FROM feed_latest_values ORDER BY as_of_date DESC, district_code, indicator")
        league = _query(con, "SELECT * FROM feed_resumption_league ORDER BY rank")
        coverage = _query(con, "SELECT * FROM feed_coverage")
    e = html.escape
    indicators = series.select("indicator", "name_zh").unique().sort("indicator").rows()
    districts = latest.select("district_code", "district_name").unique().sort("district_code").rows()
    options_i = "".join(f'<option value="{e(code)}">{e(name or code)}（{e(code)}）</option>' for code, name in indicators)
    options_d = "".join(f'<option value="{e(code)}">{e(name or code)}（{e(code)}）</option>' for code, name in districts)
    league_attrs = [{"district": r["district_code"]} for r in league.iter_rows(named=True)]
    league_rows = [[str(r["rank"]), e(r["district_name"] or ""), e(r["district_code"]),
                    format_value(r["resumption_rate"], "%"), e(str(r["resumption_rate_date"] or "—")),
                    format_value(r["enterprises_resumed"], "家"), e(str(r["enterprises_resumed_date"] or "—"))]
                   for r in league.iter_rows(named=True)]
    fact_rows, fact_attrs = [], []
    for r in latest.iter_rows(named=True):
        fact_rows.append([e(r["district_name"] or ""), e(r["name_zh"] or r["indicator"]),
                          f'<span class="value">{e(format_value(r["value"], r["unit"], r["qualifier"]))}</span>',
                          e(str(r["as_of_date"])), e(r["source_name"] or r["source"] or ""),
                          e(str(r["page"] or "—")), e(str(r["publication_date"])),
                          f'<span class="sentence">{e(r["sentence"] or "")}</span>'])
        fact_attrs.append({"indicator": r["indicator"], "district": r["district_code"]})
    span = (f"{coverage['publication_date'].min()} – {coverage['publication_date'].max()}" if coverage.height else "—")
    sources = ", ".join(sorted(set(coverage["source_name"].drop_nulls().to_list()))) if coverage.height else "—"
    page = TEMPLATE.format(
        font=FONT, bundle=_vega_bundle().replace("</script", "<\\/script"),
        spec=_script_json(_chart_spec(series)), options_i=options_i, options_d=options_d,
        league=_table(["名次", "地区", "代码", "复工率", "日期", "复工企业", "日期"], league_rows, league_attrs),
        facts=_table(["地区", "指标", "数值", "截至", "报纸", "版面", "出版日期", "原文"], fact_rows, fact_attrs),
        n_facts=latest.height, sources=e(sources), span=e(span),
        n_docs=int(coverage["n_documents"].sum()) if coverage.height else 0)
    out_file = Path(out_file)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_file.with_name(f".{out_file.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out_file)
    return {"path": str(out_file), "bytes": out_file.stat().st_size, "n_facts": latest.height,
            "indicators": len(indicators), "districts": len(districts)}


@contextlib.contextmanager
def open_page(html_file: Path, timeout_ms: int = 20_000) -> Iterator[tuple[object, list[str], float]]:
    """Open ``html_file`` (file://) in Debian's headless Chromium via Playwright, wait until the charts are drawn.

    Yields (page, console errors, seconds from navigation to drawn charts). `playwright install` is never needed:
    the browser is /usr/bin/chromium (scripts/install_chromium.sh).
    """
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run scripts/install_chromium.sh")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            started = time.perf_counter()
            page.goto(Path(html_file).resolve().as_uri())
            page.wait_for_selector("body[data-ready='true'] #vis svg", timeout=timeout_ms)
            yield page, errors, time.perf_counter() - started
        finally:
            browser.close()


def measure_in_browser(db_path: Path, out_file: Path) -> dict:
    """Build the page, open it in headless Chromium; {"bytes", "open_seconds", "console_errors", ...}."""
    summary = build_dashboard(db_path, out_file)
    with open_page(Path(out_file)) as (page, errors, seconds):
        svgs = page.locator("#vis svg").count()
        marks = page.locator("#vis svg path").count()
    return {**summary, "open_seconds": round(seconds, 3), "console_errors": errors, "svg_elements": svgs,
            "svg_paths": marks}


TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsstats · 复工复产指标</title>
<style>
  body {{ font-family: {font}; margin: 24px; color: #1d2330; background: #fafafa; }}
  h1 {{ font-size: 22px; margin: 0 0 4px; }} h2 {{ font-size: 17px; margin: 28px 0 8px; }}
  .meta {{ color: #5b6270; font-size: 13px; }}
  .filters {{ margin: 16px 0; display: flex; gap: 16px; flex-wrap: wrap; }}
  select {{ font: inherit; padding: 4px 8px; }}
  table {{ border-collapse: collapse; width: 100%; background: white; font-size: 13px; }}
  th, td {{ border-bottom: 1px solid #e3e6eb; padding: 6px 8px; text-align: left; vertical-align: top; }}
  th {{ background: #f0f2f5; }} .value {{ white-space: nowrap; font-weight: 600; }}
  .sentence {{ color: #3d4350; }} tr.hidden {{ display: none; }}
  #facts td:not(:last-child), #league td {{ white-space: nowrap; }}
  #vis {{ background: white; padding: 8px; }}
</style>
<script type="text/javascript">{bundle}</script>
</head>
<body>
<h1>newsstats · 复工复产指标</h1>
<p class="meta">来源：{sources}；出版日期 {span}；{n_docs} 个版面，{n_facts} 条最新指标。每个数字都可追溯到原文句子。</p>
<div class="filters">
  <label>指标 <select id="indicator"><option value="all">全部指标</option>{options_i}</select></label>
  <label>地区 <select id="district"><option value="all">全部地区</option>{options_d}</select></label>
</div>
<h2>指标走势（按地区）</h2>
<div id="vis"></div>
<h2>复工排行</h2>
<div id="league">{league}</div>
<h2>最新指标与原文</h2>
<div id="facts">{facts}</div>
<script type="text/javascript">
  const spec = {spec};
  const pick = () => ({{indicator: document.getElementById("indicator").value,
                        district: document.getElementById("district").value}});
  function filterRows() {{
    const p = pick();
    document.querySelectorAll("#facts tbody tr, #league tbody tr").forEach((row) => {{
      const show = (p.indicator === "all" || !row.dataset.indicator || row.dataset.indicator === p.indicator) &&
                   (p.district === "all" || row.dataset.district === p.district);
      row.classList.toggle("hidden", !show);
    }});
  }}
  vegaEmbed("#vis", spec, {{mode: "vega-lite", actions: false, renderer: "svg"}}).then((result) => {{
    const apply = () => {{
      const p = pick();
      result.view.signal("indicator", p.indicator).signal("district", p.district).runAsync();
      filterRows();
    }};
    document.getElementById("indicator").addEventListener("change", apply);
    document.getElementById("district").addEventListener("change", apply);
    document.body.dataset.ready = "true";
  }}).catch((error) => console.error(error));
</script>
</body>
</html>
"""
