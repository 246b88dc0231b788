"""clausecheck eval: labels loading, gold location and overlap, answer normalisation, scores, CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from clausecheck.errors import ConfigError
from clausecheck.evaluate import (
    ContractOutcome,
    Duration,
    GoldClause,
    GoldLabel,
    LabelledContract,
    Prediction,
    compress,
    days_match,
    hits,
    load_labels,
    locate,
    months_match,
    overlap,
    parse_answer,
    predictions_from,
    score,
    to_dict,
    to_markdown,
    token_overlap,
)
from clausecheck.evaluate import runner as run_mod
from clausecheck.model import Document, Facts, Finding, FindingKind, Pillar, Rule, RuleKind, Severity

# ---------------------------------------------------------------- overlap and location

@pytest.mark.parametrize("a,b,expected", [
    ((0, 10), (0, 10), 1.0),
    ((0, 10), (5, 15), 0.5),          # half of either: exactly on the threshold
    ((0, 10), (6, 16), 0.4),
    ((0, 100), (40, 50), 1.0),        # a long finding containing a short gold clause
    ((0, 10), (10, 20), 0.0),         # touching, half-open: no overlap
    ((0, 0), (0, 10), 0.0),           # empty span
    ((30, 40), (0, 100), 1.0),
])
def test_overlap_is_intersection_over_shorter(a: tuple[int, int], b: tuple[int, int],
                                               expected: float) -> None:
    assert overlap(a, b) == pytest.approx(expected)
    assert overlap(b, a) == pytest.approx(expected)


def test_locate_ignores_whitespace_case_and_punctuation() -> None:
    text = "1. TERM.\nThe  Agreement shall\n   renew for one (1)-year terms.\nOther text."
    doc = compress(text)
    [(start, end)] = locate(doc, "the agreement shall renew for one (1) year terms")
    assert text[start:end] == "The  Agreement shall\n   renew for one (1)-year terms"


def test_locate_finds_every_occurrence_and_omitted_gaps() -> None:
    text = "Exclusive rights. A b c. Exclusive rights. Renew for 12 months, x y z, unless notice."
    doc = compress(text)
    assert [text[s:e] for s, e in locate(doc, "exclusive rights")] == ["Exclusive rights"] * 2
    [(s, e)] = locate(doc, "Renew for 12<omitted>unless notice")
    assert text[s:e] == "Renew for 12 months, x y z, unless notice"
    assert locate(doc, "not in the text") == ()
    assert locate(doc, " ... ") == ()


def test_locate_maps_ligatures_to_their_source_character() -> None:
    text = "the ﬁnal term"
    [(s, e)] = locate(compress(text), "final term")
    assert text[s:e] == "ﬁnal term"


def test_token_overlap_is_multiset_over_shorter() -> None:
    assert token_overlap("Customer shall buy", "customer SHALL not buy anything") == 1.0
    assert token_overlap("a b c d", "a b x y") == 0.5
    assert token_overlap("", "a") == 0.0


def test_hits_uses_spans_when_located_else_words() -> None:
    gold = GoldClause(text="exclusive supplier of widgets", spans=((100, 130),))
    assert hits(Prediction(category="X", rule_id="r", span=(110, 200), excerpt=""), gold)  # 20/30
    assert not hits(Prediction(category="X", rule_id="r", span=(125, 200), excerpt=""), gold)  # 5/30
    unlocated = GoldClause(text="exclusive supplier of widgets")
    near = Prediction(category="X", rule_id="r", span=(0, 5), excerpt="the exclusive supplier")
    assert hits(near, unlocated)
    assert not hits(Prediction(category="X", rule_id="r", span=None, excerpt="pay fees"), unlocated)


def _finding(labels: tuple[str, ...], kind: FindingKind = FindingKind.RISK,
             span: tuple[int, int] | None = (0, 4), rule_id: str = "r1", excerpt: str = "text") -> Finding:
    from clausecheck.model import Span

    return Finding(rule_id=rule_id, title="t", severity=Severity.INFO, kind=kind, pillar=Pillar.TERM,
                   labels=labels, excerpt=excerpt,
                   span=Span(start=span[0], end=span[1]) if span else None)


def test_predictions_skip_missing_findings_and_foreign_labels() -> None:
    findings = [
        _finding(("cuad:Exclusivity", "cuad:Non-Compete")),
        _finding(("cuad:Exclusivity",), kind=FindingKind.MISSING),   # says the clause is absent
        _finding(("cuad:Renewal Term", "other:thing"), kind=FindingKind.WEAK, span=None, rule_id="r2"),
        _finding(("cuad:Governing Law",)),                           # category not scored
    ]
    preds = predictions_from(findings, ["Exclusivity", "Non-Compete", "Renewal Term"])
    assert [(p.category, p.rule_id, p.span) for p in preds] == [
        ("Exclusivity", "r1", (0, 4)), ("Non-Compete", "r1", (0, 4)), ("Renewal Term", "r2", None)]


# ---------------------------------------------------------------- answers

@pytest.mark.parametrize("answer,expected", [
    ("successive 1 year", [(1, "year")]),
    ("Successive 1 year", [(1, "year")]),
    ("succsive 1 year", [(1, "year")]),
    ("2 successive 10 years", [(10, "year")]),
    ("four successive 10 years", [(10, "year")]),
    ("10 1 years", [(1, "year")]),
    ("0.5 year", [(0.5, "year")]),
    ("12 Months", [(12, "month")]),
    ("(6) months", [(6, "month")]),
    ("60) days", [(60, "day")]),
    ("6 weeks", [(6, "week")]),
    ("6 months; 12 months", [(6, "month"), (12, "month")]),
    ("successive 12 months; successive 6 months;", [(12, "month"), (6, "month")]),
    ("4 years, 6 months", [(4, "year"), (6, "month")]),
    ("one year", [(1, "year")]),
    ("", []),
    ("perpetual", []),
    ("perpetual, 11/15/2014", []),
    ("successive []", []),
    ("[]", []),
])
def test_parse_answer(answer: str, expected: list[tuple[float, str]]) -> None:
    assert parse_answer(answer) == tuple(Duration(float(v), u) for v, u in expected)


@pytest.mark.parametrize("duration,months,ok", [
    (Duration(1, "year"), 12, True), (Duration(1, "year"), 1, False), (Duration(0.5, "year"), 6, True),
    (Duration(12, "month"), 12, True), (Duration(30, "day"), 1, True), (Duration(45, "day"), 1, False),
    (Duration(10, "year"), 120, True), (Duration(1, "year"), None, False),
])
def test_months_match(duration: Duration, months: int | None, ok: bool) -> None:
    assert months_match(duration, months) is ok


@pytest.mark.parametrize("duration,days,ok", [
    (Duration(90, "day"), 90, True), (Duration(90, "day"), 91, False), (Duration(6, "week"), 42, True),
    (Duration(6, "month"), 180, True), (Duration(6, "month"), 183, True), (Duration(6, "month"), 177, True),
    (Duration(6, "month"), 176, False), (Duration(6, "month"), 185, True), (Duration(6, "month"), 186, False),
    (Duration(12, "month"), 360, True), (Duration(12, "month"), 365, True), (Duration(1, "year"), 365, True),
    (Duration(1, "month"), 30, True), (Duration(1, "month"), 31, True), (Duration(1, "month"), 60, False),
    (Duration(30, "day"), None, False),
])
def test_days_match(duration: Duration, days: int | None, ok: bool) -> None:
    assert days_match(duration, days) is ok


# ---------------------------------------------------------------- scores

def _contract(cid: str, present: dict[str, bool], answers: dict[str, str] | None = None,
              months: int | None = None) -> LabelledContract:
    return LabelledContract(id=cid, txt=Path(f"{cid}.txt"), pdf=None,
                            labels={c: GoldLabel(present=p) for c, p in present.items()},
                            answers=answers or {}, initial_term_months=months)


def _outcome(cid: str, cats: list[str], gold: dict[str, tuple[GoldClause, ...]] | None = None,
             facts: Facts | None = None, spans: dict[str, tuple[int, int]] | None = None) -> ContractOutcome:
    spans = spans or {}
    preds = tuple(Prediction(category=c, rule_id=f"rule.{c}", span=spans.get(c, (0, 10)),
                             excerpt=f"{cid} {c}") for c in cats)
    return ContractOutcome(id=cid, path=f"{cid}.txt", predictions=preds, gold=gold or {},
                           facts=facts or Facts())


def test_document_level_counts_and_ratios() -> None:
    # Exclusivity: gold + in a, b, c; predicted in a, b, d  -> TP 2, FP 1, FN 1, TN 1 (e)
    contracts = [_contract(c, {"Exclusivity": c in "abc"}) for c in "abcde"]
    outcomes = [_outcome(c, ["Exclusivity"] if c in "abd" else []) for c in "abcde"]
    result = score(contracts, outcomes, ["Exclusivity"])
    [cat] = result.categories
    assert (cat.tp, cat.fp, cat.fn, cat.tn) == (2, 1, 1, 1)
    assert cat.precision == pytest.approx(2 / 3)
    assert cat.recall == pytest.approx(2 / 3)
    assert cat.f1 == pytest.approx(2 / 3)
    # a and b are gold positive without clause texts, so their findings cannot be placed on gold
    assert [(e.contract, e.kind, e.level) for e in result.errors] == [
        ("a", "FP", "clause"), ("b", "FP", "clause"), ("c", "FN", "document"), ("d", "FP", "document")]


def test_ratios_undefined_and_zero() -> None:
    contracts = [_contract("a", {"Non-Compete": True}), _contract("b", {"Non-Compete": False})]
    [cat] = score(contracts, [_outcome("a", []), _outcome("b", [])], ["Non-Compete"]).categories
    assert (cat.precision, cat.recall, cat.f1) == (None, 0.0, 0.0)
    [cat] = score(contracts[1:], [_outcome("b", [])], ["Non-Compete"]).categories
    assert (cat.precision, cat.recall, cat.f1) == (None, None, None)


def test_clause_level_recall_and_findings_on_gold() -> None:
    gold_a = (GoldClause(text="g1", spans=((0, 100),)), GoldClause(text="g2", spans=((500, 600),)))
    contracts = [_contract("a", {"Exclusivity": True}), _contract("b", {"Exclusivity": False})]
    outcomes = [
        ContractOutcome(id="a", path="a.txt", gold={"Exclusivity": gold_a}, predictions=(
            Prediction(category="Exclusivity", rule_id="r", span=(50, 120), excerpt="hit g1"),   # 50/70
            Prediction(category="Exclusivity", rule_id="r", span=(300, 400), excerpt="stray"),
        )),
        ContractOutcome(id="b", path="b.txt", gold={"Exclusivity": ()}, predictions=(
            Prediction(category="Exclusivity", rule_id="r", span=(0, 10), excerpt="doc fp"),)),
    ]
    result = score(contracts, outcomes, ["Exclusivity"])
    [cat] = result.categories
    assert (cat.gold_clauses, cat.clauses_found, cat.findings, cat.findings_on_gold) == (2, 1, 3, 1)
    assert cat.clause_recall == 0.5 and cat.clause_precision == pytest.approx(1 / 3)
    assert sorted((e.contract, e.level, e.kind, e.text) for e in result.errors) == [
        ("a", "clause", "FN", "g2"), ("a", "clause", "FP", "stray"), ("b", "document", "FP", "doc fp")]


def _facts(term: int, renewal: int, notice: int) -> Facts:
    return Facts(initial_term_months=term, renewal_term_months=renewal, renewal_notice_days=notice)


def test_extraction_accuracy_and_spurious() -> None:
    rt, npr = "Renewal Term", "Notice Period To Terminate Renewal"
    contracts = [
        _contract("a", {}, {rt: "successive 1 year", npr: "6 months"}, months=36),
        _contract("b", {}, {rt: "2 years", npr: "90 days"}, months=24),
        _contract("c", {}, {rt: "perpetual", npr: ""}, months=None),   # renewal excluded, notice blank
        _contract("d", {}, {rt: "", npr: "[]"}, months=12),             # renewal blank, notice redacted
        _contract("e", {}, {}, months=-1),                                # labelling slip: skipped
    ]
    outcomes = [
        _outcome("a", [], facts=_facts(36, 12, 182)),
        _outcome("b", [], facts=_facts(25, 12, 90)),
        _outcome("c", [], facts=_facts(60, 12, 30)),
        _outcome("d", [], facts=_facts(12, 1, 9)),
        _outcome("e", [], facts=Facts(initial_term_months=12)),
    ]
    result = score(contracts, outcomes, [])
    got = {e.field: (e.stated, e.correct, e.spurious) for e in result.extraction}
    assert got == {"initial_term_months": (3, 2, None), "renewal_term_months": (2, 1, 1),
                   "renewal_notice_days": (2, 2, 1)}
    wrong = [(e.category, e.contract, e.kind, e.text) for e in result.errors]
    assert wrong == [("initial_term_months", "b", "wrong", "gold 24, extracted 25"),
                     ("renewal_term_months", "b", "wrong", "gold 2 years, extracted 12"),
                     ("renewal_term_months", "d", "spurious", "none stated, extracted 1"),
                     ("renewal_notice_days", "c", "spurious", "none stated, extracted 30")]


def test_failed_contracts_are_listed_not_scored() -> None:
    contracts = [_contract("a", {"Exclusivity": True}), _contract("b", {"Exclusivity": True})]
    outcomes = [_outcome("a", ["Exclusivity"]), ContractOutcome(id="b", path="b.txt", error="encrypted")]
    result = score(contracts, outcomes, ["Exclusivity"])
    assert (result.contracts, result.reviewed, result.skipped) == (2, 1, (("b", "encrypted"),))
    assert (result.categories[0].tp, result.categories[0].fn) == (1, 0)


# ---------------------------------------------------------------- labels file

def _labels_line(**over: object) -> str:
    row: dict[str, object] = {"id": "c1", "txt": "c1.txt", "pdf": None,
                              "labels": {"Exclusivity": {"present": False, "clauses": []}},
                              "answers": {}, "initial_term_months": None}
    row.update(over)
    return json.dumps(row)


def test_load_labels_resolves_paths(tmp_path: Path) -> None:
    lines = [_labels_line(), "", _labels_line(id="c2", pdf="p/c2.pdf", txt="/abs/c2.txt")]
    (tmp_path / "l.jsonl").write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    c1, c2 = load_labels(tmp_path / "l.jsonl")
    assert (c1.txt, c1.pdf, c2.pdf) == (tmp_path / "c1.txt", None, tmp_path / "p" / "c2.pdf")
    assert c2.txt == Path("/abs/c2.txt")
    assert c1.labels["Exclusivity"] == GoldLabel(present=False, clauses=())


@pytest.mark.parametrize("line,message", [
    ("{not json", "Expecting property name"),
    ("[1, 2]", "expected a JSON object"),
    (_labels_line(id=""), "'id' must be a non-empty string"),
    (_labels_line(txt=None), "needs a 'txt' or a 'pdf' path"),
    (_labels_line(labels={"Exclusivity": {"present": "yes"}}), "labels['Exclusivity'] must be an object"),
    (_labels_line(labels={"Exclusivity": {"present": True, "clauses": "x"}}), "clauses must be a list"),
    (_labels_line(initial_term_months="12"), "'initial_term_months' must be an integer"),
    (_labels_line(id="c0"), "duplicate id 'c0'"),
])
def test_bad_labels_name_the_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "l.jsonl"
    path.write_text(_labels_line(id="c0") + "\n" + line + "\n")
    with pytest.raises(ConfigError) as info:
        load_labels(path)
    assert str(info.value).startswith(f"{path}:2: ") and message in str(info.value)


# ---------------------------------------------------------------- CLI on a tiny corpus with a fake engine

_FAKE_RULES = {"fake.exclusive": (r"[^.]*\bexclusive\b[^.]*\.", "cuad:Exclusivity"),
               "fake.renewal": (r"[^.]*\bautomatically renew[^.]*\.", "cuad:Renewal Term")}


def _fake_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = tuple(Rule(id=rid, title=rid, pillar=Pillar.TERM, kind=RuleKind.RISK, severity=Severity.INFO,
                       rationale="r", recommendation="r", labels=(label,))
                  for rid, (_, label) in _FAKE_RULES.items())

    def read(path: Path, policy: object) -> Document:
        return Document(path=str(path), format="txt", text=Path(path).read_text(encoding="utf-8"), sha256="0")

    def review(path: Path, policy: object, ruleset: object, display_path: str, document: Document) -> object:
        text = document.text
        if "UNREADABLE" in text:
            from clausecheck.errors import IngestError
            raise IngestError("no text layer")
        findings = [_finding((label,), span=m.span(), rule_id=rid, excerpt=m.group().strip())
                    for rid, (pattern, label) in _FAKE_RULES.items() for m in re.finditer(pattern, text)]
        term = re.search(r"term of (\d+) months", text)
        return SimpleNamespace(findings=tuple(findings),
                               facts=Facts(initial_term_months=int(term.group(1)) if term else None))

    ruleset = SimpleNamespace(rules=rules, digest="abc123")
    monkeypatch.setattr(run_mod, "_load_ruleset", lambda policy: ruleset)
    monkeypatch.setattr(run_mod, "_read", read)
    monkeypatch.setattr(run_mod, "_review", review)


def _corpus(tmp_path: Path) -> Path:
    texts = {
        "a": "1. Term. This Agreement has a term of 12 months. It shall automatically renew for one year.\n"
             "2. Supply. Supplier is the exclusive supplier of widgets.\n",
        "b": "1. Term. This Agreement has a term of 24 months.\n2. Rights. The license is exclusive.\n",
        "c": "1. Term. Nothing here. UNREADABLE\n",
    }
    gold = {"a": ({"Exclusivity": ["Supplier is the exclusive supplier of widgets."],
                   "Renewal Term": ["It shall automatically renew for one year."]}, 12, "successive 1 year"),
            "b": ({"Exclusivity": [], "Renewal Term": []}, 36, ""),
            "c": ({"Exclusivity": ["x"], "Renewal Term": []}, None, "")}
    lines = []
    for cid, text in texts.items():
        (tmp_path / f"{cid}.txt").write_text(text, encoding="utf-8")
        labels = {cat: {"present": bool(cl), "clauses": cl} for cat, cl in gold[cid][0].items()}
        lines.append(json.dumps({"id": cid, "txt": f"{cid}.txt", "pdf": None, "labels": labels,
                                 "answers": {"Renewal Term": gold[cid][2]},
                                 "initial_term_months": gold[cid][1]}))
    (tmp_path / "labels.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path / "labels.jsonl"


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from clausecheck.cli import main

    with pytest.raises(SystemExit) as info:
        main(args)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_json_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                          jobs: str) -> None:
    _fake_engine(monkeypatch)
    args = ["eval", str(_corpus(tmp_path)), "--format", "json", "-j", jobs, "--show-errors"]
    code, out, err = _cli(args, capsys)
    assert code == 0, err
    data = json.loads(out)
    assert (data["contracts"], data["reviewed"], data["rules_version"]) == (3, 2, "abc123")
    assert data["skipped"] == [{"id": "c", "error": "no text layer"}]
    cats = {c["category"]: c for c in data["categories"]}
    ex = cats["Exclusivity"]
    assert (ex["tp"], ex["fp"], ex["fn"], ex["tn"], ex["precision"], ex["recall"]) == (1, 1, 0, 0, 0.5, 1.0)
    assert (ex["gold_clauses"], ex["clauses_found"], ex["findings"], ex["findings_on_gold"]) == (1, 1, 2, 1)
    rt = cats["Renewal Term"]
    assert (rt["tp"], rt["fp"], rt["fn"], rt["tn"], rt["f1"], rt["clause_recall"]) == (1, 0, 0, 1, 1.0, 1.0)
    ext = {e["field"]: (e["stated"], e["correct"]) for e in data["extraction"]}
    assert ext["initial_term_months"] == (2, 1)
    assert [(e["category"], e["contract"], e["kind"]) for e in data["errors"]] == [
        ("Exclusivity", "b", "FP"), ("initial_term_months", "b", "wrong"),
        ("renewal_term_months", "a", "wrong")]


def test_cli_markdown_and_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    _fake_engine(monkeypatch)
    labels = _corpus(tmp_path)
    code, out, _ = _cli(["eval", str(labels), "-f", "markdown", "-j", "1"], capsys)
    assert code == 0
    assert "| Exclusivity | 1 | 1 | 1 | 0 | 0.50 | 1.00 | 0.67 | 1.00 | 0.50 |" in out
    assert "2 of 3 contracts reviewed, 1 could not be reviewed; rules abc123." in out
    code, out, _ = _cli(["eval", str(labels), "-j", "1", "--show-errors"], capsys)
    assert code == 0
    assert "Exclusivity document FP [fake.exclusive] b: The license is exclusive." in out


def test_cli_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    _fake_engine(monkeypatch)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(_labels_line() + "\n" + "{oops\n")
    code, _, err = _cli(["eval", str(bad)], capsys)
    assert code == 2 and err.startswith(f"error: {bad}:2: ") and len(err.strip().splitlines()) == 1
    code, _, err = _cli(["eval", str(tmp_path / "none.jsonl")], capsys)
    assert code == 2 and "cannot read labels file" in err
    code, _, err = _cli(["eval", str(_corpus(tmp_path)), "-f", "html"], capsys)
    assert code == 2 and "invalid --format 'html'" in err
    (tmp_path / "only.jsonl").write_text(_labels_line(id="c", txt="c.txt") + "\n")
    code, out, _ = _cli(["eval", str(tmp_path / "only.jsonl"), "-f", "json", "-j", "1"], capsys)
    assert code == 3 and json.loads(out)["reviewed"] == 0   # every contract failed: figures still written


def test_markdown_shows_undefined_as_dash() -> None:
    result = score([_contract("a", {"Exclusivity": False})], [_outcome("a", [])], ["Exclusivity"])
    text = to_markdown(result)
    assert "| Exclusivity | 0 | 0 | 0 | 0 | – | – | – | – | – |" in text
    assert to_dict(result)["categories"][0]["precision"] is None


def test_locate_long_clause_across_an_inserted_page_header() -> None:
    clause = ("Customer shall purchase all of its requirements for the Products exclusively from Supplier "
              "during the Term and for a period of two years thereafter.")
    text = ("Intro. Customer shall purchase all of its requirements for the Products exclusively from\n"
            "ACME CONFIDENTIAL Page 7 of 20\nSupplier during the Term and for a period of two years "
            "thereafter. Next.")
    [(s, e)] = locate(compress(text), clause)
    assert text[s:e].startswith("Customer shall") and text[s:e].endswith("two years thereafter")
    # the anchors must still be about a clause-length apart: far-away fragments do not combine
    far = clause[:60] + " x" * 400 + clause[60:]
    assert locate(compress(far), clause) == ()
    # short clauses are only ever found verbatim
    assert locate(compress("the exclusive Page 3 supplier"), "the exclusive supplier") == ()


def test_per_rule_scores() -> None:
    gold = {"Exclusivity": (GoldClause(text="g", spans=((0, 50),)),)}
    contracts = [_contract("a", {"Exclusivity": True}), _contract("b", {"Exclusivity": False})]
    outcomes = [
        ContractOutcome(id="a", path="a.txt", gold=gold, predictions=(
            Prediction(category="Exclusivity", rule_id="x.one", span=(0, 10), excerpt="on gold"),
            Prediction(category="Exclusivity", rule_id="x.one", span=(60, 90), excerpt="off gold"),
            Prediction(category="Exclusivity", rule_id="x.two", span=(10, 20), excerpt="on gold"))),
        ContractOutcome(id="b", path="b.txt", gold={"Exclusivity": ()}, predictions=(
            Prediction(category="Exclusivity", rule_id="x.two", span=(0, 10), excerpt="fp"),)),
    ]
    result = score(contracts, outcomes, ["Exclusivity"])
    got = [(r.rule_id, r.contracts, r.contracts_gold, r.findings, r.findings_on_gold) for r in result.rules]
    assert got == [("x.one", 1, 1, 2, 1), ("x.two", 2, 1, 2, 1)]
    assert (result.rules[1].precision, result.rules[0].clause_precision) == (0.5, 0.5)
    assert "| x.two | Exclusivity | 2 | 1 | 0.50 | 2 | 0.50 |" in to_markdown(result)
    assert "x.two" not in to_markdown(result, per_rule=False)


def test_benchmark_replaces_only_the_marked_readme_block(tmp_path: Path) -> None:
    import importlib.util

    script = Path(__file__).parents[1] / "benchmarks" / "accuracy.py"
    spec = importlib.util.spec_from_file_location("accuracy", script)
    assert spec and spec.loader
    accuracy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(accuracy)
    readme = tmp_path / "README.md"
    readme.write_text("# x\n<!-- accuracy:start -->\nold\n<!-- accuracy:end -->\ntail\n")
    assert accuracy.update_readme(readme, "See [d](../docs/labels-format.md).\n| a |\n")
    assert readme.read_text() == ("# x\n<!-- accuracy:start -->\nSee [d](docs/labels-format.md).\n| a |\n"
                                  "<!-- accuracy:end -->\ntail\n")
    readme.write_text("no markers\n")
    assert not accuracy.update_readme(readme, "t") and readme.read_text() == "no markers\n"


DEV_LABELS = Path(__file__).resolve().parents[2] / "shared" / "cuad-dev" / "labels.jsonl"


@pytest.mark.slow
@pytest.mark.skipif(not DEV_LABELS.is_file(), reason="CUAD dev set not available")
def test_full_dev_eval_with_real_engine(capsys: pytest.CaptureFixture[str]) -> None:
    # Its wall time (target: 3 minutes on 2 cores) is measured by benchmarks/accuracy.py, not asserted here.
    code, out, err = _cli(["eval", str(DEV_LABELS), "-f", "json", "-j", "2"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert (data["contracts"], data["reviewed"], data["skipped"]) == (304, 304, [])
    cats = {c["category"]: c for c in data["categories"]}
    # every category a rule reaches is measured on real positives, and every figure is defined
    for name in ("Exclusivity", "Renewal Term", "Termination For Convenience"):
        assert cats[name]["tp"] + cats[name]["fn"] > 50 and cats[name]["f1"] is not None
    assert {e["field"] for e in data["extraction"]} == {
        "initial_term_months", "renewal_term_months", "renewal_notice_days"}
    assert next(e for e in data["extraction"] if e["field"] == "initial_term_months")["stated"] == 120


def test_cli_category_filter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    _fake_engine(monkeypatch)
    labels = _corpus(tmp_path)
    code, out, _ = _cli(["eval", str(labels), "-f", "json", "-j", "1", "--category", "Renewal Term"], capsys)
    assert code == 0
    data = json.loads(out)
    assert [c["category"] for c in data["categories"]] == ["Renewal Term"]
    assert [r["rule_id"] for r in data["rules"]] == ["fake.renewal"]
    code, _, err = _cli(["eval", str(labels), "--category", "Governing Law"], capsys)
    assert code == 2
    assert err.strip() == ("error: no rule is labelled cuad:Governing Law "
                           "(categories the rules reach: Exclusivity, Renewal Term)")


def test_progress_reports_every_contract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clausecheck.evaluate import evaluate

    _fake_engine(monkeypatch)
    seen: list[tuple[int, int]] = []
    result = evaluate(_corpus(tmp_path), jobs=2, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)] and result.reviewed == 2


def test_pdf_flag_picks_the_pdf_where_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    _fake_engine(monkeypatch)
    (tmp_path / "a.txt").write_text("1. Plain text.\n", encoding="utf-8")
    (tmp_path / "a.pdf").write_text("1. The exclusive supplier.\n", encoding="utf-8")  # fake reader: text
    (tmp_path / "b.pdf").write_text("1. The exclusive dealer.\n", encoding="utf-8")
    lines = [_labels_line(id="a", txt="a.txt", pdf="a.pdf"), _labels_line(id="b", txt=None, pdf="b.pdf")]
    (tmp_path / "l.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for flags, fired in (([], 1), (["--pdf"], 2)):   # b has only a PDF, so it is always read
        code, out, _ = _cli(["eval", str(tmp_path / "l.jsonl"), "-f", "json", "-j", "1", *flags], capsys)
        [ex] = [c for c in json.loads(out)["categories"] if c["category"] == "Exclusivity"]
        assert code == 0 and ex["fp"] == fired
