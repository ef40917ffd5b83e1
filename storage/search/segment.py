"""Chinese word segmentation for knowledge search: jieba with the hotline's user dictionary and synonyms.

One process-wide :class:`Segmenter` (built lazily, once, under a lock, with jieba's log quiet) turns text
into the tokens the tantivy index and PostgreSQL's ``to_tsvector('simple', ...)`` store:

- jieba without HMM (the same text always splits the same way), in a search mode of our own: a long
  word also yields every dictionary word inside it (城乡居民医疗保险 → 城乡, 居民, 医疗, 保险,
  城乡居民, 医疗保险, …) — jieba's own search mode stops at three characters;
- every synonym maps to its group's first word (医疗保险 → 医保), in the index and in queries alike;
- latin letters and digits lower-cased; punctuation, spaces and a few function words dropped.

The dictionary files are ``resources/knowledge/userdict.txt`` and ``synonyms.txt`` (formats in that
folder's README). :func:`analyzer_fingerprint` changes whenever they change, so an index built with
older files can tell it must be rebuilt.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from hotline.paths import resources_dir

# Words that carry no meaning for search; dropped from index and query tokens alike.
STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 或 等 也 都 就 还 又 对 把 被 让 给 从 向 于 之 其 该 这 那 个 着 过 吗 呢 吧 啊 呀 哦 嘛 么"
    " 我 你 他 她 它 我们 你们 他们 我家 咱 请问 请 问 一下 一个 怎么 怎么办 怎样 如何 什么 哪里 哪儿 哪些 哪个"
    " 为什么 可以 能 能不能 可不可以 是否 需要 要 想 想要 应该 有 没有 有没有 多少 吗 呢 嗯 那么 然后 但是 因为"
    " 所以 如果 以及 或者 并 而 为 以 将 已 已经 会 时 后 前 中 里 上 下 该 其他 相关 有关 进行 目前 现在"
    " 家里 家 突然 老是 总是 一直 到底 究竟 还是 还要 麻烦 谢谢 您好 你好 喂 就是 这个 那个 这样 那样"
    " 找 谁 找谁 啥 咋 咋办 用 算 来 去 弄 搞 以后 之后 时候 得 地 啦 嘛".split()
)

_TOKEN_OK = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)
_TSQUERY_UNSAFE = re.compile(r"[&|!:*()'\\<>\s]")

log = logging.getLogger(__name__)


def knowledge_dir() -> Path:
    """``resources/knowledge`` (follows ``HOTLINE_RESOURCES``)."""
    return resources_dir() / "knowledge"


def _content_lines(path: Path) -> list[tuple[int, str]]:
    if not path.is_file():
        raise FileNotFoundError(f"{path}: knowledge dictionary file is missing")
    out = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append((number, line))
    return out


def read_userdict(path: Path) -> list[tuple[str, int | None]]:
    """``(word, freq or None)`` per line of a user dictionary; raises ValueError naming file and line."""
    words = []
    for number, line in _content_lines(path):
        parts = line.split()
        if len(parts) > 3 or (len(parts) >= 2 and not parts[1].isdigit()):
            raise ValueError(f"{path}:{number}: expected 'word [freq] [tag]', got {line!r}")
        words.append((parts[0], int(parts[1]) if len(parts) >= 2 else None))
    return words


def read_synonyms(path: Path) -> dict[str, str]:
    """Map every synonym (lower-cased) to its group's canonical first word; ValueError on conflicts."""
    canon: dict[str, str] = {}
    for number, line in _content_lines(path):
        group = [w.lower() for w in line.split()]
        if len(group) < 2:
            raise ValueError(f"{path}:{number}: a synonym group needs at least two words, got {line!r}")
        for word in group:
            if word in canon and canon[word] != group[0]:
                raise ValueError(f"{path}:{number}: {word!r} is already in the group of {canon[word]!r}")
            canon[word] = group[0]
    return canon


