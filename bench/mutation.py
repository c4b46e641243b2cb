"""Mutation testing of the safety controls the hazard log names (issue 20, item 12): each
control's functions are changed by mutmut one small change at a time (a `not` dropped, `and`
made `or`, a name or number altered...) and the tests named for that control are run against
each change. A change no test notices ("survived") is a control without a test behind it,
unless it is listed in EQUIVALENT with the reason it changes nothing a person could notice.

    .venv/bin/python bench/mutation.py [CONTROL ...] [--keep] [--redis-db N]

For each control, in a scratch copy of the tree (mutmut writes its mutants/ there, never in
the clone): the control's files are mutated, only inside its functions (and, where a control
is a few lines of a larger function, only those lines: `lines`); mutmut runs the control's
tests once to learn which of them reach each function, then, for each mutant, only those,
on SQLite (the logic is the same on PostgreSQL, which the suite itself runs). Prints a table
(control, function, mutants, killed, survived, tests) and each survivor's change; exits 1 if
any survived that is not listed as equivalent. Uses the Redis database --redis-db (11 unless
TEST_REDIS_DB is set) and flushes it, as the tests do.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEPARATOR = "ǁ"  # how mutmut names a method: module.xǁClassǁmethod__mutmut_3


@dataclass(frozen=True)
class Control:
    name: str  # as the hazard log calls it
    module: str  # app.editor.workflow
    functions: tuple[str, ...]  # in the module: "approve", or "Draft.written_by"
    tests: tuple[str, ...]  # test files (or node ids) that must kill every mutant
    lines: str = ""  # a regex: only these statements of the functions are mutated

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")

    @property
    def path(self) -> str:
        return self.module.replace(".", "/") + ".py"

    def pattern(self, function: str) -> str:
        """mutmut's name for the function's mutants, with a wildcard."""
        if "." in function:
            owner, method = function.split(".")
            return f"{self.module}.x{SEPARATOR}{owner}{SEPARATOR}{method}__mutmut_*"
        return f"{self.module}.x_{function}__mutmut_*"


AUTHORSHIP = ("tests/editor/test_authorship.py",)
BINDING = ("tests/editor/test_binding.py", "tests/editor/test_binding_mutants.py")
ROLLBACK = ("tests/editor/test_history.py",)
RECORDINGS = ("tests/recordings/test_review.py", "tests/recordings/test_review_mutants.py")
TWO_PEOPLE = ("tests/accounts/test_grants.py", "tests/admin/test_two_people.py")
LINKS = ("tests/content/test_links.py", "tests/content/test_links_mutants.py")
BLOCKING = (
    "tests/editor/test_workflow.py::test_a_broken_draft_is_kept_but_not_submitted_and_its_editor_is_told_why",
    "tests/content/test_checks.py::test_help_that_does_not_say_where_urgent_help_is_stops_publishing",
    "tests/editor/test_checks_mutants.py",
)
URGENT = (
    "tests/content/test_checks.py::test_help_that_does_not_say_where_urgent_help_is_stops_publishing",
    "tests/content/test_checks.py::test_shipped_content_has_no_errors",
)
ROLES = ("tests/accounts/test_roles.py", "tests/accounts/test_role_mutants.py")
PAGES = (
    "tests/admin/test_access.py::test_each_role_gets_the_pages_its_permissions_allow_and_403_for_the_rest",
)
LIMITS = (
    "tests/texts/test_replies.py",
    "tests/texts/test_policy.py::test_no_text_for_a_landline_a_withheld_or_a_foreign_number_and_the_caller_is_told_why",
    "tests/texts/test_policy.py::test_foreign_mobiles_can_be_allowed_by_setting",
    "tests/texts/test_policy.py::test_one_text_per_article_per_call",
    "tests/texts/test_policy.py::test_a_replayed_webhook_sends_nothing_twice",
    "tests/texts/test_policy.py::test_each_number_gets_a_few_texts_a_day_then_is_told_politely",
    "tests/texts/test_policy.py::test_the_line_stops_texting_at_its_daily_cap",
    "tests/texts/test_policy.py::test_with_redis_down_the_caller_hears_a_spoken_apology",
    "tests/texts/test_limits_mutants.py",
)
OPT_OUT = (
    "tests/texts/test_views.py::test_stop_words_opt_out_with_no_second_reply_and_no_number_kept",
    "tests/texts/test_views.py::test_an_opt_out_word_with_punctuation_or_another_case_still_opts_out",
    "tests/texts/test_views.py::test_start_brings_the_number_back_without_a_second_reply",
    "tests/texts/test_views.py::test_one_number_stopping_does_not_stop_another",
    "tests/texts/test_views.py::test_a_longer_text_that_starts_with_an_opt_out_word_opts_out_and_says_so",
    "tests/texts/test_views.py::test_a_start_word_inside_a_question_is_answered_not_swallowed",
    "tests/texts/test_policy.py::test_stop_by_text_is_honoured_by_calls_and_start_brings_texts_back",
    "tests/texts/test_optout_mutants.py",
)
SCANS = (
    "tests/content/test_procedures.py",
    "tests/editor/test_procedures_cli.py::test_the_line_never_serves_a_scan_switched_on_unconfirmed",
    "tests/editor/test_procedures_cli.py::test_the_content_check_refuses_a_scan_switched_on_unconfirmed",
)
SCAN_NUMBERS = (
    "tests/editor/test_procedure_checks.py",
    "tests/editor/test_procedure_form.py::test_a_changed_number_without_a_new_confirmation_is_refused_and_kept_as_a_draft",
    "tests/editor/test_procedure_form.py::test_switching_a_scan_on_needs_the_name_of_who_confirmed_its_numbers",
    "tests/editor/test_procedure_form.py::test_a_name_typed_confirms_the_numbers_today_and_a_change_without_one_unconfirms",
)

CONTROLS = (
    Control("authorship", "app.editor.workflow", ("approve",), AUTHORSHIP, lines=r"written_by"),
    Control("authorship recorded", "app.editor.workflow", ("_save",), AUTHORSHIP,
            lines=r"written_by|DraftAuthor"),
    Control("authorship who wrote", "app.editor.models", ("Draft.written_by",), AUTHORSHIP),
    Control("role table", "app.accounts.roles", ("allowed", "permissions"), ROLES),
    Control("role check", "app.accounts.actors", ("require",), ROLES),
    Control("role check pages", "app.accounts.access", ("may",), PAGES),
    Control("approval binding", "app.editor.reviewed",
            ("digest", "draft_seen", "require_same_draft"), BINDING),
    Control("approval binding approve", "app.editor.workflow", ("approve",), BINDING,
            lines=r"require_same_draft"),
    Control("rollback binding", "app.editor.reviewed",
            ("rollback_seen", "require_same_rollback"), ROLLBACK),
    Control("rollback binding, rollback", "app.editor.history", ("rollback",), ROLLBACK,
            lines=r"author_id == actor.id|require_same_rollback"),
    Control("recording approval binding", "app.recordings.service", ("heard",), RECORDINGS),
    Control("recording approval binding, approve", "app.recordings.service", ("approve",),
            RECORDINGS, lines=r"made_by_id == actor.id|shown != heard"),
    Control("recording approval binding, take", "app.recordings.views", ("_take",), RECORDINGS),
    Control("two people", "app.accounts.grants",
            ("_about", "granted_by", "set_up_by", "behind", "approval_problem"), TWO_PEOPLE),
    Control("two people, approve", "app.editor.workflow", ("approve",), TWO_PEOPLE,
            lines=r"approval_problem"),
    Control("two people, recordings", "app.recordings.service", ("approve",), TWO_PEOPLE,
            lines=r"approval_problem"),
    Control("safe links", "app.content.links", ("_hidden", "safe_href"), LINKS),
    Control("safe links, check", "app.content.links", ("unsafe_links",), LINKS,
            lines=r"if safe_href"),
    Control("checks block publishing", "app.editor.workflow", ("approve", "submit"), BLOCKING,
            lines=r"^\s*(found = problems|if found:)"),
    Control("checks block publishing, found", "app.editor.ready", ("problems",), BLOCKING),
    Control("urgent-help words", "app.content.safety", ("emergency",), URGENT,
            lines=r"missing = |if missing|\"error\""),
    Control("text limits replies", "app.texts.replies", ("may_reply", "sender_key"), LIMITS),
    Control("text limits calls", "app.texts.policy", ("_decide",), LIMITS),
    Control("text limits calls, decided", "app.texts.policy", ("request_link_text",), LIMITS,
            lines=r"classify|verdict|who = |this_call|keys = |limits|lifetimes|decided"),
    Control("scan confirmation", "app.content.procedures",
            ("confirmed", "served", "_number", "parse_translation"), SCANS),
    Control("scan confirmation, check", "app.content.scan_checks", ("check_procedures",), SCANS),
    Control("scan numbers confirmed again", "app.editor.procedure_checks",
            ("problems", "numbers_changed"), SCAN_NUMBERS),
    Control("opt-out list", "app.texts.optouts", ("opted_out", "opt_out", "opt_in"), OPT_OUT),
    Control("opt-out words", "app.texts.conversation", ("words",), OPT_OUT),
    Control("opt-out words, understood", "app.texts.conversation", ("understand",), OPT_OUT,
            lines=r"STOP_WORDS|START_WORDS|words\(body"),
)  # fmt: skip

# Mutants that change nothing a person could notice, by function and the changed line as
# mutmut shows it (its number changes with the code): the reason is shown in the table.
EQUIVALENT: dict[tuple[str, str], str] = {
    # `where` only names the file in an error's message: which file is refused, not whether.
    ("parse_translation", "data = load_yaml(text, None)"): "names the file in a message only",
    ("parse_translation", "return _wording(data, None)"): "names the file in a message only",
    (
        "understand",
        'return Asked("stop", alone=joined[:2] == joined[-1:] and joined[0] in STOP_WORDS)',
    ): 'differs only for one word said twice ("stop stop"): opted out either way',
    (
        "understand",
        'return Asked("stop", alone=joined[:1] == joined[-2:] and joined[0] in STOP_WORDS)',
    ): 'differs only for one word said twice ("stop stop"): opted out either way',
    # A removed argument shows as an empty line. In _about the only one that lives is the
    # `object_type == "user"` condition (the others are killed): every action _about is asked
    # about (creation, role, reset, link) is recorded about a user, so it finds the same rows.
    ("_about", ""): "the actions asked about are only ever recorded about a user account",
    ("words", 'elif unicodedata.category(ch)[0] in "XXPSCXX":'): "no Unicode category "
    "begins with X: the same characters are taken out",
    (
        "sender_key",
        'return keyed_hash(secret, f"text-replies:{day.isoformat()}", number)[:33]',
    ): "a key one character longer: still the number's own, for that day",
    (
        "may_reply",
        "return answer.decode() if isinstance(answer, bytes) else str(None)",
    ): "the line's Redis client answers bytes: the other branch is never taken",
    (
        "digest",
        'return hashlib.sha256(json.dumps(parts, ensure_ascii=True).encode("utf-8")).hexdigest()',
    ): "the same function makes both digests: still one digest for one text",
    (
        "digest",
        'return hashlib.sha256(json.dumps(parts, ).encode("utf-8")).hexdigest()',
    ): "the same function makes both digests: still one digest for one text",
    (
        "digest",
        'return hashlib.sha256(json.dumps(parts, ensure_ascii=None).encode("utf-8")).hexdigest()',
    ): "the same function makes both digests: still one digest for one text",
    (
        "digest",
        'return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("UTF-8")).hexdigest()',
    ): "the same codec by another name",
    (
        "_decide",
        "return answer.decode() if isinstance(answer, bytes) else str(None)",
    ): "the line's Redis client answers bytes: the other branch is never taken",
    **{
        ("emergency", line): "the words of the error, not whether there is one"
        for line in (
            "f\"The {name.replace('XX_XX', ' ')} must say what to do in an emergency (999) "
            'and for "',
            "f\"The {name.replace('_', 'XX XX')} must say what to do in an emergency (999) "
            'and for "',
            "f\"urgent advice (NHS 111); it does not say {'XX or XX'.join(missing)}.\",",
            "f\"urgent advice (NHS 111); it does not say {' OR '.join(missing)}.\",",
        )
    },
    **{
        ("rollback_seen", line): "published versions are never changed (a database trigger "
        "refuses it) and one is live whenever there is one to go back to: the live number and "
        "the old number alone, or the old words alone, already name what is put back"
        for line in (
            "return Seen(live.number if live else 1, digest(old.text, str(old.number)))",
            "return Seen(live.number if live else 0, digest(None, str(old.number)))",
            "return Seen(live.number if live else 0, digest(old.text, None))",
            "return Seen(live.number if live else 0, digest(str(old.number)))",
            "return Seen(live.number if live else 0, digest(old.text, ))",
            "return Seen(live.number if live else 0, digest(old.text, str(None)))",
        )
    },
    **{
        ("require_same_rollback", line): "the words of the refusal, not whether there is one"
        for line in (
            "now = None",
            'now = live.number if live else "XXnoneXX"',
            'now = live.number if live else "NONE"',
        )
    },
    ("heard", 'return hashlib.sha256(b"XXXX".join(parts)).hexdigest()'): "the same function "
    "makes both digests, of parts of one length (SHA-256s): a separator changes neither",
    ("_take", 'given = request.form.get("take", "XXXX")'): "no take named: not a number "
    "either way, refused alike",
    **{
        ("_hidden", line): "every Unicode character of a Z category is a space "
        "(str.isspace), tested beside it"
        for line in (
            'return char.isspace() or unicodedata.category(char).startswith(("C", "XXZXX")) '
            'or char == "\\\\"',
            'return char.isspace() or unicodedata.category(char).startswith(("C", "z")) '
            'or char == "\\\\"',
        )
    },
    **{
        ("granted_by", line): "audit entries are numbered as they are written: the latest "
        "by time is the latest by number, and scalar() takes the first row of any limit"
        for line in (
            "query = _about(user_id, GRANTS).order_by(None, AuditEntry.id.desc())",
            "query = _about(user_id, GRANTS).order_by(AuditEntry.at.desc(), None)",
            "query = _about(user_id, GRANTS).order_by(AuditEntry.id.desc())",
            "query = _about(user_id, GRANTS).order_by(AuditEntry.at.desc(), )",
            "return session.scalar(query.limit(None))",
            "return session.scalar(query.limit(2))",
        )
    },
    (
        "set_up_by",
        "found = session.scalars(_about(user_id, SET_UP).where(AuditEntry.at > since))",
    ): "an entry written at the very microsecond FRESH days ago: no person could time it",
    ("may", "return True"): "nobody signed in: every caller of may() is a @requires view, "
    "which sends a person who is not signed in to the sign-in page before it asks",
}

KILLED = {1, 3, -24, 24, 152, 255, 36}  # a failing test, pytest's error, a timeout
SURVIVED = {0}


# Not copied: anywhere, then only at the top of the tree (/data is the SQLite of `bin/dev`).
SKIPPED = shutil.ignore_patterns(".git", "node_modules", "__pycache__", "*.egg-info", ".*_cache",
                                 ".hypothesis", "screenshots")  # fmt: skip
SKIPPED_AT_TOP = {".venv", "data", "mutants", "audio"}


def _copy(to: Path) -> None:
    def skipped(folder: str, names: list[str]) -> set[str]:
        top = SKIPPED_AT_TOP if Path(folder) == ROOT else {"results"} & set(names)
        return set(SKIPPED(folder, names)) | (top & set(names))

    shutil.copytree(ROOT, to, ignore=skipped)


def _function(tree: ast.Module, name: str) -> ast.FunctionDef:
    scope: list[ast.stmt] = tree.body
    *owners, last = name.split(".")
    for owner in owners:
        scope = next(n.body for n in scope if isinstance(n, ast.ClassDef) and n.name == owner)
    for node in scope:
        if isinstance(node, ast.FunctionDef) and node.name == last:
            return node
    raise SystemExit(f"bench/mutation.py: there is no {name} any more: update CONTROLS")


def _kept(statements: list[ast.stmt], pattern: re.Pattern[str], text: list[str]) -> set[int]:
    """The lines (1-based) of the statements, or compound statements' headers, that match."""
    kept: set[int] = set()
    for node in statements:
        inner = [b for f in ("body", "orelse", "finalbody", "handlers", "cases")
                 for b in getattr(node, f, []) if isinstance(b, ast.AST)]  # fmt: skip
        blocks = [getattr(node, f, None) for f in ("body", "orelse", "finalbody")]
        first = min((b.lineno for b in inner if hasattr(b, "lineno")), default=None)
        end = (first - 1) if first else (node.end_lineno or node.lineno)
        header = range(node.lineno, end + 1)
        if any(pattern.search(text[i - 1]) for i in header):
            kept.update(header)
        for block in blocks:
            if isinstance(block, list):
                kept |= _kept(block, pattern, text)
        for handler in getattr(node, "handlers", []):
            kept |= _kept([handler], pattern, text)
    return kept


