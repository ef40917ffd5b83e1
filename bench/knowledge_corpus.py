"""The 青川市 demo knowledge corpus: composed from hand-written topic facts in resources/knowledge/topics.

``python -m bench.knowledge_corpus`` rewrites ``resources/knowledge/demo_articles.json``.

Each topic (``[[topic]]`` in a ``topics/*.toml`` file) yields a service guide (办事指南, in one of three
layouts), an answer script for agents (答复口径, the standard answer for hot topics), one article per
hand-written question (常见问题) and one per local service point (``[[topic.local]]``); each
``[[notice]]`` is an announcement written whole. Dates are derived from the key, so the output is
stable; a few guides and several notices are past their review date on purpose.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hotline.paths import resources_dir

TOPIC_FIELDS = ("key", "name", "category", "unit", "tags", "summary", "conditions", "materials", "steps",
                "place", "limit", "phone")
NOTICE_FIELDS = ("key", "title", "category", "unit", "date", "review_by", "body")
HOURS = "工作日上午9:00—12:00，下午13:30—17:30（法定节假日除外）"
PAST_REVIEW = frozenset({"jt-ebike-plate", "edu-training-refund", "ys-promise", "cg-outdoor-ad"})
TODAY = date(2026, 11, 22)
NUMS = "一二三四五六七八九十"


def knowledge_dir() -> Path:
    """``resources/knowledge``."""
    return resources_dir() / "knowledge"


def _h(key: str, mod: int) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % mod


def load_topics(folder: Path | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """All topics and notices of ``topics/*.toml``; ValueError naming the file and entry on a problem."""
    folder = folder or knowledge_dir() / "topics"
    topics: list[dict[str, Any]] = []
    notices: list[dict[str, Any]] = []
    units = {u["code"] for u in json.loads((resources_dir() / "demo" / "units.json").read_text())["units"]}
    categories = {c["name"] for c in json.loads((knowledge_dir() / "categories.json").read_text())["categories"]}
    seen: set[str] = set()
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{path}: not valid TOML ({exc})") from exc
        for kind, fields, out in (("topic", TOPIC_FIELDS, topics), ("notice", NOTICE_FIELDS, notices)):
            for entry in data.get(kind, []):
                where = f"{path}: {kind} {entry.get('key', '?')!r}"
                missing = [f for f in fields if f not in entry]
                if missing:
                    raise ValueError(f"{where}: missing {', '.join(missing)}")
                if entry["key"] in seen:
                    raise ValueError(f"{where}: duplicate key")
                if entry["category"] not in categories:
                    raise ValueError(f"{where}: unknown category {entry['category']!r}")
                for unit in [entry["unit"]] + [loc["unit"] for loc in entry.get("local", [])]:
                    if unit not in units:
                        raise ValueError(f"{where}: unknown unit code {unit!r}")
                seen.add(entry["key"])
                if "office" in data and "office" not in entry:
                    entry["office"] = data["office"]
                out.append(entry)
    return topics, notices


def _dates(key: str) -> tuple[str, str]:
    start = date(2025, 6, 1) + timedelta(days=_h(key, 480))
    review = start + timedelta(days=540)
    if key in PAST_REVIEW:
        start, review = date(2023, 3, 1) + timedelta(days=_h(key, 200)), date(2025, 3, 1) + timedelta(days=_h(key, 200))
    return start.isoformat(), review.isoformat()


def _numbered(items: list[str]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


def _hours(topic: dict[str, Any]) -> str:
    if "hours" in topic:
        return topic["hours"]
    place = topic["place"]
    return "" if ("热线" in place or "24小时" in place) and "窗口" not in place else HOURS


def guide_title(topic: dict[str, Any]) -> str:
    """The guide's title, one of a few wordings chosen by the key."""
    if "title" in topic:
        return topic["title"]
    name = topic["name"]
    if name.endswith("办理"):
        return f"{name}指南"
    return (f"{name}办事指南", f"{name}办理指南", f"关于{name}的办事指引")[_h(topic["key"], 3)]


def guide_body(topic: dict[str, Any]) -> str:
    """A guide in one of three layouts (numbered sections, bracketed headings, prose)."""
    t, hours, style = topic, _hours(topic), _h(topic["key"] + "/style", 3)
    fee = t.get("fee", "")
    if style == 0:
        parts = [t["summary"], "一、办理条件\n" + _numbered(t["conditions"]), "二、所需材料\n" + _numbered(t["materials"]),
                 "三、办理流程\n" + _numbered(t["steps"]),
                 "四、办理地点和时间\n" + t["place"] + "。" + (f"办理时间：{hours}。" if hours else ""),
                 "五、承诺时限\n" + t["limit"] + "。"]
        if fee:
            parts.append("六、收费标准\n" + fee)
        parts.append(f"{NUMS[len(parts) - 1]}、咨询电话\n{t['phone']}")
        return "\n\n".join(parts)
    if style == 1:
        parts = [t["summary"], "【适用对象和条件】\n" + "\n".join(t["conditions"]), "【申请材料】\n" + _numbered(t["materials"]),
                 "【办事流程】\n" + "→".join(t["steps"]), "【受理地点】" + t["place"],
                 ("【办公时间】" + hours) if hours else "", "【办结时限】" + t["limit"],
                 ("【收费标准】" + fee) if fee else "", "【咨询方式】" + t["phone"]]
        return "\n\n".join(p for p in parts if p)
    steps = "；".join(f"第{NUMS[i]}步，{s}" for i, s in enumerate(t["steps"]))
    materials = "".join(f"{'①②③④⑤⑥⑦⑧'[i]}{m}" for i, m in enumerate(t["materials"]))
    return "\n\n".join(p for p in [
        t["summary"], "申请条件：" + "；".join(t["conditions"]) + "。", "需要准备的材料：" + materials + "。",
        "办理步骤：" + steps + "。",
        f"受理地点为{t['place']}" + (f"，办理时间为{hours}" if hours else "") + f"。承诺时限：{t['limit']}。",
        fee, f"如有疑问，可拨打{t['phone']}咨询。"] if p)


def script_body(topic: dict[str, Any], unit_names: dict[str, str]) -> str:
    """The agent's answer script (答复口径)."""
    t = topic
    return "\n".join([
        f"【适用场景】来电人咨询{t['name']}相关问题。",
        f"【答复要点】{t['summary']}",
        f"1. 条件：{'；'.join(t['conditions'])}。",
        f"2. 材料：{'；'.join(t['materials'])}。",
        f"3. 办理渠道：{t['steps'][0]}。",
        f"4. 时限：{t['limit']}。",
        f"【转接与转办】需要进一步咨询的，告知来电人拨打{t['phone']}（{t.get('office') or unit_names[t['unit']]}）。"
        "来电人反映办理中遇到推诿、超时等问题的，按投诉派发工单。",
    ])


def compose(topics: list[dict[str, Any]], notices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every demo article, in a stable order."""
    units = json.loads((resources_dir() / "demo" / "units.json").read_text())["units"]
    names = {u["code"]: u["name"] for u in units}
    shorts = {u["code"]: u["short_name"] for u in units}
    out: list[dict[str, Any]] = []

    def add(key: str, title: str, body: str, topic: dict[str, Any], *, kind: str, unit: str | None = None,
            tags: list[str] | None = None, standard: bool = False, dates: tuple[str, str] | None = None) -> None:
        start, review = dates or _dates(key)
        out.append({"key": key, "title": title, "body": body, "category": topic["category"],
                    "unit_code": unit or topic["unit"], "tags": tags or list(topic["tags"]), "standard": standard,
                    "effective_from": start, "review_by": review, "kind": kind, "topic": topic["key"]})

    for t in topics:
        add(t["key"], guide_title(t), guide_body(t), t, kind="guide")
        add(f"{t['key']}-script", f"{t['name']}答复口径", script_body(t, names), t, kind="script",
            tags=[*t["tags"], "答复口径"], standard=bool(t.get("standard")))
        for i, faq in enumerate(t.get("faq", []), 1):
            q = faq["q"].rstrip("？?") + "？"
            body = f"问：{q}\n答：{faq['a']}\n\n相关办事指南：《{guide_title(t)}》。咨询电话：{t['phone']}。"
            add(f"{t['key']}-faq{i}", q, body, t, kind="faq", tags=[*t["tags"], "常见问题"])
        for loc in t.get("local", []):
            area = shorts[loc["unit"]]
            what = t["name"].removesuffix("办理")
            body = (f"{area}居民办理{what}，可到以下地点：{loc['place']}。咨询电话：{loc['phone']}。\n\n"
                    f"{loc['note']}\n\n办理条件和所需材料全市统一：{t['conditions'][0]}；需要提供"
                    f"{'、'.join(m.split('（')[0] for m in t['materials'][:2])}等。详见《{guide_title(t)}》。")
            add(f"{t['key']}-{loc['unit'].replace('.', '-')}", f"{area}{what}受理点和咨询电话", body, t,
                kind="local", unit=loc["unit"], tags=[*t["tags"], area])
    for n in notices:
        out.append({"key": n["key"], "title": n["title"], "body": n["body"].strip(), "category": n["category"],
                    "unit_code": n["unit"], "tags": ["通知公告"], "standard": False, "effective_from": n["date"],
                    "review_by": n["review_by"], "kind": "notice", "topic": None})
    return out


def main(argv: list[str] | None = None) -> int:
    """Rewrite demo_articles.json; print counts."""
    topics, notices = load_topics()
    articles = compose(topics, notices)
    target = knowledge_dir() / "demo_articles.json"
    doc = {"city": "青川市", "note": "Fictional demo knowledge base: places, phone numbers and figures are made up. "
           "Generated by `python -m bench.knowledge_corpus` from resources/knowledge/topics/*.toml.",
           "articles": articles}
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(target)
    past = sum(1 for a in articles if a["review_by"] < TODAY.isoformat())
    kinds: dict[str, int] = {}
    for a in articles:
        kinds[a["kind"]] = kinds.get(a["kind"], 0) + 1
    print(f"{target}: {len(articles)} articles {kinds}, {sum(a['standard'] for a in articles)} standard, "
          f"{past} past review")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
