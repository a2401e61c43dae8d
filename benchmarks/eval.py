"""``make eval``: ../shared/eval/score.py on the dev corpora against ``newsflow enrich --jsonl``.

Prints one table and writes var/eval.json. Without ../shared/eval (a clone outside the workplace) it says so and
exits 0: the corpora are not ours to ship.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
CORPORA = ("lgl", "gwn", "conll")
OUTPUT = ROOT / "var" / "eval.json"


def _command() -> str:
    return f"{Path(sys.executable).parent / 'newsflow'} enrich --jsonl"


def score(corpus: str) -> dict:
    """The scorer's JSON result for one corpus (it runs the command itself, start-up included)."""
    done = subprocess.run([sys.executable, str(SCORER), "--corpus", corpus, "--cmd", _command(), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _row(result: dict) -> str:
    if "places" in result:
        p = result["places"]
        quality = (f"place P/R/F1 {p['exact']['p']:.3f}/{p['exact']['r']:.3f}/{p['exact']['f1']:.3f}  "
                   f"acc@161 {p['acc@161']:.3f}  AUC {p['auc']:.3f}")
    else:
        quality = "  ".join(f"{label} F1 {v['f1']:.3f} (P {v['p']:.3f} R {v['r']:.3f})"
                            for label, v in result["entities"].items())
    return f"{result['corpus']:<6} {result['words_per_s']:>7,} words/s  {quality}"


def main() -> int:
    """Score every corpus, print the table, write the JSON."""
    if not SCORER.exists():
        print(f"make eval: no scorer at {SCORER}; the evaluation corpora live outside the repository, "
              "so there is nothing to score here.")
        return 0
    load = os.getloadavg()
    results = [score(corpus) for corpus in CORPORA]
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; command: {_command()}")
    for result in results:
        print(_row(result))
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps({"date": time.strftime("%Y-%m-%d %H:%M"), "load_average": load,
                                  "command": _command(), "results": results}, indent=2))
    print(f"written to {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
