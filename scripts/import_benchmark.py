"""How long importing a typical 三定 regulation takes (issue 15's target: under 1 s, validation
included), on the configured Neo4j with the seed loaded (`orggraph seed`).

    .venv/bin/python scripts/import_benchmark.py [--duties 30] [--sections 10] [--rounds 20]

It writes a regulation in the genre's structure for a new body of 张掖市 with that many duties
and sections and two transfers in, then times, interleaved per round:
- read: the text into a proposal (no database);
- dry run: the names query, resolution, planning and the request's validation;
- apply: the same recorded through the curation write path (one transaction), then retracted
  (the retraction is not timed), so every round writes the same event.
Prints p50 / p95 / max of each. Figures are printed, not asserted: this is a measurement.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph_service.auth import Principal  # noqa: E402
from graph_service.config import Role, load_settings  # noqa: E402
from graph_service.curation.service import retract_event  # noqa: E402
from graph_service.db.database import Database  # noqa: E402
from graph_service.textimport.service import import_text, read_text  # noqa: E402
from graph_service.textimport.structure import to_chinese  # noqa: E402

OPERATOR = Principal(name="benchmark", role=Role.ADMIN)


def regulation(duties: int, sections: int) -> str:
    lines = [
        "张掖市基准测试局职能配置、内设机构和人员编制规定",
        "",
        "第一条　根据《张掖市机构改革方案》，制定本规定。",
        "第二条　张掖市基准测试局是市人民政府工作部门，为正县级，加挂张掖市基准中心牌子。",
        "第三条　将市发展和改革委员会的统筹推进数字经济发展职责，市政府办公室的政务数据管理职责，划入市基准测试局。",
        "第四条　市基准测试局贯彻落实党中央的方针政策和决策部署。主要职责是：",
    ]
    fields = ["统计", "应急管理", "自然资源", "生态环境", "交通运输", "审计", "档案", "信访"]
    for n in range(1, duties + 1):
        lines.append(f"（{to_chinese(n)}）负责第{n}项{fields[n % len(fields)]}有关工作，组织实施相关规划并监督检查。")
    lines.append("第五条　市基准测试局设下列内设机构：")
    for n in range(1, sections + 1):
        lines.append(f"（{to_chinese(n)}）第{to_chinese(n)}科。承担第{n}方面的具体工作，协调推进有关事项。")
    lines += [
        "第六条　市基准测试局机关行政编制30名。设局长1名，副局长3名。",
        "第七条　本规定自2025年6月1日起施行。",
    ]
    return "\n".join(lines)


def summary(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    p50, worst = statistics.median(ordered), ordered[-1]
    return f"{name:10} p50 {p50 * 1000:8.1f} ms   p95 {p95 * 1000:8.1f} ms   max {worst * 1000:8.1f} ms"


async def main(duties: int, sections: int, rounds: int) -> None:
    text = regulation(duties, sections)
    db = Database.from_settings(load_settings())
    catalogue = {"statistics": "统计", "emergency_management": "应急管理", "natural_resources": "自然资源"}
    timings: dict[str, list[float]] = {"read": [], "dry run": [], "apply": []}
    try:
        proposal = read_text(text, "sanding", catalogue)
        print(
            f"a regulation of {len(text):,} characters: {len(proposal.duties)} duties, "
            f"{len(proposal.sections)} sections, {len(proposal.transfers)} transfers"
        )
        for round_ in range(rounds + 1):  # the first round warms Neo4j and Python up; not counted
            started = time.perf_counter()
            read_text(text, "sanding", catalogue)
            read = time.perf_counter() - started
            options = {"jurisdiction": "620700", "kind": "sanding", "principal": OPERATOR, "body_id": "620700.bench"}
            started = time.perf_counter()
            await import_text(db, text, document_id=f"doc.bench-{round_}", dry_run=True, **options)  # type: ignore[arg-type]
            dry = time.perf_counter() - started
            started = time.perf_counter()
            outcome = await import_text(db, text, document_id=f"doc.bench-{round_}", dry_run=False, **options)  # type: ignore[arg-type]
            applied = time.perf_counter() - started
            assert outcome.recorded is not None and outcome.recorded.applied
            await retract_event(db, outcome.recorded.event_id, "benchmark round over", OPERATOR)
            if round_:
                timings["read"].append(read)
                timings["dry run"].append(dry)
                timings["apply"].append(applied)
    finally:
        await db.close()
    for name, samples in timings.items():
        print(summary(name, samples))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duties", type=int, default=30)
    parser.add_argument("--sections", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=20)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.duties, arguments.sections, arguments.rounds))
