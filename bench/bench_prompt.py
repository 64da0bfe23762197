"""The prompt's size, now against the original (the commit before "each fact once"), per CV.

The original prompt sent the extracted profile as JSON *and* the CV text it came from. This
builds both prompts for every CV in tests/fixtures/cvs (technical plan, mid Backend Engineer,
5 questions) and prints their sizes in characters and the reduction; with --real also in tokens
of the real llama-server's tokenizer (chat template applied; the server is started and built
into ~/.cache/iq-real-llm if missing, by .ci/real_llm_server.sh).

The original is the whole source tree at BASELINE (`git archive`), run in a child process, so
its extraction, context and redaction are the ones it shipped with.

Run: python bench/bench_prompt.py [--real] [--record]
  --record  writes the original sizes to tests/fixtures/prompt_baseline.json (read by
            tests/test_llm_prompt_size.py)
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
CVS = ROOT / "tests" / "fixtures" / "cvs"
BASELINE = "153c9fe"
"""The last commit whose prompt carried the profile JSON beside the CV text."""
RECORD = ROOT / "tests" / "fixtures" / "prompt_baseline.json"
SUFFIXES = {".pdf", ".docx", ".md", ".txt"}

# Runs in a child process against one source tree: the API both trees share.
CHILD = r"""
import json, sys
from pathlib import Path
from iq_tui.engine.reading.extract import extract_profile
from iq_tui.engine.planning.roles import find_role, load_roles
from iq_tui.engine.planning.context import build_context
from iq_tui.engine.planning.prompts import build_prompt
role = find_role("backend-engineer", load_roles())
out = {}
count = int(sys.argv[1])
for path in sys.argv[2:]:
    try:
        profile = extract_profile(Path(path))
    except Exception:  # a file this tree cannot read (the original read PDFs only)
        continue
    prompt = build_prompt(build_context(role, "mid", "technical", profile), count,
                          known_contacts=[profile.name])
    out[Path(path).name] = {"system": prompt.system, "user": prompt.user}
print(json.dumps(out))
"""


def cv_files() -> list[Path]:
    return sorted(p for p in CVS.iterdir() if p.suffix in SUFFIXES and p.name != "README.md")


def prompts_from(src: Path, cvs: list[Path], count: int = 5) -> dict[str, dict[str, str]]:
    """{cv name: {"system", "user"}} as the source tree `src` builds them (a technical plan of
    `count` for a mid Backend Engineer)."""
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "PYTHONPATH": str(src),
            "IQ_TUI_CONFIG": str(Path(home) / "settings.toml"),
            "HOME": home,
        }
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(count), *map(str, cvs)],
            env=env, capture_output=True, text=True, check=True,
        )
    return json.loads(done.stdout)


def baseline_tree(where: Path) -> Path:
    """The source tree at BASELINE, extracted under `where` (its `src`)."""
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", BASELINE, "src"],
        capture_output=True, check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(where, filter="data")
    return where / "src"


def token_counter():
    """(count(system, user) -> tokens, stop) on a real llama-server."""
    import urllib.request

    from real_llm import start_server, stop_server

    process, server = start_server()

    def post(path: str, payload: dict) -> dict:
        request = urllib.request.Request(
            server.url + path, json.dumps(payload).encode(), {"content-type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def count(system: str, user: str) -> int:
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        text = post("/apply-template", {"messages": messages})["prompt"]
        return len(post("/tokenize", {"content": text})["tokens"])

    return count, lambda: stop_server(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", action="store_true", help="also tokens, on a real llama-server")
    parser.add_argument("--record", action="store_true", help=f"write {RECORD.name}")
    args = parser.parse_args()
    cvs = cv_files()
    with tempfile.TemporaryDirectory() as tmp:
        old = prompts_from(baseline_tree(Path(tmp)), cvs)
    new = prompts_from(ROOT / "src", cvs)
    count, stop = token_counter() if args.real else (None, lambda: None)
    rows = []
    skipped = sorted(set(new) - set(old))
    try:
        for name in old:
            o, n = old[name], new[name]
            row = {
                "cv": name,
                "old_chars": len(o["system"]) + len(o["user"]),
                "new_chars": len(n["system"]) + len(n["user"]),
            }
            if count:
                row["old_tokens"] = count(o["system"], o["user"])
                row["new_tokens"] = count(n["system"], n["user"])
            rows.append(row)
    finally:
        stop()
    unit = "tokens" if count else "chars"
    print(f"prompt size, original ({BASELINE}) -> now, technical plan of 5, in {unit}:")
    for row in rows:
        old_n, new_n = row[f"old_{unit}"], row[f"new_{unit}"]
        print(f"  {row['cv'][:52]:52} {old_n:6} -> {new_n:6}  {new_n / old_n - 1:+4.0%}")
    for what in ("chars", "tokens") if count else ("chars",):
        old_total = sum(r[f"old_{what}"] for r in rows)
        new_total = sum(r[f"new_{what}"] for r in rows)
        changes = [r[f"new_{what}"] / r[f"old_{what}"] - 1 for r in rows]
        print(
            f"{what}: total {old_total} -> {new_total} ({new_total / old_total - 1:+.0%}); "
            f"per CV median {statistics.median(changes):+.0%}, best {min(changes):+.0%}, "
            f"worst {max(changes):+.0%} ({len(rows)} CVs)"
        )
    if skipped:
        print(f"left out ({len(skipped)}), the original cannot read them: {', '.join(skipped)}")
    if args.record:
        RECORD.write_text(
            json.dumps(
                {
                    "baseline": BASELINE,
                    "setup": "backend-engineer, mid, technical, 5 questions",
                    "chars": {r["cv"]: r["old_chars"] for r in rows},
                },
                indent=1,
            )
            + "\n"
        )
        print(f"recorded the original sizes in {RECORD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
