"""Article and sentence segmentation: headlines after bodies, kickers, datelines, the seed and the xwlb corpus."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import opencc
import polars as pl
import pytest

from zhnews.articles import segment_articles
from zhnews.cleaning import clean_pages
from zhnews.sentences import split_sentences, split_text

PAGE = """请广大市民如发现违规聚集、哄抬物价等行为，
及时向有关部门反映。

举报电话：（0391）3512345。
 本报讯（记者王一鸣） 3月2
日，修武县32家规上工业企业
全部复工复产。口罩日产能达12.6
万个。①5

科学调度 精准施策

修武县规上工业企业全部复工

 本报讯（记者李娜 通讯员赵强）截至
昨日，温县蔬菜日供应量达
120吨，市场供应充足。（下转第二版①）

保供稳价

温县“菜篮子”拎得稳
——全县生活必需品市场供应充足

本报记者 周明
本报通讯员 孙 丽

连日来，孟州市各镇（街道）
一手抓防控一手抓生产。①5

市领导到孟州市
调研春耕生产工作
"""


def squash(text):
    """NFKC, no white space, no Markdown emphasis marks: what layout and markup add to the text."""
    return "".join(unicodedata.normalize("NFKC", text or "").replace("**", "").split())


def articles_of(raw: str) -> pl.DataFrame:
    return segment_articles(clean_pages(pl.DataFrame({"doc_id": ["d"], "raw_text": [raw]})))


def test_headlines_printed_after_their_bodies():
    found = articles_of(PAGE)
    assert found.select("headline", "kicker", "subtitle").rows() == [
        (None, None, None),
        ("修武县规上工业企业全部复工", "科学调度精准施策", None),
        ("温县“菜篮子”拎得稳", "保供稳价", "——全县生活必需品市场供应充足"),
        ("市领导到孟州市调研春耕生产工作", None, None),
    ]
    assert found["reporters"].to_list() == [[], ["王一鸣"], ["李娜", "赵强"], ["周明", "孙丽"]]
    assert found["dateline"].to_list() == [None, "本报讯（记者王一鸣）", "本报讯（记者李娜通讯员赵强）", "本报记者周明"]
    assert found["continues_to_page"].to_list() == [None, None, 2, None]
    assert squash(found["body"][3]).startswith("本报记者周明本报通讯员孙丽连日来")


def test_headlines_before_bodies_on_web_copies():
    raw = "卫辉市复工提速\n本报讯（记者张华）全市120家企业复工。\n\n辉县市春耕忙\n本报讯（记者刘洋）全市小麦长势良好。\n"
    assert articles_of(raw)["headline"].to_list() == ["卫辉市复工提速", "辉县市春耕忙"]


def test_markdown_stories_are_articles_with_their_headlines():
    raw = "# 新闻联播 20200301\n\n## 全国复工复产加快\n\n**央视网消息**（新闻联播）：各地企业复工。\n\n*[原文](http://x)*\n\n## 春耕备耕有序推进\n\n农业部门加强指导。\n"
    found = articles_of(raw)
    assert found["headline"].to_list() == ["全国复工复产加快", "春耕备耕有序推进"]
    assert found["body"].to_list() == ["央视网消息（新闻联播）：各地企业复工。", "农业部门加强指导。"]


def test_sentences_split_at_terminators_never_inside_numbers():
    text = "酒精8.5吨。“要复工！”他说；口罩51.13万个？是的"
    assert [text[a:b] for a, b in split_text(text)] == ["酒精8.5吨。", "“要复工！”", "他说；", "口罩51.13万个？", "是的"]


def _check_sentences(raw: str, doc_id: str = "d") -> pl.DataFrame:
    cleaned = clean_pages(pl.DataFrame({"doc_id": [doc_id], "raw_text": [raw]}))
    articles = segment_articles(cleaned)
    sentences = split_sentences(cleaned, articles)
    t2s = opencc.OpenCC("t2s")
    for row in sentences.iter_rows(named=True):
        assert squash(t2s.convert(raw[row["raw_start"]:row["raw_end"]])) == squash(row["text"]), row
    assert set(sentences["article_id"]) <= set(articles["article_id"])
    assert sentences["sentence_id"].to_list() == list(range(sentences.height))
    return sentences


def test_every_sentence_maps_back_to_its_raw_span():
    sentences = _check_sentences(PAGE)
    assert sentences.filter(pl.col("is_headline"))["text"].to_list() == [
        "科学调度精准施策", "修武县规上工业企业全部复工", "保供稳价", "温县“菜篮子”拎得稳", "全县生活必需品市场供应充足",
        "市领导到孟州市", "调研春耕生产工作"]


def test_seed_page_segments_into_the_gold_articles(seed_text, gold_dir):
    found = articles_of(seed_text)
    gold = [json.loads(line) for line in (gold_dir / "seed_articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert found.height == len(gold) == 9
    for want, (headline, body) in zip(gold, found.select("headline", "body").rows()):
        assert squash(want["body_starts"]) in squash(body)[:60]
        assert (squash(want["headline"]) in squash(headline)) if want["headline"] else headline is None
    _check_sentences(seed_text)


def test_every_xwlb_story_becomes_one_article_with_its_headline(xwlb_dir):
    files = sorted(xwlb_dir.glob("*.md"))
    assert len(files) == 214
    for path in files:
        raw = path.read_text(encoding="utf-8")
        found = articles_of(raw)
        stories = [line[3:].strip() for line in raw.splitlines() if line.startswith("## ")]
        with_body = [s for s in stories if s]
        assert [squash(h) for h in found["headline"]] == [squash(s) for s in with_body][: found.height], path.name
        assert found.height >= len(with_body) - 1, path.name


def test_sentence_spans_hold_over_the_xwlb_corpus(xwlb_dir):
    for i, path in enumerate(sorted(xwlb_dir.glob("*.md"))):
        _check_sentences(path.read_text(encoding="utf-8"), f"x{i}")


def test_sentence_spans_hold_over_the_sample_pages():
    from lakehouse.landing import landed_days, list_day, read_pages
    from lakehouse.sources import load_sources

    root = Path(__file__).resolve().parent.parent / "samples"
    sources = load_sources(root / "sources.toml")
    files = [f for day in landed_days(root / "landing") for f in list_day(root / "landing", day, sources)[0]]
    documents, rejected = read_pages(files, sources)
    assert documents.height == 8 and rejected == []
    for doc_id, raw in documents.select("doc_id", "raw_text").iter_rows():
        _check_sentences(raw, doc_id)


def test_end_marks_separate_articles_that_have_no_dateline():
    raw = ("市场监管部门加大巡查力度，全市\n农贸市场秩序良好，价格平稳。①5\n\n守护“菜篮子”\n\n"
           "连日来，修武县组织志愿者深入\n社区，帮助群众采购生活物资。①5\n\n志愿服务暖人心\n")
    found = articles_of(raw)
    assert found["headline"].to_list() == ["守护“菜篮子”", "志愿服务暖人心"]
    assert [squash(b)[:6] for b in found["body"]] == ["市场监管部门", "连日来,修武"]


def test_titles_before_bodies_without_datelines_split_at_end_marks():
    raw = "全市农贸市场价格平稳\n\n市场监管部门加大巡查力度，价格平稳。①5\n\n修武县志愿者进社区\n\n连日来，修武县组织志愿者入户服务。①5\n"
    assert articles_of(raw)["headline"].to_list() == ["全市农贸市场价格平稳", "修武县志愿者进社区"]


@pytest.mark.parametrize("dateline, reporters", [
    ("本报郑州讯（记者周明）", ["周明"]), ("焦作日报讯（记者李娜 通讯员王强）", ["李娜", "王强"]),
    ("本报讯(记者赵刚)", ["赵刚"])])
def test_dateline_variants_start_articles_and_name_reporters(dateline, reporters):
    raw = f"第一篇稿件正文。①5\n\n标题一\n\n{dateline}全县复工企业达120家。①5\n\n标题二\n"
    found = articles_of(raw)
    assert found["headline"].to_list() == ["标题一", "标题二"]
    assert found["reporters"].to_list()[1] == reporters


def test_web_headings_with_a_kicker_heading_above_them():
    from zhnews.decoding import html_to_text

    html = ("<nav>首页 | 往期回顾 | 下一版 | PDF下载</nav><div>您当前的位置：宜昌日报 &gt; 第01版</div>"
            "<h3>分类施策 梯次推进</h3><h1>夷陵区318家企业复工</h1><p>本报讯（记者柯文涛）全区复工318家。</p>"
            "<div>分享到：微信 微博</div><h2>宜都口罩日产能超60万只</h2><p>本报讯（记者黎思雨）日产能60万只。</p>")
    found = articles_of(html_to_text(html))
    assert found.select("headline", "kicker").rows() == [("夷陵区318家企业复工", "分类施策梯次推进"),
                                                          ("宜都口罩日产能超60万只", None)]


def test_e_paper_titles_styled_as_divs_with_their_subtitles():
    from zhnews.decoding import html_to_text

    html = ('<div class="art-nav">上一篇 | 下一篇</div><div class="title">晋江口罩日产能突破300万只</div>'
            '<div class="subtitle">鞋服企业跨界转产防疫物资</div><div class="content"><p>本报讯（记者陈雅婷）'
            '截至3月19日，晋江市日产能达320万只。</p></div><div class="title">石狮复工率99.5%</div>'
            '<p>本报讯（记者黄志坚）全市规上工业企业复工率99.5%。</p>')
    found = articles_of(html_to_text(html))
    assert found.select("headline", "subtitle").rows() == [
        ("晋江口罩日产能突破300万只", "——鞋服企业跨界转产防疫物资"), ("石狮复工率99.5%", None)]
    assert found["body"].to_list()[0].startswith("本报讯（记者陈雅婷）")


def test_a_signed_notice_box_and_a_data_box_titled_by_its_caption():
    raw = ("丰城32个重大项目集中开工\n\n 本报讯（记者熊伟）上周四，丰城市32个项目集中开工。\n\n"
           "外地来宜返宜人员请于抵达后24小时内报备。咨询电话：（0795）3568120。\n宜春市新冠肺炎疫情防控应急指挥部\n"
           "2020年3月9日\n\n各县（市、区）规上工业企业复工情况\n（截至3月8日） 单位：家\n县（市、区） 企业数 已复工 复工率\n"
           "袁州区 126 121 96.0%\n奉新县 102 97 95.1%\n")
    found = articles_of(raw)
    assert found["headline"].to_list() == ["丰城32个重大项目集中开工", None, "各县（市、区）规上工业企业复工情况"]
    assert found["body"].to_list()[1].startswith("外地来宜返宜人员")
    assert found["body"].to_list()[2].startswith("（截至3月8日）")


def test_a_masthead_a_broken_jump_line_a_traditional_dateline_and_a_three_line_title():
    raw = ("亳州晚报\nBOZHOU WANBAO\n2020年2月19日 星期三 农历庚子年正月廿六\n国内统一连续出版物号 CN34-0099\n\n"
           " 本报讯（记者 张晨阳）截至\n2月18日，全市678家规上工业\n企业已复工576家，各县区要紧\n扣“六稳”工作，（下转第二\n版）\n\n"
           "统筹抓好疫情防控和经济社会发展\n我市规上工业企业复工率\n高出全省6.3个百分点\n\n"
           " 本報訊（記者 劉曉雯）前天，渦陽\n縣蔬菜批發市場上市量達到三百\n二十噸。①5\n\n渦陽：「菜籃子」供應足\n")
    found = articles_of(raw)
    assert found.select("headline", "kicker", "continues_to_page").rows() == [
        ("我市规上工业企业复工率高出全省6.3个百分点", "统筹抓好疫情防控和经济社会发展", 2),
        ("涡阳：「菜篮子」供应足", None, None)]
    assert squash(found["body"][1]) == squash("本报讯（记者刘晓雯）前天，涡阳县蔬菜批发市场上市量达到三百二十吨。")
