"""CSV export of 100,000 claims beside PostgreSQL's own COPY of the same rows, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimdesk DJANGO_DEBUG=1 \\
        .venv/bin/python bench/export.py [N] [--repeat 3] [--keep]

Seeds a throwaway project with N verified claims (default 100,000; bulk_create), each with
one reviewer's annotation and one evidence link, then times:

  claimdesk  claims_export(format="csv") into a temporary file: the server-side cursor,
             the per-chunk annotation/evidence queries, the merge rule, formula
             neutralising and csv.writer, i.e. exactly what the job and the command run
  copy       COPY (SELECT …) TO STDOUT WITH CSV of the same columns for the same claims
             in the same order (annotation grades picked by a LATERAL join ordered like the
             merge rule, evidence URLs and reviewers by string_agg), read through
             psycopg's copy() into a temporary file

Each is the best of --repeat runs (wall-clock; CPU of this process beside it). Prints
both and the ratio (target: within 3x of COPY), then deletes the project's rows with
plain SQL (the ORM's cascade would load 300k objects and write their history).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from annotations.models import (  # noqa: E402
    Annotation,
    Article,
    Claim,
    ClaimStatus,
    Evidence,
    EvidenceDocument,
    Project,
    Source,
    SourceKind,
    body_hash,
    normalize_evidence_url,
    normalize_source_name,
)
from annotations.services.exports import claims_export  # noqa: E402

VERDICTS = ["true", "mostly_true", "half_true", "mostly_false", "false", "unverifiable"]
GRADES = ["A", "B", "C", "D", "E", "F", ""]
CLAIMS_PER_ARTICLE = 50

# The same columns as annotations/exports/tabular.py, in the same order. The claim id is
# trusted (an int we made), so it is formatted in; COPY takes no bind parameters.
COPY_SQL = """
COPY (
  SELECT c.id, c.text, c.status, c.stance, ar.title, ar.url, ar.outlet, ar.published_at,
         COALESCE(s.name, c.speaker_text), c.speaker_text, c.cue_text,
         COALESCE(NULLIF(m.source_reliability, ''), s.default_reliability, ''),
         m.information_credibility, m.confidence, c.final_verdict, c.final_verdict,
         m.rationale, c.final_note,
         (SELECT string_agg(d.url, ' ' ORDER BY e.created_at, e.id)
            FROM annotations_evidence e JOIN annotations_evidencedocument d ON d.id = e.document_id
           WHERE e.claim_id = c.id),
         (SELECT string_agg(u.username, ', ' ORDER BY an.created_at, an.id)
            FROM annotations_annotation an JOIN auth_user u ON u.id = an.reviewer_id
           WHERE an.claim_id = c.id),
         vb.username, c.verified_at
    FROM annotations_claim c
    JOIN annotations_article ar ON ar.id = c.article_id
    LEFT JOIN annotations_source s ON s.id = c.source_id
    LEFT JOIN auth_user vb ON vb.id = c.verified_by_id
    LEFT JOIN LATERAL (
      SELECT an.source_reliability, an.information_credibility, an.confidence, an.rationale
        FROM annotations_annotation an
       WHERE an.claim_id = c.id
       ORDER BY (an.verdict = c.final_verdict) DESC, an.updated_at DESC, an.id DESC
       LIMIT 1
    ) m ON true
   WHERE ar.project_id = {project_id} AND c.status = 'verified'
   ORDER BY ar.created_at DESC, c.article_id, c.start, c.id
) TO STDOUT WITH (FORMAT csv, HEADER true)
"""


def seed(n: int) -> Project:
    tag = uuid.uuid4().hex[:8]
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    with transaction.atomic():
        project = Project.objects.create(name=f"bench export {tag}", slug=f"bench-export-{tag}")
        user = get_user_model().objects.create(username=f"bench-export-{tag}")
        sources = Source.objects.bulk_create(
            [
                Source(
                    project=project,
                    name=f"Source {i}",
                    normalized_name=normalize_source_name(f"Source {i}"),
                    kind=SourceKind.ORGANISATION,
                    default_reliability=GRADES[i % len(GRADES)],
                )
                for i in range(200)
            ]
        )
        n_articles = (n + CLAIMS_PER_ARTICLE - 1) // CLAIMS_PER_ARTICLE
        articles = []
        for i in range(n_articles):
            body = (
                f"Article {i}. "
                + "Officials said the bridge had reopened after the floods. " * CLAIMS_PER_ARTICLE
            )
            articles.append(
                Article(
                    project=project,
                    title=f"Bridge report {i}",
                    body=body,
                    url=f"https://news.example/{tag}/{i}",
                    outlet="Example Wire",
                    published_at=t0 + timedelta(minutes=i),
                    content_hash=body_hash(body),
                )
            )
        articles = Article.objects.bulk_create(articles, batch_size=2000)
        claims = []
        for i in range(n):
            article = articles[i // CLAIMS_PER_ARTICLE]
            start = len(f"Article {article.title.split()[-1]}. ") + 58 * (i % CLAIMS_PER_ARTICLE) + 15
            claims.append(
                Claim(
                    article=article,
                    start=start,
                    end=start + 42,
                    text=f"The bridge had reopened after the floods (claim {i})",
                    speaker_text="Officials",
                    speaker_start=start - 15,
                    speaker_end=start - 6,
                    cue_text="said",
                    cue_start=start - 5,
                    cue_end=start - 1,
                    source=sources[i % len(sources)],
                    status=ClaimStatus.VERIFIED,
                    final_verdict=VERDICTS[i % len(VERDICTS)],
                    final_note="Checked against the ministry's statement and two local reports.",
                    verified_by=user,
                    verified_at=t0 + timedelta(days=30, seconds=i),
                )
            )
        claims = Claim.objects.bulk_create(claims, batch_size=5000)
        annotations = Annotation.objects.bulk_create(
            [
                Annotation(
                    claim=c,
                    reviewer=user,
                    source_reliability=GRADES[c.pk % len(GRADES)],
                    information_credibility=1 + c.pk % 6,
                    confidence="moderate",
                    verdict=c.final_verdict,
                    rationale="The ministry's statement contradicts it; see the evidence.",
                )
                for c in claims
            ],
            batch_size=5000,
        )
        documents = EvidenceDocument.objects.bulk_create(
            [
                EvidenceDocument(
                    project=project,
                    url=f"https://evidence.example/{a.pk}",
                    normalized_url=normalize_evidence_url(f"https://evidence.example/{a.pk}"),
                )
                for a in annotations
            ],
            batch_size=5000,
        )
        Evidence.objects.bulk_create(
            [
                Evidence(claim_id=a.claim_id, added_by_id=a.reviewer_id, document=d, title="Statement")
                for a, d in zip(annotations, documents, strict=True)
            ],
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE annotations_claim, annotations_annotation, annotations_evidence, "
            "annotations_evidencedocument, annotations_article, "
            "annotations_source, auth_user"
        )
    return project


def cleanup(project: Project) -> None:
    pid = project.pk
    with transaction.atomic(), connection.cursor() as cursor:
        claims = "SELECT c.id FROM annotations_claim c JOIN annotations_article a ON a.id = c.article_id WHERE a.project_id = %s"
        cursor.execute(f"DELETE FROM annotations_evidence WHERE claim_id IN ({claims})", [pid])
        cursor.execute("DELETE FROM annotations_evidencedocument WHERE project_id = %s", [pid])
        cursor.execute(f"DELETE FROM annotations_annotation WHERE claim_id IN ({claims})", [pid])
        cursor.execute(
            "DELETE FROM annotations_claim WHERE article_id IN (SELECT id FROM annotations_article WHERE project_id = %s)",
            [pid],
        )
        for table in (
            "annotations_article",
            "annotations_source",
            "annotations_exportjob",
            "annotations_membership",
        ):
            cursor.execute(f"DELETE FROM {table} WHERE project_id = %s", [pid])  # noqa: S608 - our own table names
        cursor.execute("DELETE FROM annotations_project WHERE id = %s", [pid])
        cursor.execute("DELETE FROM auth_user WHERE username = %s", [project.slug])


def timed(fn: Callable[[], int], repeat: int) -> tuple[float, float, int]:
    wall = cpu = float("inf")
    rows = 0
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        rows = fn()
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu, rows


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the seeded project")
    parser.add_argument("--project", help="reuse a project kept by --keep (implies --keep)")
    args = parser.parse_args()

    if args.project:
        project = Project.objects.get(slug=args.project)
        args.keep = True
    else:
        t = time.perf_counter()
        project = seed(args.n)
        print(
            f"seeded {args.n:,} claims in project {project.slug!r} in {time.perf_counter() - t:.1f}s",
            flush=True,
        )
    sizes: dict[str, int] = {}
    try:

        def ours() -> int:
            with tempfile.TemporaryFile() as out:
                n = claims_export(project=project, format="csv", filters=None, stream=out)
                sizes["claimdesk"] = out.tell()
            return n

        def copy(jit: bool) -> Callable[[], int]:
            def run() -> int:
                lines = 0
                with tempfile.TemporaryFile() as out, connection.cursor() as cursor:
                    cursor.execute("SET jit = on" if jit else "SET jit = off")
                    # Django's wrapper around the psycopg cursor; copy() is psycopg 3's.
                    with cursor.cursor.copy(COPY_SQL.format(project_id=int(project.pk))) as stream:
                        for chunk in stream:
                            out.write(chunk)
                            lines += bytes(chunk).count(b"\n")
                    cursor.execute("RESET jit")
                    sizes["copy" if jit else "copy-nojit"] = out.tell()
                return lines - 1  # the header

            return run

        # Interleaved, so load from other processes on the machine hits all three alike.
        results: dict[str, tuple[float, float, int]] = {}
        fns = {"claimdesk": ours, "copy": copy(jit=True), "copy-nojit": copy(jit=False)}
        for _ in range(args.repeat):
            for name, fn in fns.items():
                wall, cpu, rows = timed(fn, 1)
                best = results.get(name)
                results[name] = (min(wall, best[0]), min(cpu, best[1]), rows) if best else (wall, cpu, rows)
        for name, (wall, cpu, rows) in results.items():
            print(
                f"{name:10s} {rows:>8,} rows  {wall:6.2f}s wall  {cpu:6.2f}s cpu (this process)  "
                f"{rows / wall:>9,.0f} rows/s  {sizes[name] / 1e6:6.1f} MB"
            )
        # Against the faster COPY: with the server's JIT setting, or with JIT off as our
        # export runs (records.py explains why).
        fastest = min(results["copy"][0], results["copy-nojit"][0])
        ratio = results["claimdesk"][0] / fastest
        print(
            f"ratio claimdesk / fastest copy: {ratio:.2f}x (target <= 3x) {'OK' if ratio <= 3 else 'OVER TARGET'}"
        )
        if len({r[2] for r in results.values()}) != 1:
            print("row counts differ!", file=sys.stderr)
            return 1
    finally:
        if not args.keep:
            cleanup(project)
            print("cleaned up")
    return 0


if __name__ == "__main__":
    sys.exit(main())