class Segmenter:
    """A jieba tokenizer of its own (not jieba's global one) loaded with the hotline dictionaries."""

    def __init__(self, userdict: Path | None = None, synonyms: Path | None = None) -> None:
        import jieba

        folder = knowledge_dir()
        self.userdict_path = userdict or folder / "userdict.txt"
        self.synonyms_path = synonyms or folder / "synonyms.txt"
        t0 = time.perf_counter()
        logging.getLogger("jieba").setLevel(logging.WARNING)
        jieba.setLogLevel(logging.WARNING)
        self.synonyms = read_synonyms(self.synonyms_path)
        words = read_userdict(self.userdict_path)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        for word, freq in words:
            self._jieba.add_word(word, freq)
        for word in self.synonyms:
            if len(word) > 1 and self._jieba.FREQ.get(word, 0) == 0:
                self._jieba.add_word(word)
        self.init_seconds = time.perf_counter() - t0
        digest = hashlib.sha256()
        for path in (self.userdict_path, self.synonyms_path):
            digest.update(path.read_bytes())
        self.fingerprint = digest.hexdigest()[:16]
        log.debug("jieba ready in %.2f s", self.init_seconds)

    def words(self, text: str) -> list[str]:
        """Raw search-mode words, lower-cased, with punctuation and spaces removed (no synonyms)."""
        out = []
        freq = self._jieba.FREQ
        for word in self._jieba.cut(text, HMM=False):
            word = word.strip().lower()
            if not word or not _TOKEN_OK.search(word):
                continue
            if len(word) > 2:  # every dictionary word inside a longer one, shorter first
                for size in range(2, len(word)):
                    for i in range(len(word) - size + 1):
                        if freq.get(word[i:i + size]):
                            out.append(word[i:i + size])
            out.append(word)
        return out

    def normalize(self, word: str) -> str:
        """The canonical synonym of ``word`` (itself when it has none)."""
        return self.synonyms.get(word, word)

    def tokens(self, text: str) -> list[str]:
        """Index tokens of ``text``: search-mode words, synonyms normalized, stopwords dropped."""
        return [self.normalize(w) for w in self.words(text) if w not in STOPWORDS]

    def surfaces(self, token: str) -> list[str]:
        """Every spelling that normalizes to ``token`` (the token itself included)."""
        return [token] + [w for w, c in self.synonyms.items() if c == token and w != token]


_lock = threading.Lock()
_segmenter: Segmenter | None = None


def segmenter() -> Segmenter:
    """The process-wide segmenter, built on first use (thread-safe; about a second the first time)."""
    global _segmenter
    if _segmenter is None:
        with _lock:
            if _segmenter is None:
                _segmenter = Segmenter()
    return _segmenter


def index_tokens(text: str) -> list[str]:
    """Tokens of an article's text as they are indexed (order kept, duplicates kept)."""
    return segmenter().tokens(text)


def query_tokens(text: str) -> list[str]:
    """Distinct tokens of a query, in order; if every word is a stopword, the words themselves."""
    seg = segmenter()
    tokens = seg.tokens(text)
    if not tokens:
        tokens = [seg.normalize(w) for w in seg.words(text)]
    return list(dict.fromkeys(tokens))


def _ts_safe(tokens: Iterable[str]) -> list[str]:
    return [t for t in (_TSQUERY_UNSAFE.sub("", tok) for tok in tokens) if t]


def tsvector_source(*texts: str) -> str:
    """Space-joined index tokens of ``texts`` for ``to_tsvector('simple', :source)`` on PostgreSQL."""
    return " ".join(_ts_safe(tok for text in texts if text for tok in index_tokens(text)))


def tsquery_source(query: str, *, mode: str = "or") -> str:
    """The query's tokens for ``to_tsquery('simple', :source)``: ``'医保' | '报销'`` (mode "or")
    or ``'医保' & '报销'`` (mode "and"). Empty string for an empty query (match nothing)."""
    if mode not in ("or", "and"):
        raise ValueError(f"tsquery_source: mode must be 'or' or 'and', got {mode!r}")
    joiner = " | " if mode == "or" else " & "
    return joiner.join(f"'{t}'" for t in _ts_safe(query_tokens(query)))


def analyzer_fingerprint() -> str:
    """Short hash of the dictionary files; an index built under another fingerprint needs a rebuild."""
    return segmenter().fingerprint
