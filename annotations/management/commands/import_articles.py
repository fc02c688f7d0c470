from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.importers import SUPPORTED_SUFFIXES
from annotations.services.articles import ImportRequest, import_run
from annotations.services.projects import project_get_or_create


class Command(BaseCommand):
    help = (
        "Import articles from .txt, .md, .html, .jsonl and .csv files into a project "
        "(created if missing) and queue them for splitting. Bad rows are reported with "
        "their line numbers; good rows still import."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("--owner", help="username made owner if the project is created")
        parser.add_argument("--outlet", default="", help="outlet for records that name none")

    def handle(self, *args: Any, **options: Any) -> None:
        owner = None
        if options["owner"]:
            owner = get_user_model().objects.filter(username=options["owner"]).first()
            if owner is None:
                raise CommandError(f"no user named {options['owner']!r}")
        project, created = project_get_or_create(slug=options["project"], owner=owner)
        if created:
            self.stdout.write(f"created project {project.slug!r}")

        outcome = import_run(
            project=project,
            user=owner,
            request=ImportRequest(paths=options["paths"], outlet_default=options["outlet"]),
        )
        for location, message in outcome.errors:
            self.stderr.write(f"{location}: {message}")
        for location, title in outcome.duplicates:
            self.stdout.write(f"{location}: already in the project, skipped ({title[:60]})")
        total_created, total_dupes, total_errors = (
            len(outcome.created),
            len(outcome.duplicates),
            len(outcome.errors),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"imported {total_created} article(s) into {project.slug!r}, queued for splitting; "
                f"{total_dupes} duplicate(s) skipped, {total_errors} error(s)"
            )
        )
        if total_errors and not total_created:
            raise CommandError(f"nothing imported; supported files: {', '.join(sorted(SUPPORTED_SUFFIXES))}")
