"""Every fact of the two seed documents is in data/, with its value and a seed among its sources.

The table below is the checklist: (record id, field path, expected value, seed file). A path
walks attributes and list positions (`countries.5.status`); `*` collects a field across a
list (`bodies.*.id`). SEED_000 is the ASEAN page on sectoral bodies, SEED_003 the ASEAN-ACT
fact sheet on Cambodia.
"""

from __future__ import annotations

from typing import Any

import pytest

from aseanct.model.registry import Registry

SEED_000 = "seed-asean-sectoral-bodies"
SEED_003 = "seed-aseanact-cambodia"

SEED_FACTS: list[tuple[str, str, Any, str]] = [
    # --- 000: the bodies and their hierarchy
    ("ammtc", "acronyms.0", "AMMTC", SEED_000),
    ("somtc", "parent.id", "ammtc", SEED_000),
    ("somtc", "parent.relation", "subsidiary-of", SEED_000),
    ("dgicm", "parent.id", "ammtc", SEED_000),
    (
        "dgicm",
        "name",
        "ASEAN Directors-General of Immigration Departments and Heads of "
        "Consular Affairs Divisions of Ministries of Foreign Affairs Meeting",
        SEED_000,
    ),
    ("arf", "name", "ASEAN Regional Forum", SEED_000),
    ("arf", "parent.id", "asean", SEED_000),
    ("somtc-wg-tip", "name", "SOMTC Working Group on Trafficking in Persons", SEED_000),
    ("somtc-wg-tip", "acronyms", ("WG on TIP", "SOMTC WG on TIP"), SEED_000),
    ("somtc-wg-tip", "parent.id", "somtc", SEED_000),
    ("somtc-wg-tip", "related.*.id", ["actip", "apa"], SEED_000),
    ("hsu-tip", "acronyms", ("HSU",), SEED_000),
    ("hsu-tip", "established.date", "2004", SEED_000),
    ("hsu-tip", "parent.id", "somtc", SEED_000),
    ("hsu-people-smuggling", "name", "Heads of Specialist Unit on People Smuggling", SEED_000),
    ("hsu-people-smuggling", "acronyms", ("HSU",), SEED_000),
    ("hsu-people-smuggling", "established.date", "2023", SEED_000),
    ("hsu-people-smuggling", "parent.id", "dgicm", SEED_000),
    ("hsu-people-smuggling", "related.0.id", "hsu-tip", SEED_000),
    ("hsu-people-smuggling", "related.0.relation", "works-in-tandem-with", SEED_000),
    ("hsu-people-smuggling", "related.0.text", "envisioned to", SEED_000),
    # --- 000: pillars of the ten Work Plan bodies
    ("somtc", "pillar.id", "apsc", SEED_000),
    ("dgicm", "pillar.id", "apsc", SEED_000),
    ("aichr", "pillar.id", "apsc", SEED_000),
    ("aslom", "pillar.id", "apsc", SEED_000),
    ("som-mlat", "pillar.id", "apsc", SEED_000),
    ("acwc", "pillar.id", "ascc", SEED_000),
    ("slom", "pillar.id", "ascc", SEED_000),
    ("som-ed", "pillar.id", "ascc", SEED_000),
    ("somhd", "pillar.id", "ascc", SEED_000),
    ("somswd", "pillar.id", "ascc", SEED_000),
    ("aichr", "name", "ASEAN Intergovernmental Commission on Human Rights", SEED_000),
    ("aslom", "name", "ASEAN Senior Law Officials Meeting", SEED_000),
    (
        "acwc",
        "name",
        "ASEAN Commission on the Promotion and Protection of the Rights of Women and Children",
        SEED_000,
    ),
    ("slom", "name", "ASEAN Senior Labour Officials Meeting", SEED_000),
    ("som-ed", "name", "ASEAN Senior Officials Meeting on Education", SEED_000),
    ("somhd", "name", "ASEAN Senior Officials Meeting on Health Development", SEED_000),
    (
        "somswd",
        "name",
        "ASEAN Senior Officials Meeting on Social Welfare and Development",
        SEED_000,
    ),
    (
        "som-mlat",
        "aliases.0.name",
        "Senior Officials Meeting of the Central Authorities on "
        "Mutual Legal Assistance in Criminal Matters",
        SEED_000,
    ),
    ("apsc", "aliases.0.name", "ASEAN Political Security Community", SEED_000),
    ("ascc", "name", "ASEAN Socio-Cultural Community", SEED_000),
    # --- 000: the Work Plan 2023-2028
    ("work-plan-2023-2028", "lead.id", "somtc", SEED_000),
    ("work-plan-2023-2028", "start_date.date", "2023", SEED_000),
    ("work-plan-2023-2028", "end_date.date", "2028", SEED_000),
    (
        "work-plan-2023-2028",
        "bodies.*.id",
        [
            "somtc",
            "dgicm",
            "aichr",
            "aslom",
            "som-mlat",
            "acwc",
            "slom",
            "som-ed",
            "somhd",
            "somswd",
        ],
        SEED_000,
    ),
    (
        "work-plan-2023-2028",
        "aliases.0.name",
        "ASEAN Multi-Sectoral Work Plan Against TIP 2023-2028",
        SEED_000,
    ),
    # --- 000: people smuggling, the areas of cooperation, the Trust Fund
    ("people-smuggling", "part_of.id", "ammtc-areas-of-cooperation", SEED_000),
    ("people-smuggling", "facts.0.date", "2015", SEED_000),
    ("ammtc-areas-of-cooperation", "items.9.name", "people smuggling", SEED_000),
    ("tip", "acronyms", ("TIP",), SEED_000),
    ("actip", "acronyms", ("ACTIP",), SEED_003),
    ("apa", "acronyms", ("APA",), SEED_000),
    ("irregular-movement-of-persons", "aliases.0.name", "irregular movement of people", SEED_000),
    ("emergency-ammtc-2015", "acronyms", ("EAMMTC",), SEED_000),
    ("emergency-ammtc-2015", "date", "2015-07-02", SEED_000),
    (
        "emergency-ammtc-2015",
        "related.*.id",
        ["ammtc", "trust-fund", "irregular-movement-of-persons"],
        SEED_000,
    ),
    ("trust-fund-tor-adopted", "date", "2016", SEED_000),
    ("trust-fund-tor-adopted", "related.*.id", ["trust-fund-tor", "trust-fund", "somtc"], SEED_000),
    ("trust-fund-tor", "part_of.id", "trust-fund", SEED_000),
    # --- 000: Australia's consecutive programmes since 2003
    ("arcppt", "name", "Asia Regional Cooperation to Prevent People Trafficking", SEED_000),
    ("artip", "name", "Asia Regional Trafficking in Persons Project", SEED_000),
    ("artip", "aliases.0.name", "Asia Regional Trafficking in Person Project", SEED_000),
    ("aaptip", "name", "Australia-Asia Program to Combat Trafficking in Persons", SEED_000),
    ("aip", "name", "ACTIP Implementation Project", SEED_000),
    ("aip", "related.0.id", "aaptip", SEED_000),
    ("aip", "related.0.relation", "listed-after", SEED_000),
    ("asean-act", "acronyms", ("ASEAN-ACT", "ACT"), SEED_000),
    ("artip", "predecessor.id", "arcppt", SEED_000),
    ("aaptip", "predecessor.id", "artip", SEED_000),
    ("australia", "kind", "ASEAN Dialogue Partner", SEED_000),
    # --- 003: ASEAN-ACT
    ("asean-act", "name", "ASEAN-Australia Counter Trafficking", SEED_003),
    ("asean-act", "start_date.date", "2018", SEED_003),
    ("asean-act", "end_date.date", "2028", SEED_003),
    ("asean-act", "budget.amount", 80_000_000, SEED_003),
    ("asean-act", "budget.currency", "AUD", SEED_003),
    ("asean-act", "budget.as_written", "$A80 million", SEED_003),
    ("asean-act", "funder.id", "australia", SEED_003),
    ("asean-act", "implementers.0.id", "dt-global", SEED_003),
    (
        "asean-act",
        "countries.*.id",
        ["cambodia", "lao-pdr", "philippines", "thailand", "viet-nam", "indonesia", "myanmar"],
        SEED_003,
    ),
    (
        "asean-act",
        "countries.*.status",
        ["active"] * 5 + ["being established", "on hold"],
        SEED_003,
    ),
    (
        "asean-act",
        "pathways.*.name",
        [
            "Enhancing regional-level capacity",
            "Enhancing national-level capacity",
            "Developing inclusive public policy and dialogue",
        ],
        SEED_003,
    ),
    (
        "asean-act",
        "outcome_areas.*.name",
        [
            "Justice outcomes",
            "Victim rights, and gender equality and social inclusion outcomes",
            "Partnerships",
        ],
        SEED_003,
    ),
    ("asean-act-rpsc", "parent.id", "asean-act", SEED_003),
    ("asean-act-rpsc", "parent.relation", "governs", SEED_003),
    ("asean-act", "related.*.id", ["actip", "somtc", "lead-shepherd-tip"], SEED_003),
    ("asean-act-rpsc", "acronyms", ("RPSC",), SEED_003),
    ("asean-act-rpsc", "name", "Regional Program Steering Committee", SEED_003),
    (
        "asean-act-rpsc",
        "related.*.relation",
        ["co-chaired-by", "co-chaired-by"],
        SEED_003,
    ),
    (
        "asean-act-rpsc",
        "related.0.text",
        "the Lead Shepherd on Trafficking in Persons from SOMTC",
        SEED_003,
    ),
    ("asean-act-rpsc", "related.1.text", "a senior Australian DFAT representative", SEED_003),
    ("asean-act-rpsc", "members.*.id", ["asean-secretariat"], SEED_003),
    (
        "asean-act-rpsc",
        "facts.0.text",
        "Members are drawn from all 10 ASEAN Member States and the ASEAN Secretariat.",
        SEED_003,
    ),
    ("dfat", "acronyms", ("DFAT",), SEED_003),
    ("dfat", "name", "Australian Department of Foreign Affairs and Trade", SEED_003),
    ("dt-global", "name", "DT Global", SEED_003),
    ("somtc", "aliases.0.name", "ASEAN Senior Officials Meeting on Transnational Crime", SEED_003),
    (
        "actip",
        "aliases.0.name",
        "ASEAN Convention against Trafficking in Persons, Especially Women and Children",
        SEED_003,
    ),
    # --- 003: Cambodia
    ("cambodia", "programmes.0.id", "asean-act", SEED_003),
    ("cambodia", "programmes.0.figures.0.value", 35, SEED_003),
    ("cambodia", "programmes.0.figures.1.value", 1038, SEED_003),
    ("cambodia", "programmes.0.figures.1.women_pct", 35, SEED_003),
    ("cambodia", "programmes.0.figures.1.men_pct", 65, SEED_003),
    ("cambodia", "programmes.0.figures.2.value", 10, SEED_003),
    ("cambodia", "programmes.0.figures.3.value", 328, SEED_003),
    ("cambodia", "programmes.0.figures.3.women_pct", 34, SEED_003),
    ("cambodia", "programmes.0.figures.3.men_pct", 66, SEED_003),
    (
        "cambodia",
        "programmes.0.focal_point.text",
        "Director General of Prosecution and Criminal Affairs, Ministry of Justice",
        SEED_003,
    ),
    ("cambodia", "programmes.0.focal_point.body", "cambodia-ministry-of-justice", SEED_003),
    (
        "cambodia",
        "programmes.0.partners.*.id",
        [
            "cambodian-national-police",
            "lscw",
            "cambodia-ministry-of-justice",
            "cambodia-ministry-of-interior",
            "mosvy",
            "ncct",
            "rajp",
        ],
        SEED_003,
    ),
    ("cambodia", "programmes.0.achievements.1.figures.0.value", 22, SEED_003),
    ("cambodia", "programmes.0.achievements.1.figures.0.women", 7, SEED_003),
    ("cambodia", "programmes.0.achievements.1.figures.0.men", 15, SEED_003),
    ("cambodia", "programmes.0.achievements.2.figures.0.value", 2, SEED_003),
    ("cambodia", "programmes.0.achievements.3.figures.0.value", 2, SEED_003),
    ("cambodia", "programmes.0.achievements.6.figures.0.value", 119, SEED_003),
    ("cambodia", "programmes.0.achievements.6.figures.0.women", 34, SEED_003),
    ("cambodia", "programmes.0.achievements.6.figures.0.men", 85, SEED_003),
    ("cambodia", "programmes.0.achievements.8.figures.0.value", 2, SEED_003),
    ("cambodia", "programmes.0.achievements.8.date", "2022", SEED_003),
    (
        "cambodia",
        "programmes.0.achievements.8.partners",
        ("ncct", "cambodia-ngo-technical-working-group", "forum-migrant-labour-human-trafficking"),
        SEED_003,
    ),
    ("cambodia", "programmes.0.achievements.7.partners", ("lscw",), SEED_003),
    ("ncct", "name", "National Committee for Counter Trafficking", SEED_003),
    ("ncct", "aliases.0.name", "National Committee to Counter Trafficking", SEED_003),
    ("lscw", "acronyms", ("LSCW",), SEED_003),
    ("mosvy", "name", "Ministry of Social Affairs, Veterans and Youth Rehabilitation", SEED_003),
    ("rajp", "name", "Royal Academy for Judicial Professions", SEED_003),
    ("cambodian-national-police", "name", "Cambodian National Police", SEED_003),
    ("cambodia-ministry-of-interior", "name", "Ministry of Interior", SEED_003),
    ("cambodia-ngo-technical-working-group", "kind", "forum", SEED_003),
    (
        "forum-migrant-labour-human-trafficking",
        "name",
        "Forum on Migrant Labour and Human Trafficking",
        SEED_003,
    ),
]