GENERATE = """
import os
os.environ["MUTANT_UNDER_TEST"] = "mutant_generation"
from mutmut.__main__ import copy_also_copy_files, copy_src_dir, create_mutants
from mutmut.configuration import Config
Config.ensure_loaded()
os.makedirs("mutants", exist_ok=True)
copy_src_dir()
copy_also_copy_files()
create_mutants(1)
"""


def chosen(folder: Path, control: Control, function: str) -> list[str]:
    """The function's mutants that change a statement matching `control.lines` (all of
    them without it), read from the mutated file mutmut wrote: each mutant is a copy of the
    function, `x_name__mutmut_N`, beside the original, `x_name__mutmut_orig`."""
    pattern = control.pattern(function)
    base = pattern.rpartition(".")[2].removesuffix("__mutmut_*")
    text = (folder / "mutants" / control.path).read_text().splitlines()
    mine = base + "__mutmut_"
    found = {n.name: n for n in ast.walk(ast.parse("\n".join(text)))
             if isinstance(n, ast.FunctionDef) and n.name.startswith(mine)}  # fmt: skip
    orig = found.pop(base + "__mutmut_orig")
    kept = _kept(orig.body, re.compile(control.lines or "."), text)
    if not kept:
        raise SystemExit(f"bench/mutation.py: no line of {function} matches {control.lines!r}")
    before = text[orig.lineno - 1 : orig.end_lineno]
    names = []
    for name, node in found.items():
        after = text[node.lineno - 1 : node.end_lineno]
        lines = difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes()
        changed = {orig.lineno + i for op, i1, i2, _, _ in lines if op != "equal"
                   for i in range(i1, max(i2, i1 + 1))}  # fmt: skip
        changed.discard(orig.lineno)  # the def line: its name differs in every copy
        if not control.lines or changed & kept:
            names.append(f"{control.module}.{name}")
    return sorted(names, key=lambda n: int(n.rpartition("_")[2]))


