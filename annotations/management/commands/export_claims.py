from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.exports.filters import FilterError, filters_from_json
from annotations.models import ClaimStatus, ExportFormat, Project
from annotations.services.exports import claims_export


class Command(BaseCommand):
    help = (
        "Export a project's claims (default: the verified ones) as CSV, JSON, JSON Lines, "
        "ClaimReview JSON-LD, or an HTML/PDF report. Streams: memory stays flat for CSV/JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("--format", required=True, choices=ExportFormat.values)
        parser.add_argument(
            "--status",
            default=str(ClaimStatus.VERIFIED),
            choices=[*ClaimStatus.values, "any"],
            help="claims in this status (default: verified; 'any' for all)",
        )
        parser.add_argument("--verdict", default="", help="final or any reviewer's verdict")
        parser.add_argument("--outlet", default="")
        parser.add_argument("--source", type=int, help="source id")
        parser.add_argument("--q", default="", help="full-text search in the claim text")
        parser.add_argument("--published-from", default="", help="YYYY-MM-DD")
        parser.add_argument("--published-to", default="", help="YYYY-MM-DD")
        parser.add_argument("-o", "--output", required=True, help="file to write, or - for stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        project = Project.objects.filter(slug=options["project"]).first()
        if project is None:
            raise CommandError(f"no project {options['project']!r}")
        raw = {
            "status": "" if options["status"] == "any" else options["status"],
            "verdict": options["verdict"],
            "outlet": options["outlet"],
            "source": options["source"],
            "q": options["q"],
            "published_from": options["published_from"],
            "published_to": options["published_to"],
        }
        try:
            filters = filters_from_json(raw)
        except FilterError as exc:
            raise CommandError(str(exc)) from None
        output = options["output"]
        if output == "-":
            try:
                n = claims_export(
                    project=project, format=options["format"], filters=filters, stream=sys.stdout.buffer
                )
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            sys.stdout.buffer.flush()
        else:
            path = Path(output)
            # Write beside the target, then rename: a failed export leaves no half-written file.
            partial = path.with_name(f".{path.name}.partial")
            try:
                with partial.open("wb") as out:
                    n = claims_export(project=project, format=options["format"], filters=filters, stream=out)
                partial.replace(path)
            except (ValueError, OSError) as exc:
                partial.unlink(missing_ok=True)
                raise CommandError(str(exc)) from None
        self.stderr.write(f"exported {n} claim(s) from {project.slug!r} as {options['format']} to {output}")
