"""``python -m bench knowledge [--n N]``: knowledge search at scale — ours vs SQLite FTS5 trigram vs LIKE.

In one run, over the same N articles (the 青川市 demo corpus plus generated look-alikes and unrelated
news, bench.knowledge_gen, fixed seed):

- build_s / size_mb: time to build each store from the article list (ours includes the jieba
  segmentation) and its size on disk;
- p50_ms / p95_ms per query class and overall: two-character terms (低保, 医保 …), 3–4-character terms
  (公积金, 异地就医 …) and multi-word / spoken questions; ours is the full ``KnowledgeIndex.search``
  (top 10 with highlights and snippets), the baselines return keys and titles;
- recall: the fixed question set (resources/knowledge/questions.json): one of the question's accepted
  articles in the top 5, among all N, where a generated tip made from an accepted topic counts too (it
  repeats that topic's facts; generated news naming the topic does not count). ``recall_demo_only``
  counts only the hand-written demo articles. Articles are stored in a shuffled order, the same for
  every engine.

How the baselines query is in bench.knowledge_baselines. Writes bench/results/knowledge.json and .log;
the last printed line is the JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.knowledge_baselines import Fts5Trigram, PlainLike
from bench.knowledge_gen import generate
from storage.search.quality import Question, as_search_doc, questions, recall

RESULTS = Path(__file__).resolve().parent / "results"
TWO = ("低保", "医保", "社保", "落户", "停水", "停电", "燃气", "供暖", "暖气", "欠薪", "物业", "路灯", "违章", "转学",
       "电费", "水费", "结婚", "离婚", "疫苗", "噪音", "过户", "工伤", "失业", "退休", "公交", "仲裁", "摆摊", "残疾",
       "救助", "户口", "报销", "租房", "贷款", "抵押", "入学", "培训", "补贴", "维修", "投诉", "执照")
SHORT = ("公积金", "居住证", "营业执照", "异地就医", "社保卡", "公租房", "敬老卡", "积分入学", "失业金", "高龄津贴",
         "残疾人证", "健康证", "预付卡", "加装电梯", "维修基金", "新农合", "灵活就业", "退役军人", "身份证", "出租车",
         "幼儿园", "养老金", "医保卡", "燃气费", "供暖费", "二手房", "生育津贴", "劳动仲裁", "门诊慢特病", "垃圾分类")


class Tee:
    """Print to stdout and to a log file."""

    def __init__(self, path: Path) -> None:
        self.file = path.open("w", encoding="utf-8")

    def __call__(self, line: str = "") -> None:
        print(line, flush=True)
        self.file.write(line + "\n")
        self.file.flush()

    def close(self) -> None:
        """Close the log."""
        self.file.close()


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _dir_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return round(sum(p.stat().st_size for p in files) / 1e6, 1)


def latency(search: Callable[[str], Any], classes: dict[str, list[str]], rounds: int) -> dict[str, Any]:
    """p50/p95 in ms per class and overall, after one warm-up pass."""
    for qs in classes.values():
        for q in qs:
            search(q)
    out: dict[str, Any] = {}
    every: list[float] = []
    for name, qs in classes.items():
        samples = []
        for _ in range(rounds):
            for q in qs:
                t0 = time.perf_counter()
                search(q)
                samples.append((time.perf_counter() - t0) * 1000)
        every += samples
        out[name] = {"p50_ms": round(statistics.median(samples), 3), "p95_ms": round(_pct(samples, 0.95), 3),
                     "n": len(samples)}
    out["all"] = {"p50_ms": round(statistics.median(every), 3), "p95_ms": round(_pct(every, 0.95), 3),
                  "n": len(every)}
    return out


def measure(name: str, search: Callable[[str], list[str]], classes: dict[str, list[str]], rounds: int,
            qs: list[Question], same: dict[str, str], build_s: float, size_mb: float, log: Tee) -> dict[str, Any]:
    """Every figure of one engine, printed as it comes."""
    lat = latency(search, classes, rounds)
    rec = recall(lambda q: search(q)[:5], qs, same=lambda key: same.get(key, key))
    strict = recall(lambda q: search(q)[:5], qs)
    log(f"[{name}] build {build_s:.1f} s, {size_mb:.1f} MB; p50 {lat['all']['p50_ms']:.2f} ms, "
        f"p95 {lat['all']['p95_ms']:.2f} ms; recall {rec['recall']:.3f} {rec['by_class']}; "
        f"demo articles only {strict['recall']:.3f}")
    for cls in classes:
        log(f"    {cls:<10} p50 {lat[cls]['p50_ms']:8.2f} ms   p95 {lat[cls]['p95_ms']:8.2f} ms   ({lat[cls]['n']} queries)")
    if rec["missed"]:
        log(f"    missed ({len(rec['missed'])}): {'、'.join(rec['missed'][:12])}")
    return {"p50_ms": lat["all"]["p50_ms"], "p95_ms": lat["all"]["p95_ms"], "recall": rec["recall"],
            "build_s": round(build_s, 2), "size_mb": size_mb, "recall_by_class": rec["by_class"],
            "recall_demo_only": strict["recall"], "recall_demo_only_by_class": strict["by_class"],
            "latency_by_class": {c: lat[c] for c in classes}, "missed": rec["missed"]}


def run(n: int, seed: int, rounds: int, like_rounds: int, work: Path, log: Tee) -> dict[str, Any]:
    """Build the three stores over the same articles and measure them."""
    from storage.search.index import KnowledgeIndex
    from storage.search.segment import segmenter

    t0 = time.perf_counter()
    seg = segmenter()
    log(f"jieba + hotline dictionary loaded in {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    articles = list(generate(n, seed))
    random.Random(seed).shuffle(articles)  # no engine gains from the demo articles coming first
    log(f"{len(articles):,} articles generated in {time.perf_counter() - t0:.1f} s "
        f"(avg {statistics.mean(len(a['title']) + len(a['body']) for a in articles):.0f} chars)")
    same = {a["key"]: a["source"] for a in articles if a.get("source")}
    qs = questions()
    spoken = [q.q for q in qs if q.cls in ("multi_word", "spoken")]
    classes = {"two_char": list(TWO), "short": list(SHORT), "multi_word": spoken}
    result: dict[str, Any] = {"n_articles": len(articles), "jieba_init_s": round(seg.init_seconds, 2),
                              "questions": len(qs)}

    t0 = time.perf_counter()
    ours = KnowledgeIndex(work / "ours")
    ours.upsert(as_search_doc(a) for a in articles)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    reopened = KnowledgeIndex(work / "ours")
    result["ours_reopen_s"] = round(time.perf_counter() - t0, 3)
    assert reopened.count() == len(articles), reopened.count()
    result["ours"] = measure("ours: tantivy + jieba", lambda q: [h.article_id for h in reopened.search(q, top=10)],
                             classes, rounds, qs, same, build, _dir_mb(work / "ours"), log)

    fts = Fts5Trigram(work / "fts5.sqlite3")
    t0 = time.perf_counter()
    fts.build(articles)
    build = time.perf_counter() - t0
    result["fts5_trigram"] = measure("SQLite FTS5 trigram", fts.search, classes, rounds, qs, same, build,
                                     _dir_mb(work / "fts5.sqlite3"), log)
    fts.close()

    like = PlainLike(work / "like.sqlite3")
    t0 = time.perf_counter()
    like.build(articles)
    build = time.perf_counter() - t0
    result["like"] = measure("SQLite LIKE", like.search, classes, like_rounds, qs, same, build,
                             _dir_mb(work / "like.sqlite3"), log)
    like.close()
    return result


def table(result: dict[str, Any], log: Tee) -> None:
    """The side-by-side summary."""
    log()
    log(f"{'engine':<14}{'build s':>9}{'size MB':>9}{'p50 ms':>9}{'p95 ms':>9}{'2-char p95':>12}"
        f"{'recall':>8}{'2-char rec':>12}{'demo-only':>11}")
    for key in ("ours", "fts5_trigram", "like"):
        r = result[key]
        log(f"{key:<14}{r['build_s']:>9.1f}{r['size_mb']:>9.1f}{r['p50_ms']:>9.2f}{r['p95_ms']:>9.2f}"
            f"{r['latency_by_class']['two_char']['p95_ms']:>12.2f}{r['recall']:>8.3f}"
            f"{r['recall_by_class'].get('two_char', 0):>12.3f}{r['recall_demo_only']:>11.3f}")


def main(argv: list[str]) -> int:
    """Run the benchmark; print figures, then one JSON line."""
    parser = argparse.ArgumentParser(prog="python -m bench knowledge")
    parser.add_argument("--n", type=int, default=100_000, help="articles (default 100,000)")
    parser.add_argument("--seed", type=int, default=12345)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query lists for ours and FTS5")
    parser.add_argument("--like-rounds", type=int, default=1, help="passes for LIKE (every query scans)")
    parser.add_argument("--out", default=str(RESULTS / "knowledge.json"), help="JSON result file (.log beside it)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    log = Tee(out.with_suffix(".log"))
    work = Path(tempfile.mkdtemp(prefix="bench-knowledge-"))
    try:
        log(f"python -m bench knowledge --n {args.n} --seed {args.seed} --rounds {args.rounds}")
        result = run(args.n, args.seed, args.rounds, args.like_rounds, work, log)
        table(result, log)
        line = json.dumps(result, ensure_ascii=False)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        log(line)
    finally:
        log.close()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