def get(value: Any, path: str) -> Any:
    """Walk `path` (dots; digits index lists; `*` maps over a list) from `value`."""
    parts = path.split(".")
    for position, part in enumerate(parts):
        if part == "*":
            rest = ".".join(parts[position + 1 :])
            return [get(item, rest) if rest else item for item in value]
        value = value[int(part)] if part.isdigit() else getattr(value, part)
    return value


def cited(record: Any, path: str) -> set[str]:
    """The sources of the statement at `path`: those of the deepest object on the path that
    cites its own (every item, for `*`); the record's only for its own identity fields (name,
    acronyms, kind). Nothing inherits: a statement that cites no source cites none."""
    sources: set[str] = set(record.sources)
    current = record
    for part in path.split("."):
        if part == "*":
            found: set[str] = set()
            for item in current:
                found |= set(getattr(item, "sources", ()))
            return found or sources
        current = current[int(part)] if part.isdigit() else getattr(current, part)
        own = getattr(current, "sources", None)
        if own:
            sources = set(own)
    return sources


@pytest.mark.parametrize(("record_id", "path", "expected", "seed"), SEED_FACTS)
def test_seed_fact_is_in_the_data(
    shipped: Registry, record_id: str, path: str, expected: Any, seed: str
) -> None:
    record = shipped.by_id[record_id]
    assert get(record, path) == expected
    assert seed in cited(record, path), f"{record_id}.{path} does not cite {seed}"


def test_programmes_keep_the_seed_order(shipped: Registry) -> None:
    from aseanct.hierarchy import programme_sequence

    assert [p.id for p in programme_sequence(shipped)] == [
        "arcppt",
        "artip",
        "aaptip",
        "aip",
        "asean-act",
    ]
    # The seed lists AIP between AAPTIP and ASEAN-ACT; AAPTIP's own site and DFAT say
    # ASEAN-ACT followed AAPTIP, and no source says what AIP followed.
    assert [s.id for s in shipped.successors_of("aaptip")] == ["asean-act"]
    assert shipped.successors_of("aip") == ()
