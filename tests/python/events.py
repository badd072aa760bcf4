"""Reads a cjm events file (docs/analytics.md section 2) into plain rows, the way a warehouse
load would: columns found by name, timestamps to whole milliseconds since 1970 (UTC), rows that
cjm skips (a missing field, a bad timestamp) left out; a value that is not a number is None.

Written from the documentation, not from cjm's code, so that the SQL checks load their tables
independently of the engine they are compared with.
"""

import csv
import io
import json
import math
import re
from datetime import datetime, timedelta, timezone

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)? ?"
    r"(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$"
)


ASCII_SPACE = " \t\n\r\x0b\x0c"


def parse_time(text):
    """Milliseconds since 1970 (UTC), or None when `text` is no timestamp cjm reads."""
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, (int, float)):
        return epoch_ms(text)
    text = text.strip(ASCII_SPACE)
    m = RFC3339.match(text)
    if m:
        year, month, day, hour, minute, second, fraction, offset = m.groups()
        hour, minute, second = int(hour or 0), int(minute or 0), int(second or 0)
        if hour > 23 or minute > 59 or second > 60:
            return None
        try:
            midnight = datetime(int(year), int(month), int(day), tzinfo=timezone.utc)
        except ValueError:
            return None
        ms = (midnight - EPOCH) // timedelta(milliseconds=1)
        ms += ((hour * 60 + minute) * 60 + second) * 1000
        ms += int((fraction or "0")[:3].ljust(3, "0"))
        if offset and offset not in ("Z", "z"):
            sign = 1 if offset[0] == "+" else -1
            digits = offset[1:].replace(":", "")
            minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
            ms -= sign * minutes * 60_000
        return ms
    try:
        return epoch_ms(float(text) if "." in text else int(text))
    except ValueError:
        return None


def epoch_ms(number):
    """An epoch number: seconds, or milliseconds when its integer part has 12 digits or more."""
    if isinstance(number, float) and not math.isfinite(number):
        return None
    if abs(int(number)) >= 100_000_000_000:
        return math.floor(number)
    return math.floor(number * 1000)


def parse_value(text):
    """A conversion value: None when empty; raises ValueError when not a finite number."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise ValueError("not a number")
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        text = str(text).strip(ASCII_SPACE)
        if not text:
            return None
        value = float(text)
    if not math.isfinite(value):
        raise ValueError("not finite")
    return value


def text_field(value):
    """A text field trimmed of ASCII spaces; numbers as JSON writes them."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    return value.strip(ASCII_SPACE) if isinstance(value, str) else None


def read_events(path, extra=None):
    """The readable rows of the events file at `path`: (customer_id, ms, event, channel or
    None, value or None, transaction_id or None), and the `extra` column's text (trimmed,
    None when missing) after them when one is named (cjm analyze --by)."""
    with open(path, "rb") as f:
        text = f.read().decode("utf-8-sig")
    rows = []
    if text.lstrip().startswith("{"):
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            rows.append(record)
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
    events = []
    for record in rows:
        customer = text_field(record.get("customer_id"))
        event = record.get("event")
        event = event.strip(ASCII_SPACE) if isinstance(event, str) else None
        if not customer or not event:
            continue
        ms = parse_time(record.get("timestamp"))
        if ms is None:
            continue
        try:
            value = parse_value(record.get("value"))
        except (TypeError, ValueError):
            value = None  # the row keeps its event and loses only the value

        channel = record.get("channel")
        if channel is not None and not isinstance(channel, str):
            continue
        channel = (channel or "").strip(ASCII_SPACE) or None
        transaction = text_field(record.get("transaction_id")) or None
        row = (customer, ms, event, channel, value, transaction)
        if extra is not None:
            row += (text_field(record.get(extra)),)
        events.append(row)
    return events
