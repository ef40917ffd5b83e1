"""Reading the article files units send: Markdown (.md) and Word (.docx), into checked drafts.

The format, the same for both (in Word one paragraph per line; style the title 标题/Heading 1 or
just put it first)::

    # 城乡居民医保缴费标准          <- Markdown: the first line, '# ' + title
    分类: 医疗保障                  <- optional metadata lines right below the title,
    单位: qc.ybj                       "key: value" (full-width ：too), until the first other line
    标签: 医保, 缴费
    标准答案: 是
    生效日期: 2026-01-01
    失效日期: 2026-12-31
    复核日期: 2026-06-30
    编号: ybj-jiaofei               <- a stable key: importing a file with the same key again
                                       makes the next version of that article
    (the body: everything after the metadata)

Keys accept English too (category, unit, tags, standard, effective, expires, review-by, key).
Problems raise FileProblem naming the file (and the line where there is one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

KEYS = {
    "分类": "category", "类别": "category", "category": "category",
    "单位": "unit", "所属单位": "unit", "unit": "unit",
    "标签": "tags", "关键词": "tags", "tags": "tags",
    "标准答案": "standard", "standard": "standard",
    "生效日期": "effective_from", "生效": "effective_from", "effective": "effective_from",
    "失效日期": "expires_on", "失效": "expires_on", "有效期至": "expires_on", "expires": "expires_on",
    "复核日期": "review_by", "复核": "review_by", "review-by": "review_by", "review_by": "review_by",
    "编号": "key", "key": "key",
}
_META = re.compile(r"^\s*([^\s:：]{1,12})\s*[:：]\s*(.*?)\s*$")
_TAG_SPLIT = re.compile(r"[,，、;；\s]+")
YES, NO = {"是", "yes", "true", "1", "y"}, {"否", "no", "false", "0", "n", ""}
SUFFIXES = (".md", ".markdown", ".docx")


class FileProblem(Exception):
    """A file that cannot be imported; the message names the file and what is wrong."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None) -> None:
        self.path, self.problem, self.line = str(path), problem, line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}")


@dataclass
class ArticleFile:
    """One article as read from a file, before units are resolved and the domain checks it."""

    path: Path
    title: str
    body: str
    category: str = ""
    unit: str = ""  # a unit code (or id) as written; "" = not said
    tags: tuple[str, ...] = ()
    standard: bool = False
    effective_from: date | None = None
    expires_on: date | None = None
    review_by: date | None = None
    key: str = ""
    said: set[str] = field(default_factory=set)  # which metadata keys the file gave


def read_article_file(path: Path) -> ArticleFile:
    """Read one .md or .docx file; FileProblem says what is wrong with it."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise FileProblem(path, f"unsupported file type {path.suffix or '(none)'!r}: expected .md or .docx")
    if not path.is_file():
        raise FileProblem(path, "no such file")
    lines = _docx_lines(path) if suffix == ".docx" else _markdown_lines(path)
    return _parse(path, lines, markdown=suffix != ".docx")


def _markdown_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise FileProblem(path, f"not UTF-8 text (byte {exc.start}): save the file as UTF-8") from None
    except OSError as exc:
        raise FileProblem(path, f"cannot read: {exc.strerror}") from None


def _docx_lines(path: Path) -> list[str]:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise FileProblem(path, f"not a readable Word .docx document ({type(exc).__name__})") from None
    except OSError as exc:
        raise FileProblem(path, f"cannot read: {exc.strerror}") from None
    lines: list[str] = []
    titled = False
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if not titled and text and (style.startswith("Title") or style.startswith("Heading 1") or style == "标题"):
            lines.append(f"# {text}")
            titled = True
            continue
        lines.append(paragraph.text)
    for table in document.tables:  # a table's rows become lines of the body, cells joined by " | "
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    if not titled:  # no styled title: the first non-empty paragraph is the title
        for i, line in enumerate(lines):
            if line.strip():
                lines[i] = f"# {line.strip()}"
                break
    return lines


def _parse(path: Path, lines: list[str], *, markdown: bool) -> ArticleFile:
    index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if index is None:
        raise FileProblem(path, "the file is empty")
    first = lines[index].strip()
    if not first.startswith("# ") and first != "#":
        hint = "the first line must be '# ' and the title" if markdown else "no title paragraph"
        raise FileProblem(path, f"{hint} (found {first[:30]!r})", index + 1)
    item = ArticleFile(path=path, title=first[1:].strip(), body="")
    if not item.title:
        raise FileProblem(path, "the title after '# ' is empty", index + 1)
    i = index + 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    while i < len(lines):
        match = _META.match(lines[i])
        name = KEYS.get(match.group(1).lower()) if match else None
        if match is None or name is None:
            break
        _set(item, name, match.group(2), path, i + 1)
        i += 1
    item.body = "\n".join(lines[i:]).strip()
    if not item.body:
        raise FileProblem(path, f"article {item.title!r} has no body text below the title and metadata")
    return item


def _set(item: ArticleFile, name: str, value: str, path: Path, line: int) -> None:
    if name in item.said:
        raise FileProblem(path, f"metadata {name!r} given twice", line)
    item.said.add(name)
    if name in ("effective_from", "expires_on", "review_by"):
        try:
            setattr(item, name, date.fromisoformat(value) if value else None)
        except ValueError:
            raise FileProblem(path, f"{name}: {value!r} is not a date (YYYY-MM-DD)", line) from None
    elif name == "standard":
        if value.lower() not in YES | NO:
            raise FileProblem(path, f"标准答案 must be 是 or 否, not {value!r}", line)
        item.standard = value.lower() in YES
    elif name == "tags":
        item.tags = tuple(t for t in _TAG_SPLIT.split(value) if t)
    else:
        setattr(item, name, value)


def to_markdown(title: str, body: str, meta: dict[str, str]) -> str:
    """An article in the import format (export writes these; importing them gives the same article)."""
    lines = [f"# {title}"] + [f"{k}: {v}" for k, v in meta.items() if v != ""] + ["", body.strip(), ""]
    return "\n".join(lines)
