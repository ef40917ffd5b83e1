"""Generated knowledge articles for the search benchmark: the demo corpus plus realistic look-alikes.

``generate(n, seed)`` yields the 青川市 demo articles first, then articles made deterministically for a
seed from the same topic facts and a wider vocabulary:

- community tips and Q&A digests on one demo topic (温馨提示, 政策问答), with local places, dates and
  phone numbers: they repeat the topic's facts, so they answer its questions too (about 15 %);
- work news (工作动态) of a street or unit publicising one demo topic: they name it but do not
  answer it (about 10 %);
- local notices about other matters — a clinic's hours, a market's renovation, farm subsidies,
  scenic-area tickets … — that mention hotline terms in passing (about 50 %);
- unrelated news — meetings, inspections, campaigns (about 25 %).

Every article carries ``source``: the demo topic whose questions it answers (tips only; None for the
rest), so the benchmark can count a tip about the right topic as a right answer.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from bench.knowledge_corpus import compose, load_topics

PLACES = ("朝阳", "长安", "滨江", "河西", "望山", "文昌", "北辰", "人民", "解放", "新华", "和平", "建设", "光明",
          "幸福", "团结", "东风", "红星", "金桥", "锦绣", "翠苑", "桃园", "石门", "临溪", "青龙", "白鹭", "紫荆",
          "丹桂", "梧桐", "兴隆", "永安", "南湖", "西城", "东岳", "凤鸣", "柳岸", "云栖")
STREETS = ("长安街道", "滨江街道", "河西街道", "望山街道", "临溪镇", "石门乡", "北辰街道", "文昌街道", "新华街道",
           "金桥镇", "白鹭镇", "青龙乡")
OFFICES = ("市人社局", "市医保局", "市住房公积金管理中心", "市住建局", "市市场监管局", "市交通运输局", "市教育局",
           "市城管局", "市民政局", "市卫健委", "江北区政府", "河西区政府", "临溪县政府")
EVENTS = ("安全生产大检查", "文明城市创建推进会", "防汛备汛工作部署会", "森林防火专题会议", "消防安全培训",
          "平安建设宣传月活动", "垃圾分类志愿服务", "重阳节敬老活动", "全民健身运动会", "网格化管理工作会议",
          "营商环境专题座谈会", "“我为群众办实事”推进会", "冬季供暖保障协调会", "燃气安全隐患排查",
          "食品安全宣传周活动", "反诈宣传进社区活动", "人口普查业务培训", "禁毒宣传教育活动")
PASSING = ("低保", "医保", "社保", "公积金", "居住证", "停水", "停电", "燃气", "供暖", "物业", "落户", "欠薪",
           "营业执照", "公租房", "异地就医", "积分入学", "路灯", "噪音", "预付卡", "敬老卡")
FILLER = ("会议强调，要坚持以人民为中心，把群众的操心事、烦心事、揪心事办实办好。",
          "各责任单位要压实责任，建立问题清单，明确整改时限，确保各项工作落到实处。",
          "活动现场发放宣传资料{k}余份，解答群众咨询{m}人次。",
          "下一步，将持续完善工作机制，加强部门协同，不断提升群众满意度。",
          "据统计，今年以来共排查各类隐患{k}处，已整改{m}处，其余正在按计划推进。",
          "参加活动的志愿者表示，通过面对面交流，更好地了解了居民的实际需求。",
          "与会人员就进一步做好相关工作进行了深入讨论，并提出了意见建议。",
          "检查组一行深入企业车间、居民小区和商户门店，现场查看并提出整改要求。")


SCENIC = ("青龙山", "白鹭湖", "临溪古镇", "石门峡", "望山森林公园", "滨江湿地")
LOCAL = (
    ("{town}卫生院门诊时间调整通知",
     "自{date}起，{town}卫生院门诊时间调整为每日8:00—17:30，周末上午正常开诊，急诊24小时接诊。卫生院已开通医保直接结算，"
     "就诊请携带医保电子凭证或社保卡。预约挂号电话{phone}。"),
    ("{place}农贸市场升级改造期间临时摊位安排",
     "{place}农贸市场将于{date}起进行升级改造，工期约{k}天。改造期间在市场北侧空地设置临时摊位，经营户凭原摊位合同到市场办公室登记。"
     "临时区域以外禁止摆摊设点，请经营户遵守市场秩序。咨询电话{phone}。"),
    ("{town}{year}年耕地地力保护补贴发放公示",
     "根据上级文件，{town}{year}年耕地地力保护补贴标准为每亩{k}元，补贴对象为拥有耕地承包权的农户。补贴资金通过“一卡通”发放到户，"
     "现将各村补贴面积和金额予以公示，公示期7天。如有异议，请向镇农业综合服务中心反映，电话{phone}。"),
    ("{place}公共停车场收费标准公示",
     "{place}公共停车场共设车位{k}个，收费标准：首小时免费，之后每小时2元，24小时内最高20元；新能源汽车首两小时免费。"
     "停车场24小时开放，支持扫码缴费。投诉电话{phone}。"),
    ("{town}农机购置补贴申请须知",
     "{year}年农机购置补贴实行“自主购机、定额补贴、先购后补、县级结算、直补到卡”。购机者在补贴范围内自主选机购机后，"
     "携带身份证、发票和农机具到乡镇农机站核验。咨询电话{phone}。"),
    ("{place}体育公园开放时间及入园须知",
     "{place}体育公园每日6:00—22:00开放，篮球场、足球场可在“青川体育”小程序预约，免费使用。园内禁止机动车驶入，"
     "广场舞等活动请控制音量，22:00后禁止使用音响，避免噪音扰民。管理处电话{phone}。"),
    ("{town}农村危房改造对象公示",
     "经农户申请、村委会评议、乡镇审核，{town}{year}年拟纳入农村危房改造的对象共{k}户，其中低保户、分散供养特困人员优先。"
     "现予公示，公示期7天，监督电话{phone}。"),
    ("{scenic}景区门票优惠政策",
     "{scenic}景区门票60元/人。以下人员免票：6周岁以下或身高1.4米以下儿童、65周岁以上老年人（凭身份证或敬老卡）、"
     "现役军人、残疾人（凭残疾人证）。景区开放时间8:00—17:30。游客服务中心电话{phone}。"),
    ("{place}社区老年活动中心开放安排",
     "{place}社区老年活动中心每周二至周日开放，设有阅览室、棋牌室、康复理疗室，并提供老年助餐服务，"
     "60岁以上老人就餐每餐补贴3元。活动报名请联系社区工作人员，电话{phone}。"),
    ("{town}农村宅基地申请审批流程",
     "农村村民建房应当先申请宅基地。申请人向村民小组提出书面申请，经村民小组会议讨论、村委会审查后报乡镇审批，"
     "乡镇在{k}个工作日内作出审批决定。一户只能拥有一处宅基地。咨询电话{phone}。"),
    ("{place}小区二次供水水箱清洗通知",
     "为保障饮用水卫生，{place}小区物业将于{date}对二次供水水箱进行清洗消毒，当天9:00—15:00高层住户暂停供水，"
     "请提前储水。清洗后水质检测报告将在小区公告栏公示。物业服务电话{phone}。"),
    ("{place}图书馆分馆借阅服务指南",
     "{place}图书馆分馆开放时间为周二至周日9:00—20:00，凭身份证或社保卡即可免费办理借阅证，每证可借图书5册，借期30天。"
     "分馆与市图书馆通借通还。服务电话{phone}。"),
    ("{town}秸秆禁烧和综合利用通告",
     "{year}年夏收秋收期间，{town}全域禁止露天焚烧秸秆。鼓励农户通过秸秆还田、饲料化、收储利用等方式处理秸秆，"
     "对秸秆打捆离田的按每吨{k}元给予补助。举报电话{phone}。"),
    ("{place}餐饮油烟扰民整治情况通报",
     "针对群众反映的{place}周边餐饮店油烟、噪音扰民问题，{street}会同市场监管、生态环境部门开展联合整治，"
     "共检查餐饮店{k}家，责令安装油烟净化设施{m}家。群众可继续通过12345反映。"),
    ("{place}便民服务中心代办事项清单",
     "{place}便民服务中心可就近代办以下事项：社保参保登记、城乡居民医保缴费、居住登记、高龄津贴申请、"
     "低保申请材料收集、残疾人证申请受理、老年人乘车卡申请等。办公时间为工作日9:00—17:00，电话{phone}。"),
    ("{town}中心小学{year}年秋季一年级招生简章",
     "{town}中心小学{year}年秋季计划招收一年级新生{k}人。招生对象为学区内适龄儿童，报名时请携带户口簿、房产证明和儿童预防接种证。"
     "报名时间以教育局公布为准，咨询电话{phone}。"),
    ("{place}社区卫生服务站家庭医生团队名单",
     "{place}社区卫生服务站共有家庭医生团队{m}个，为签约居民提供慢病随访、健康咨询、上门服务。"
     "高血压、糖尿病患者可在服务站开具长处方，医保按规定报销。签约咨询电话{phone}。"),
    ("{town}自来水管网延伸工程完工",
     "{town}自来水管网延伸工程已全部完工，新增供水管道{k}公里，{m}个自然村实现城乡供水一体化，"
     "村民可到村委会登记开户，入户安装免费。供水服务电话{phone}。"),
)


def _short(name: str) -> str:
    return re.sub(r"（[^）]*）", "", name).removesuffix("办理")


def _phone(rng: random.Random) -> str:
    return f"0000-6{rng.randrange(100000, 999999)}"


def _day(rng: random.Random) -> date:
    return date(2019, 1, 1) + timedelta(days=rng.randrange(0, 2880))


def _tip(t: dict[str, Any], other: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    place = rng.choice(PLACES) + rng.choice(("社区", "村", "小区"))
    short = _short(t["name"])
    day = _day(rng)
    title = rng.choice((f"{place}关于{short}的温馨提示", f"{short}常见问题解答（{day.year}年第{rng.randrange(1, 13)}期）",
                        f"{rng.choice(STREETS)}{short}政策问答", f"致{place}居民：{short}须知"))
    lines = [t["summary"]]
    picks = rng.sample(t["conditions"], k=min(len(t["conditions"]), rng.randrange(1, 3)))
    lines.append("符合以下情形的可以办理：" + "；".join(picks) + "。")
    if rng.random() < 0.7:
        lines.append("一般需要准备" + "、".join(m.split("（")[0] for m in t["materials"][:3]) + "等材料。")
    lines.append(f"{place}居民可就近到{rng.choice(STREETS)}便民服务中心咨询，联系电话{_phone(rng)}。")
    if rng.random() < 0.5:
        lines.append(f"另外提醒：{other['summary']}")
    lines.append(f"（{day.year}年{day.month}月{day.day}日）")
    return title, "\n\n".join(lines)


def _news(t: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    street, place = rng.choice(STREETS), rng.choice(PLACES) + "社区"
    short, office = _short(t["name"]), rng.choice(OFFICES)
    day = _day(rng)
    tags = "、".join(rng.sample(t["tags"], k=min(2, len(t["tags"]))))
    title = rng.choice((f"{street}开展{short}政策宣传进社区活动", f"{office}走进{place}宣讲{short}政策",
                        f"{street}召开{short}工作推进会"))
    body = (f"{day.month}月{day.day}日，{street}联合{office}在{place}开展{short}政策宣传活动。工作人员围绕{tags}"
            f"等群众关心的问题，逐一进行讲解。\n\n" + rng.choice(FILLER).format(k=rng.randrange(50, 900),
                                                                           m=rng.randrange(20, 400))
            + "\n\n" + rng.choice(FILLER).format(k=rng.randrange(10, 90), m=rng.randrange(5, 60)))
    return title, body


def _local(rng: random.Random) -> tuple[str, str]:
    title, body = rng.choice(LOCAL)
    day = _day(rng)
    slots = {"town": rng.choice(STREETS), "street": rng.choice(STREETS), "place": rng.choice(PLACES),
             "scenic": rng.choice(SCENIC), "year": day.year, "date": f"{day.month}月{day.day}日",
             "phone": _phone(rng), "k": rng.randrange(8, 400), "m": rng.randrange(3, 60)}
    extra = rng.choice(FILLER).format(k=rng.randrange(10, 500), m=rng.randrange(5, 200))
    return title.format(**slots), body.format(**slots) + "\n\n" + extra


def _noise(rng: random.Random) -> tuple[str, str]:
    street, event = rng.choice(STREETS), rng.choice(EVENTS)
    day = _day(rng)
    words = "、".join(rng.sample(PASSING, k=2))
    title = rng.choice((f"{street}召开{event}", f"{street}组织开展{event}", f"{rng.choice(OFFICES)}部署{event}"))
    body = "\n\n".join([
        f"{day.year}年{day.month}月{day.day}日，{street}组织辖区各社区、相关单位召开{event}。",
        rng.choice(FILLER).format(k=rng.randrange(10, 500), m=rng.randrange(5, 200)),
        f"会议还对{words}等民生领域近期群众反映较多的问题进行了梳理，要求各社区及时掌握情况、做好解释引导。",
        rng.choice(FILLER).format(k=rng.randrange(10, 500), m=rng.randrange(5, 200)),
    ])
    return title, body


def generate(n: int, seed: int = 12345) -> Iterator[dict[str, Any]]:
    """``n`` articles: the demo corpus first, then generated ones (keys ``g000000``…)."""
    topics, notices = load_topics()
    demo = compose(topics, notices)
    guide_of = {t["key"]: t["key"] for t in topics}
    for article in demo[:n]:
        yield {**article, "source": guide_of.get(article["topic"] or "", article["key"])}
    rng = random.Random(seed)
    for i in range(max(0, n - len(demo))):
        roll = rng.random()
        t = rng.choice(topics)
        if roll < 0.15:
            (title, body), source, kind = _tip(t, rng.choice(topics), rng), t["key"], "tip"
        elif roll < 0.25:
            (title, body), source, kind = _news(t, rng), None, "news"
        elif roll < 0.75:
            (title, body), source, kind = _local(rng), None, "local-notice"
        else:
            (title, body), source, kind = _noise(rng), None, "noise"
        day = _day(rng)
        yield {"key": f"g{i:06d}", "title": title, "body": body, "category": t["category"],
               "unit_code": t["unit"], "tags": list(t["tags"][:2]) if roll < 0.25 else [], "standard": False,
               "effective_from": day.isoformat(), "review_by": (day + timedelta(days=730)).isoformat(),
               "kind": kind, "topic": source, "source": source}
