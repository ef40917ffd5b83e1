"""Loading jurisdiction profiles from ``resources/policies/*.toml``, with a center's overrides.

``load_profile("liangshan")`` reads the shipped file; ``load_profile(path)`` reads any file. A
center may override any value: pass ``overrides`` as a mapping or as the path of an override TOML;
it is merged table by table over the shipped document (arrays and clock entries are replaced whole)
and the result is validated as strictly as a shipped file. Faults raise :class:`hotline.policy.PolicyError`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from hotline.paths import resources_dir
from hotline.policy import PolicyError, Profile
from hotline.policy_parse import parse_profile

Overrides = Mapping[str, Any] | str | Path | None


def policies_dir() -> Path:
    """The folder of shipped profiles."""
    return resources_dir() / "policies"


def profile_ids() -> list[str]:
    """The ids of the shipped profiles, sorted."""
    return sorted(p.stem for p in policies_dir().glob("*.toml"))


def _resolve(name_or_path: str | Path) -> Path:
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or text.endswith(".toml") or "/" in text or "\\" in text:
        return Path(name_or_path)
    path = policies_dir() / f"{text}.toml"
    if not path.exists():
        known = ", ".join(profile_ids())
        raise PolicyError(str(path), "id", f"no such profile {text!r} (known: {known})")
    return path


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise PolicyError(str(path), "-", "file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(str(path), "-", f"not valid TOML: {exc}") from None


_LEAF_KEYS = ("amount", "unset", "forbidden", "value")


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``override`` laid over ``base``: tables merge key by key, any other value replaces.

    A clock entry or a cited value (a table with amount, unset, forbidden or value) is replaced
    whole, so an override never inherits a stale note or mixes a limit with a prohibition.
    """
    merged = dict(base)
    for key, value in override.items():
        leaf = isinstance(value, Mapping) and any(k in value for k in _LEAF_KEYS)
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping) and not leaf:
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime: float) -> Profile:
    return parse_profile(_read(Path(path)), path)


def load_profile(name_or_path: str | Path, overrides: Overrides = None) -> Profile:
    """The profile with this id (shipped) or at this path, with a center's overrides merged over it."""
    path = _resolve(name_or_path)
    if overrides is None:
        try:
            mtime = path.stat().st_mtime
        except FileNotFoundError:
            raise PolicyError(str(path), "-", "file not found") from None
        return _load_cached(str(path), mtime)
    if isinstance(overrides, str | Path):
        extra, label = _read(Path(overrides)), f"{path} + {overrides}"
    else:
        extra, label = overrides, f"{path} + overrides"
    return parse_profile(merge(_read(path), extra), label)


def load_all() -> dict[str, Profile]:
    """Every shipped profile by id; the first bad file raises PolicyError."""
    return {pid: load_profile(pid) for pid in profile_ids()}