def _settings(control: Control, folder: Path) -> str:
    copied = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir()
                    if p.name not in ("app", "tests", "mutants", "pyproject.toml"))  # fmt: skip
    settings = {
        "source_paths": ["app"],
        "only_mutate": [control.path],
        "also_copy": copied,
        "pytest_add_cli_args": [
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
            "-p",
            "bench.mutation_pytest",
        ],  # fmt: skip
        "pytest_add_cli_args_test_selection": [*control.tests, "-k", "not postgresql"],
        "use_git_change_detection": False,
        # The words of a refusal are not the control (that it is refused is), and the tests
        # assert behaviour, not sentences: `raise X(...)` lines are left as they are.
        "do_not_mutate_patterns": [r"raise [\w.]+\("],
    }
    return "\n[tool.mutmut]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in settings.items())


def _changed(folder: Path, name: str) -> str:
    shown = subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=folder,
                           capture_output=True, text=True)  # fmt: skip
    lines = shown.stdout.splitlines()
    return " / ".join(x[1:].strip() for x in lines if x.startswith("+") and not x.startswith("+++"))


def run(control: Control, scratch: Path, env: dict[str, str]) -> list[dict[str, object]]:
    folder = scratch / control.slug
    _copy(folder)
    with (folder / "pyproject.toml").open("a") as settings:
        settings.write(_settings(control, folder))
    subprocess.run([sys.executable, "-c", GENERATE], cwd=folder, check=True, capture_output=True)
    names = {f: chosen(folder, control, f) for f in control.functions}
    kept = scratch / "kept"  # the shipped English rendered once for every control
    kept.mkdir(exist_ok=True)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "mutmut", "run", "--max-children", "1", *sum(names.values(), [])],
        cwd=folder, env={**env, "MUTATION_KEEP": str(kept)},
        capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.monotonic() - started
    meta = folder / "mutants" / (control.path + ".meta")
    if not meta.exists():
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"bench/mutation.py: mutmut did not run for {control.name}")
    codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
    rows = []
    for function, chosen_names in names.items():
        mine = {k: codes.get(k) for k in chosen_names}
        survivors, equivalent, unchecked = [], [], []
        for key, code in sorted(mine.items(), key=lambda kv: int(kv[0].rpartition("_")[2])):
            if code in KILLED:
                continue
            change = _changed(folder, key)
            reason = EQUIVALENT.get((function, change))
            if reason:
                equivalent.append((change, reason))
            elif code in SURVIVED:
                survivors.append(change)
            else:  # no test reached it (33), or not checked
                unchecked.append(f"{change} (mutmut exit {code})")
        rows.append({
            "control": control.name, "function": f"{control.module}.{function}",
            "mutants": len(mine), "killed": sum(c in KILLED for c in mine.values()),
            "equivalent": equivalent, "survived": survivors + unchecked,
            "tests": list(control.tests), "seconds": round(seconds),
        })  # fmt: skip
    if not any(r["mutants"] for r in rows):
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n", file=sys.stderr)
    return rows


