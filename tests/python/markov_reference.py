"""The Markov removal effects of a file of customer paths, by a reference implementation from
PyPI: marketing-attribution-models (DP6's MAM, Apache-2.0), for tests/integration/analytics_markov.rs.

    python3 markov_reference.py PATHS

PATHS has one path a line, `[N x] channel > channel > ... -> conversion|null`, `#` comments
(tests/fixtures/events/markov-paths.txt). Prints JSON:

    {"package": "marketing-attribution-models 2.1.1",
     "collapsed": {channel: share}, "kept": {channel: share},
     "removal_effects": {channel: effect}}

MAM's Markov model is first order and exact: it builds the transition matrix of
start -> channels -> conversion/null, removes a channel by sending every transition into it to
null, and solves the absorbing chain with a matrix inverse (no simulation). Its
`transition_to_same_state=False` drops self-transitions, which is what collapsing repeated
channels does to the counts; "collapsed" is that run, "kept" the run with them. A channel's
share is its removal effect over the sum of them, as in docs/analytics.md.

`python3 markov_reference.py available` exits 0 when the package imports, else prints why and
exits 3.
"""

import json
import sys
from importlib import metadata


def read_paths(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            count = 1
            if " x " in line.split(">")[0]:
                head, line = line.split(" x ", 1)
                count = int(head)
            channels, _, end = line.rpartition("->")
            end = end.strip()
            if end not in ("conversion", "null"):
                raise ValueError(f"line {number}: ends in {end!r}, not conversion or null")
            names = [c.strip() for c in channels.split(">")]
            if not all(names):
                raise ValueError(f"line {number}: an empty channel")
            rows.append((names, end == "conversion", count))
    return rows


def shares(rows, same_state):
    import polars as pl
    from mam import MAM

    frame = pl.DataFrame({
        "path": [" > ".join(names) for names, _, _ in rows],
        "converted": [converted for _, converted, _ in rows],
        "count": [count for _, _, count in rows],
    })
    model = MAM(frame, format_type="grouped_journey", channels_colname="path",
                journey_with_conv_colname="converted", occurrences_colname="count",
                path_separator=" > ")
    result = model.run_markov(transition_to_same_state=same_state)
    effects = result.metadata["removal_effect"]["removal_effect"].to_dict()
    total = sum(effects.values())
    return {c: e / total for c, e in effects.items()}, effects


def main():
    if sys.argv[1:] == ["available"]:
        try:
            import mam  # noqa: F401
        except ImportError as e:
            print(f"{e.name} is not installed (pip install -r tests/python/requirements.txt)")
            sys.exit(3)
        return
    rows = read_paths(sys.argv[1])
    collapsed, effects = shares(rows, same_state=False)
    kept, _ = shares(rows, same_state=True)
    version = metadata.version("marketing-attribution-models")
    json.dump({
        "package": f"marketing-attribution-models {version}",
        "collapsed": collapsed,
        "kept": kept,
        "removal_effects": effects,
    }, sys.stdout)


if __name__ == "__main__":
    main()
