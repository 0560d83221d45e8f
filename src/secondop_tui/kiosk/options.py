"""Kiosk settings from the command line, the environment and a TOML config file, in that order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from secondop_tui.i18n import _, ngettext

DEFAULT_IDLE_RESET = 180.0
DEFAULT_COUNTDOWN = 30.0
MIN_SECONDS = 1.0
# WCAG 2.2.1 (timing adjustable): at least 20 seconds to answer "Are you still there?" with a key.
MIN_COUNTDOWN = 20.0

ENV_KIOSK = "SECONDOP_KIOSK"
ENV_IDLE_RESET = "SECONDOP_IDLE_RESET"
ENV_COUNTDOWN = "SECONDOP_IDLE_COUNTDOWN"
ENV_PIN_FILE = "SECONDOP_ADMIN_PIN_FILE"
ENV_PRINT_COMMAND = "SECONDOP_PRINT_COMMAND"
ENV_CONFIG = "SECONDOP_CONFIG"

# Config file key -> environment variable; the same names as the long options, with underscores.
_ENV_FOR = {
    "kiosk": ENV_KIOSK,
    "idle_reset": ENV_IDLE_RESET,
    "countdown": ENV_COUNTDOWN,
    "admin_pin_file": ENV_PIN_FILE,
    "print_command": ENV_PRINT_COMMAND,
}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class KioskError(Exception):
    """A kiosk setting cannot be used; the message is one line for whoever sets up the terminal."""


@dataclass(frozen=True)
class KioskOptions:
    enabled: bool = False
    idle_reset: float = DEFAULT_IDLE_RESET  # seconds without a key before "Are you still there?"
    countdown: float = DEFAULT_COUNTDOWN  # seconds that question waits before clearing the visit
    admin_pin_file: Path | None = None
    print_command: str | None = None


def read_config(path: Path) -> dict[str, Any]:
    """The settings in a TOML file such as ``kiosk = true`` / ``idle_reset = 180``."""
    import tomllib  # only when there is a file to read: a plain start never needs it

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise KioskError(
            _("cannot read config file {path}: {reason}").format(path=path, reason=error.strerror)
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise KioskError(
            _("config file {path} is not valid TOML: {problem}").format(path=path, problem=error)
        ) from None
    unknown = sorted(set(data) - set(_ENV_FOR))
    if unknown:
        known = ", ".join(_ENV_FOR)
        raise KioskError(
            _("config file {path} has unknown setting {name!r}; known settings: {known}").format(
                path=path, name=unknown[0], known=known
            )
        )
    return data


def _flag(value: object, source: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE | _FALSE:
        return text in _TRUE
    raise KioskError(_("{source} should be true or false, not {value!r}").format(source=source, value=value))


def _seconds(value: object, source: str, least: float = MIN_SECONDS) -> float:
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise KioskError(
            _("{source} should be a number of seconds, not {value!r}").format(source=source, value=value)
        ) from None
    if isinstance(value, bool) or not seconds >= least or seconds == float("inf"):
        shown = f"{value:g}" if isinstance(value, float) else str(value)  # -5, as typed, not -5.0
        raise KioskError(
            ngettext(
                "{source} should be at least {seconds} second, not {value}",
                "{source} should be at least {seconds} seconds, not {value}",
                int(least),
            ).format(source=source, seconds=f"{least:g}", value=shown)
        )
    return seconds


def _text(value: object, source: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise KioskError(_("{source} should be a non-empty text, not {value!r}").format(source=source, value=value))
    return value


def resolve_kiosk_options(given: Mapping[str, Any], environ: Mapping[str, str]) -> KioskOptions:
    """Combine the command line (``given``: option name -> value or None), the environment and the config file."""
    config_path = given.get("config") or environ.get(ENV_CONFIG)
    config = read_config(Path(config_path)) if config_path else {}

    def pick(key: str) -> tuple[object, str] | None:
        if given.get(key) is not None:
            return given[key], f"--{key.replace('_', '-')}"
        env = _ENV_FOR[key]
        if environ.get(env) is not None:
            return environ[env], env
        if key in config:
            return config[key], f"{key} in {config_path}"
        return None

    options: dict[str, Any] = {}
    if found := pick("kiosk"):
        options["enabled"] = _flag(*found)
    for key, least in (("idle_reset", MIN_SECONDS), ("countdown", MIN_COUNTDOWN)):
        if found := pick(key):
            options[key] = _seconds(*found, least=least)
    if found := pick("admin_pin_file"):
        options["admin_pin_file"] = Path(_text(str(found[0]), found[1])).expanduser()
    if found := pick("print_command"):
        options["print_command"] = _text(*found)
    return KioskOptions(**options)