def table(rows: list[dict[str, object]]) -> str:
    out = ["| control | function | mutants | killed | survived | killed by |",
           "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
    for r in rows:
        equivalent = r["equivalent"]
        assert isinstance(equivalent, list)
        survived = r["survived"]
        assert isinstance(survived, list)
        note = f"{len(survived)}" + (f" (+{len(equivalent)} equivalent)" if equivalent else "")
        tests = ", ".join(f"`{t}`" for t in r["tests"])  # type: ignore[attr-defined]
        out.append(f"| {r['control']} | `{r['function']}` | {r['mutants']} | {r['killed']} "
                   f"| {note} | {tests} |")  # fmt: skip
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("controls", nargs="*", help="controls by name (default: all)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--redis-db", default=os.environ.get("TEST_REDIS_DB", "11"))
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args()
    chosen = [c for c in CONTROLS if not args.controls or c.name in args.controls
              or c.slug in args.controls]  # fmt: skip
    env = {**os.environ, "TEST_REDIS_DB": str(args.redis_db)}
    scratch = Path(tempfile.mkdtemp(prefix="nm-mutation-"))
    rows: list[dict[str, object]] = []
    started = time.monotonic()
    try:
        for control in chosen:
            found = run(control, scratch, env)
            rows += found
            print(
                *table(found).splitlines()[2:], f"({found[0]['seconds']} s)", sep="\n", flush=True
            )
    finally:
        if args.keep:
            print(f"The scratch copy is kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"\n{table(rows)}\n\nIn {time.monotonic() - started:.0f} s.")
    for r in rows:
        for change in r["survived"]:  # type: ignore[attr-defined]
            print(f"SURVIVED in {r['function']}: {change}")
        for change, reason in r["equivalent"]:  # type: ignore[attr-defined]
            print(f"equivalent in {r['function']}: {change}: {reason}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 1 if any(r["survived"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
