"""Reading the news end to end: extract, ingest (with de-duplication), review into the ledger."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SEED = Path(__file__).parent / "fixtures" / "extract" / "seed-article.txt"

STORY = (
    "Group joins Syrian ceasefire\n\n"
    "Jaysh al-Islam joined the nationwide ceasefire on 30 December 2016, the Russian Defence Ministry "
    "said on Saturday. The ministry said the group had signed the agreement in Ankara together with "
    "six other armed opposition factions, and that the truce covered all of Syria except areas held "
    "by groups designated as terrorist by the UN Security Council. Monitors reported that the night "
    "was calm in most of the country, with isolated violations recorded in Hama and Idlib provinces. "
    "Turkish officials said they expected more groups to sign up in the coming days.\n"
)


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_extract_json_has_the_documented_shape_and_drops_the_comment_form(cli) -> None:
    r = cli("extract", str(SEED), "--date", "2017-04-05", "--json")
    assert r.code == 0, r.err
    d = r.json()
    assert set(d) >= {"title", "published", "text", "actors", "quotes", "places", "events"}
    assert "Leave a Reply" not in d["text"]
    assert d["published"] == "2017-04-05"
    for a in d["actors"]:
        for m in a["mentions"]:
            assert d["text"][m["start"] : m["end"]] == m["text"]
    for e in d["events"]:
        ev = e["evidence"]
        assert d["text"][ev["start"] : ev["end"]] == ev["text"]
    assert {q["speaker"] for q in d["quotes"]} == {"Sergey Lavrov"}


def test_extract_batch_keeps_input_order_and_reports_bad_lines(cli, tmp_path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": "Warplanes struck Douma on Tuesday, killing six civilians."})
        + "\n"
        + "this is not json\n"
        + json.dumps(
            {"id": "b", "text": "Ahrar al-Sham joined the ceasefire.", "date": "2016-12-31"}
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    r = cli("extract", "--batch", str(src), "--out", str(out))
    assert r.code == 1
    assert "line 2" in r.err
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["a", None, "b"]
    assert lines[1]["error"]
    assert lines[2]["published"] == "2016-12-31"
    assert cli("extract", "--batch", str(src), "--out", str(out), "--skip-bad").code == 0


@pytest.fixture
def curated_db(cli, tmp_path) -> str:
    db = str(tmp_path / "news.db")
    assert cli("reference", "load", "syria-2016", "--db", db).code == 0
    return db


def test_ingesting_the_same_file_twice_adds_nothing(cli, curated_db, tmp_path) -> None:
    src = write_jsonl(
        tmp_path / "news.jsonl", [{"id": "s1", "text": STORY, "url": "https://example.org/a"}]
    )
    first = cli("ingest", str(src), "--db", curated_db, "--json").json()
    assert first["new documents"] == 1 and first["review candidates"] > 0
    pending = cli("review", "list", "--json", "--limit", "1000", "--db", curated_db).json()
    again = cli("ingest", str(src), "--db", curated_db, "--json").json()
    assert again["new documents"] == 0 and again["exact duplicates"] == 1
    assert cli("review", "list", "--json", "--limit", "1000", "--db", curated_db).json() == pending


def test_a_reprint_of_a_known_story_becomes_a_corroborating_source(
    cli, curated_db, tmp_path
) -> None:
    original = write_jsonl(
        tmp_path / "a.jsonl", [{"id": "wire", "text": STORY, "url": "https://wire.example/1"}]
    )
    reprint_text = "EXCLUSIVE: " + STORY.replace("on Saturday", "on Saturday evening")
    reprint = write_jsonl(
        tmp_path / "b.jsonl",
        [{"id": "paper", "text": reprint_text, "url": "https://paper.example/9"}],
    )
    cli("ingest", str(original), "--db", curated_db)
    r = cli("ingest", str(reprint), "--db", curated_db, "--json").json()
    assert r["near duplicates (corroborating sources)"] == 1 and r["new documents"] == 0
    [cand] = cli("review", "list", "--json", "--limit", "1", "--db", curated_db).json()
    shown = cli("review", "show", str(cand["id"]), "--json", "--db", curated_db).json()
    assert [(s["relation"], s["url"]) for s in shown["sources"]] == [
        ("original", "https://wire.example/1"),
        ("near_duplicate", "https://paper.example/9"),
    ]


def test_accepting_a_join_candidate_appends_a_sourced_ledger_entry(
    cli, curated_db, tmp_path
) -> None:
    src = write_jsonl(
        tmp_path / "n.jsonl",
        [{"id": "s1", "text": STORY, "url": "https://example.org/join", "date": "2016-12-31"}],
    )
    cli("ingest", str(src), "--db", curated_db)
    events = cli(
        "review", "list", "--kind", "event", "--json", "--limit", "1000", "--db", curated_db
    ).json()
    joins = [c for c in events if c["type"] == "truce.joined" and "Jaysh al-Islam" in c["summary"]]
    assert joins, [c["summary"] for c in events]
    shown = cli("review", "show", str(joins[0]["id"]), "--json", "--db", curated_db).json()
    assert "Jaysh al-Islam joined" in shown["context"]["evidence"]
    before = cli("truce", "history", "Jaysh al-Islam", "--json", "--db", curated_db).json()
    r = cli(
        "review",
        "accept",
        str(joins[0]["id"]),
        "--truce",
        "2",
        "--asserted-by",
        "Russian Ministry of Defence",
        "--db",
        curated_db,
        "--json",
    )
    assert r.code == 0, r.err
    assert r.json()["result"].startswith("ledger_entry:")
    after = cli("truce", "history", "Jaysh al-Islam", "--json", "--db", curated_db).json()
    new = [e for t in after["truces"] for e in t["entries"]]
    old = [e for t in before["truces"] for e in t["entries"]]
    [added] = [e for e in new if e["entry_id"] not in {o["entry_id"] for o in old}]
    assert added["effective"] == "2016-12-30"
    assert added["sources"][0]["url"] == "https://example.org/join"
    assert added["asserted_by"] == "Ministry of Defence of the Russian Federation"
    again = cli("review", "accept", str(joins[0]["id"]), "--truce", "2", "--db", curated_db)
    assert again.code == 1 and "already accepted" in again.err


def test_rejecting_needs_a_pending_candidate(cli, curated_db, tmp_path) -> None:
    src = write_jsonl(tmp_path / "n.jsonl", [{"id": "s1", "text": STORY}])
    cli("ingest", str(src), "--db", curated_db)
    [c] = cli("review", "list", "--json", "--limit", "1", "--db", curated_db).json()
    assert cli("review", "reject", str(c["id"]), "--note", "noise", "--db", curated_db).code == 0
    assert (
        cli("review", "list", "--status", "rejected", "--json", "--db", curated_db).json()[0]["id"]
        == c["id"]
    )
    r = cli("review", "reject", "999999", "--db", curated_db)
    assert r.code == 1 and "No candidate matches '999999'" in r.err


def test_ingest_reports_unreadable_files_and_goes_on(cli, curated_db, tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(STORY, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02garbage\x00")
    r = cli("ingest", str(folder), "--db", curated_db, "--json")
    assert r.code == 1
    data = json.loads(r.out)
    assert data["new documents"] == 1 and data["unreadable"] == 2
    assert cli("ingest", str(folder), "--db", curated_db, "--skip-bad").code == 0


def test_dask_cluster_gives_the_same_extraction_as_the_local_runner() -> None:
    from dask import distributed  # a dev dependency: the test must run, not skip

    from trucewatch.ingest.runners import DaskRunner, ExtractSpec, LocalRunner

    corpus = (
        Path(__file__).resolve().parent.parent
        / "src"
        / "trucewatch"
        / "data"
        / "demo-corpus"
        / "kremlin-en"
    )
    rows = [
        json.loads(line)
        for line in next(corpus.glob("*.jsonl")).read_text(encoding="utf-8").splitlines()[:12]
    ]
    items = [{"text": r["text"], "title": r["title"], "published": r["date"]} for r in rows]
    # A registry-style gazetteer, as `ingest --db` sends: its entries reach the workers pickled.
    from trucewatch.extract.pipeline import load_gazetteer_file

    actors, truces = load_gazetteer_file(corpus.parents[1] / "syria-2016.json")
    spec = ExtractSpec.of(actors, truces)
    local = list(LocalRunner().run(spec, items))
    assert local and any(a["resolved"] for r in local for a in r["actors"])
    assert list(LocalRunner(workers=2, batch_size=5).run(spec, items)) == local
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = list(DaskRunner(client=client, batch_size=5).run(spec, items))
    assert remote == local


STRIKES = (
    "Coalition strikes in Syria on 2 March 2016\n\n"
    "- Near Manbij, four strikes struck four separate ISIL tactical units and destroyed an ISIL building.\n"
    "- Near Al Hawl, one strike struck an ISIL tactical unit and destroyed two ISIL fighting positions.\n"
)


def test_accepting_strike_candidates_files_incidents_with_evidence(
    cli, curated_db, tmp_path
) -> None:
    src = write_jsonl(
        tmp_path / "s.jsonl",
        [
            {
                "id": "r1",
                "text": STRIKES,
                "date": "2016-03-02",
                "url": "https://example.mil/releases",
                "source": "CJTF-OIR strike release",
            }
        ],
    )
    cli("ingest", str(src), "--db", curated_db)
    r = cli(
        "review",
        "accept-matching",
        "--type",
        "violence.air_strike",
        "--publisher",
        "cjtf-oir",
        "--perpetrator",
        "US-led coalition",
        "--asserted-by",
        "US-led coalition",
        "--json",
        "--db",
        curated_db,
    )
    assert r.code == 0, r.err
    data = r.json()
    assert data["accepted"] >= 2 and data["skipped"] == []
    incidents = cli("incident", "list", "--json", "--db", curated_db).json()
    manbij = [i for i in incidents if "Manbij" in json.dumps(i)]
    assert len(manbij) == 1, incidents
    shown = cli("incident", "show", str(manbij[0]["id"]), "--json", "--db", curated_db).json()
    text = json.dumps(shown)
    assert "Combined Joint Task Force" in text
    assert "Near Manbij, four strikes struck" in text
    assert "https://example.mil/releases" in text


def test_an_accepted_event_keeps_the_story_counts_with_their_bounds(
    cli, curated_db, tmp_path
) -> None:
    text = (
        "Air strikes on Douma kill 12 civilians Monday 9 Feb 2015 Government air strikes on the "
        "town of Douma killed at least 12 civilians on Monday a monitor said."
    )
    src = write_jsonl(
        tmp_path / "d.jsonl",
        [{"id": "d1", "text": text, "date": "2015-02-09", "source": "Monitor wire"}],
    )
    cli("ingest", str(src), "--db", curated_db)
    r = cli(
        "review", "accept-matching", "--type", "violence.air_strike", "--publisher",
        "Monitor", "--perpetrator", "Syrian Arab Army", "--json", "--db", curated_db,
    )  # fmt: skip
    assert r.code == 0, r.err
    assert r.json()["accepted"] == 1  # the headline and the lead are one event
    (incident,) = cli("incident", "list", "--json", "--db", curated_db).json()
    shown = cli("incident", "show", str(incident["id"]), "--json", "--db", curated_db).json()
    fatalities = [c["fatalities"] for c in shown["claims"]]
    assert fatalities == [{"low": 12, "best": 12, "high": None, "by_category": {"civilians": 12}}]


def test_a_source_can_be_named_by_id(cli, curated_db) -> None:
    r = cli(
        "truce",
        "join",
        "2",
        "Jaysh al-Islam",
        "--date",
        "2017-01-02",
        "--source",
        "source:1",
        "--db",
        curated_db,
        "--json",
    )
    assert r.code == 0, r.err
    bad = cli(
        "truce",
        "join",
        "2",
        "Jaysh al-Islam",
        "--date",
        "2017-01-02",
        "--source",
        "source:999999",
        "--db",
        curated_db,
    )
    assert bad.code == 1 and "No source matches 'source:999999'" in bad.err


@pytest.mark.parametrize(
    "sentence",
    [
        "The Russian Defence Ministry said Jaysh al-Islam joined the nationwide ceasefire on "
        "30 December 2016.",
        "Jaysh al-Islam joined the nationwide ceasefire on 30 December 2016, the Russian "
        "Defence Ministry said.",
    ],
)
def test_accepting_without_actor_records_the_subject_according_to_the_claimant(
    cli, curated_db, tmp_path, sentence
) -> None:
    src = write_jsonl(
        tmp_path / "m.jsonl",
        [{"id": "m1", "text": sentence, "url": "https://example.org/m", "date": "2016-12-31"}],
    )
    cli("ingest", str(src), "--db", curated_db)
    events = cli(
        "review", "list", "--kind", "event", "--json", "--limit", "1000", "--db", curated_db
    ).json()
    [cand] = [c for c in events if c["type"] == "truce.joined" and c["status"] == "pending"]
    before = cli("truce", "history", "Jaysh al-Islam", "--json", "--db", curated_db).json()
    r = cli("review", "accept", str(cand["id"]), "--truce", "2", "--db", curated_db, "--json")
    assert r.code == 0, r.err
    after = cli("truce", "history", "Jaysh al-Islam", "--json", "--db", curated_db).json()
    old = {e["entry_id"] for t in before["truces"] for e in t["entries"]}
    [added] = [e for t in after["truces"] for e in t["entries"] if e["entry_id"] not in old]
    assert added["asserted_by"] == "Ministry of Defence of the Russian Federation"
    ministry = cli(
        "truce", "history", "Ministry of Defence of the Russian Federation", "--json",
        "--db", curated_db,
    ).json()  # fmt: skip
    assert all(e["entry_id"] != added["entry_id"] for t in ministry["truces"] for e in t["entries"])


@pytest.mark.parametrize("skip_bad", [True, False])
def test_a_deeply_nested_line_does_not_stop_the_good_documents_being_stored(
    cli, curated_db, tmp_path, skip_bad
) -> None:
    src = tmp_path / "news.jsonl"
    src.write_bytes(
        json.dumps({"id": "s1", "text": STORY}).encode() + b"\n"
        + b'{"text": ' + b"[" * 100_000 + b"\n"
        + json.dumps({"id": "s2", "text": SEED.read_text(encoding="utf-8")}).encode() + b"\n"
    )  # fmt: skip
    flags = ["--skip-bad"] if skip_bad else []
    r = cli("ingest", str(src), "--db", curated_db, "--json", *flags)
    assert r.code == (0 if skip_bad else 1)
    assert "Traceback" not in r.err
    summary = r.json()
    assert (summary["new documents"], summary["unreadable"]) == (2, 1)
    assert "line 2" in summary["problems"][0] and "nested too deeply" in summary["problems"][0]
    again = cli("ingest", str(src), "--db", curated_db, "--json", "--skip-bad").json()
    assert again["exact duplicates"] == 2


def test_a_document_over_the_size_cap_is_refused_naming_the_file(
    cli, tmp_path, monkeypatch
) -> None:
    big = tmp_path / "big.txt"
    big.write_text(STORY * 20, encoding="utf-8")
    monkeypatch.setenv("TRUCEWATCH_MAX_DOCUMENT_BYTES", "4096")
    r = cli("extract", str(big))
    assert r.code == 1
    assert str(big) in r.err and "over the limit of 4,096" in r.err
    assert "TRUCEWATCH_MAX_DOCUMENT_BYTES" in r.err and "Traceback" not in r.err
    assert cli("extract", str(big), "--max-document-bytes", str(10**6)).code == 0
    lines = tmp_path / "news.jsonl"
    write_jsonl(lines, [{"id": "a", "text": STORY}, {"id": "b", "text": STORY * 20}])
    r = cli("extract", "--batch", str(lines), "--skip-bad")
    out = [json.loads(line) for line in r.out.splitlines()]
    assert [o["id"] for o in out] == ["a", None]
    assert "line 2" in out[1]["error"] and "over the limit" in out[1]["error"]
