"""Backups: the database and every file its records name, in one archive; and putting them back.

The archive is a gzip-compressed tar (`.tar.gz`): it is written and read as a stream (a member
never has to fit in memory, a large PDF is copied in chunks), it keeps long member names, and
`tar tzf` lists it on any server. Its members, in this order:

- `manifest.json`: what the archive is (format, time, database vendor, the portal's git commit),
  the migration state it was taken at (the latest applied migration of each app), the number of
  records per model, the stored files and the fields naming them, the files named but missing,
  and the SHA-256 and size of every other member;
- `data.json`: the records, as `dumpdata --all --natural-foreign` writes them (base managers, so
  a manager that filters, such as `PublishedVersion.objects`, hides nothing; primary keys kept, so
  addresses and generic relations stay as they were; content types and permissions by natural
  key, so they need not be in the archive);
- `files/<name>`: each file named by a FileField of any model, under its storage name.

Not data, left out: content types and permissions (migrate creates them), sessions (everyone
signs in again after a restore), django-tasks-db's queue and results, axes' sign-in attempts and
logs, and the cache table (no model: the page cache is cleared after a restore).

The manifest makes the archive checkable (a damaged or altered member is refused by name); it
does not authenticate it: keep archives where only the operators can write.
"""

import datetime
import hashlib
import json
import logging
import os
import posixpath
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from io import BytesIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from core.file_digests import file_description
from core.stored_files import file_fields as stored_file_fields
from core.stored_files import public_area_sweep

FORMAT = "ccm-portal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
FILES = "files/"
CHUNK = 1024 * 1024

logger = logging.getLogger(__name__)

# Not data (module docstring): whole apps, and single models.
EXCLUDED_APPS = {"contenttypes", "sessions", "django_tasks_database", "axes"}
EXCLUDED_MODELS = {"auth.permission", "workgroups.readersession"}  # sessions (settings.SESSION_ENGINE)
# Of those, made by migrate and kept as they are by a restore.
KEPT_MODELS = {"contenttypes.contenttype", "auth.permission"}


class BackupRefused(Exception):
    """The archive cannot be written or restored; nothing was changed."""


@dataclass
class BackupResult:
    archive: Path
    records: int
    files: int
    missing_files: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    records: int
    files: int
    files_unchanged: int
    older_migrations: list[str] = field(default_factory=list)
    # Records whose file the archive did not have (gone when the backup copied files): left without one.
    files_cleared: int = 0
    # Public files no restored record names (from newer records), deleted: nobody may read them still.
    public_files_removed: list[str] = field(default_factory=list)


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose records are data (module docstring), found through the apps registry."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in EXCLUDED_APPS
        and model._meta.label_lower not in EXCLUDED_MODELS
        and not model._meta.proxy
        and model._meta.managed
    ]


def database_records(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """How many records of each backed-up model the database holds (models with none left out)."""
    counts = {model._meta.label_lower: model._base_manager.using(using).count() for model in backed_up_models()}
    return {label: count for label, count in counts.items() if count}


# Writing an archive


def backup_create(*, archive: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write the database and its files to `archive` (a .tar.gz), all records from one snapshot.

    The archive appears under its name only once complete (written beside it, then renamed); an
    existing archive is replaced only with `force`. A file a record names but storage no longer
    holds (deleted by a change committed after the snapshot) is left out and reported.
    """
    archive = Path(archive)
    if archive.exists() and not force:
        raise BackupRefused(f"{archive} exists; give another name, or --force to replace it.")
    if not archive.parent.is_dir():
        raise BackupRefused(f"{archive.parent} is not a directory.")
    with tempfile.TemporaryDirectory(dir=archive.parent, prefix=f".{archive.name}.") as staging_dir:
        staging = Path(staging_dir)
        data_path = staging / DATA
        records, file_fields, migrations = _snapshot(data_path, using=using)
        members = {DATA: file_description(data_path)}
        files, missing, staged = {}, [], {}
        for index, (name, fields) in enumerate(sorted(file_fields.items())):
            target = staging / f"file-{index}"
            if not _copy_from_storage(_storage_of(fields), name, target):
                missing.append({"name": name, "fields": fields})
                continue
            member = FILES + name
            members[member] = file_description(target)
            files[name] = {"member": member, "fields": fields}
            staged[member] = target
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "git_commit": _git_commit(),
            "database_vendor": connections[using].vendor,
            "migrations": migrations,
            "records": records,
            "files": files,
            "missing_files": missing,
            "members": members,
        }
        partial = staging / "archive.partial"
        # Readable by its owner only: the archive holds the contact list and password hashes.
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz") as tar:
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
                tar.add(data_path, arcname=DATA, recursive=False, filter=_plain_member)
                for member, path in staged.items():
                    tar.add(path, arcname=member, recursive=False, filter=_plain_member)
            raw.flush()
            os.fsync(raw.fileno())
        if archive.exists() and not force:
            raise BackupRefused(f"{archive} appeared while the backup was written; nothing was replaced.")
        os.replace(partial, archive)  # same directory: atomic
    return BackupResult(
        archive=archive,
        records=sum(records.values()),
        files=len(files),
        missing_files=[entry["name"] for entry in missing],
    )


def _snapshot(data_path: Path, *, using: str) -> tuple[dict[str, int], dict[str, list[str]], dict[str, list[str]]]:
    """Serialize every backed-up model into `data_path`, and read the file names and migration state,
    all in one read-only transaction: on PostgreSQL at REPEATABLE READ, so every table is read from
    the same snapshot (SQLite's transactions are serializable already)."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupRefused("a backup must start its own transaction (one snapshot); it was called inside one.")
    backed_up = backed_up_models()
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        _dump(data_path, backed_up, using=using)
        records = {model._meta.label_lower: model._base_manager.using(using).count() for model in backed_up}
        file_fields: dict[str, list[str]] = {}
        for model, model_field in stored_file_fields(backed_up):
            label = f"{model._meta.label_lower}.{model_field.name}"
            names = (
                model._base_manager.using(using)
                .exclude(**{f"{model_field.attname}__isnull": True})
                .exclude(**{model_field.attname: ""})
                .values_list(model_field.attname, flat=True)
                .distinct()
            )
            for name in names:
                file_fields.setdefault(name, []).append(label)
        migrations = _latest_migrations(MigrationLoader(connection))
    return {label: count for label, count in records.items() if count}, file_fields, migrations


class _ExactJSONEncoder(DjangoJSONEncoder):
    """Times to the microsecond: DjangoJSONEncoder cuts them to milliseconds (ECMA-262), which would
    change every timestamp, and what is derived from one (an ETag, a page), in a round trip."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _dump(data_path: Path, backed_up: list[type[models.Model]], *, using: str) -> None:
    """What `dumpdata --all --natural-foreign` writes (base managers, models ordered so natural keys
    resolve on loading), with times to the microsecond."""
    app_list: dict = {}
    for model in backed_up:
        app_list.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)

    def records():
        for model in ordered:
            yield from model._base_manager.using(using).order_by(model._meta.pk.name).iterator()

    with data_path.open("w", encoding="utf-8") as stream:
        serializers.serialize("json", records(), stream=stream, use_natural_foreign_keys=True, cls=_ExactJSONEncoder)


def _latest_migrations(loader: MigrationLoader) -> dict[str, list[str]]:
    """Each app's latest applied migration (more than one only while a merge migration is missing)."""
    nodes = set(loader.applied_migrations)
    latest: dict[str, list[str]] = {}
    for app_label, name in sorted(nodes):
        if (app_label, name) not in loader.graph.nodes:
            continue  # applied once, its file since removed (squashed): not part of the state
        children = loader.graph.node_map[(app_label, name)].children
        if not any(child in nodes and child[0] == app_label for child in children):
            latest.setdefault(app_label, []).append(name)
    return latest


def _storage_of(fields: list[str]):
    """The storage of the first field naming the file (all the portal's fields use the default one)."""
    for label in fields:
        app_label, model_name, field_name = label.split(".")
        try:
            return apps.get_model(app_label, model_name)._meta.get_field(field_name).storage
        except (LookupError, AttributeError, FieldDoesNotExist):
            continue
    return default_storage


def _copy_from_storage(storage, name: str, target: Path) -> bool:
    """Copy a stored file to `target`; False when storage no longer holds it."""
    try:
        with storage.open(name, "rb") as source, target.open("wb") as copy:
            for chunk in iter(lambda: source.read(CHUNK), b""):
                copy.write(chunk)
    except FileNotFoundError:
        target.unlink(missing_ok=True)
        return False
    return True


def _plain_member(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """Members carry no owner or permission of the machine that wrote them."""
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    return info


def _add_bytes(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(_plain_member(info), BytesIO(content))


def _git_commit() -> str | None:
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 - git from PATH, as an operator would run it
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return completed.stdout.strip() or None


# Checking an archive


def backup_verify(*, archive: Path) -> dict:
    """Read the whole archive and check every member against the manifest; return the manifest.

    Refuses (BackupRefused, naming the member) a member whose SHA-256 or size differs, one missing
    or not listed, or a manifest that is not one of ours.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupRefused(f"{archive}: no such file.")
    manifest, seen = None, {}
    for info, read in _members(archive):
        if info.name == MANIFEST:
            try:
                manifest = json.loads(read())
            except ValueError as error:
                raise BackupRefused(f"{archive}: {MANIFEST} is not JSON ({error}).") from error
        else:
            digest, size = hashlib.sha256(), 0
            for chunk in _chunks(read):
                digest.update(chunk)
                size += len(chunk)
            seen[info.name] = {"sha256": digest.hexdigest(), "size": size}
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused(f"{archive}: not a portal backup (no {MANIFEST} of format {FORMAT!r}).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupRefused(
            f"{archive}: backup format version {manifest.get('format_version')!r}; this code reads {FORMAT_VERSION}."
        )
    listed = manifest.get("members", {})
    for name, expected in listed.items():
        if name not in seen:
            raise BackupRefused(f"{archive}: member {name} is listed in the manifest but missing.")
        if seen[name] != {"sha256": expected.get("sha256"), "size": expected.get("size")}:
            raise BackupRefused(
                f"{archive}: member {name} does not match the manifest (SHA-256 {seen[name]['sha256']}, "
                f"{seen[name]['size']} bytes; expected {expected.get('sha256')}, {expected.get('size')} bytes): "
                "the archive is damaged or was altered. Nothing was changed."
            )
    for name in seen:
        if name not in listed:
            raise BackupRefused(f"{archive}: member {name} is not listed in the manifest. Nothing was changed.")
    if DATA not in listed:
        raise BackupRefused(f"{archive}: no {DATA}.")
    files = manifest.get("files", {})
    for name, entry in files.items():
        if not _safe_name(name) or entry.get("member") != FILES + name or entry["member"] not in listed:
            raise BackupRefused(f"{archive}: file entry {name!r} is not a plain relative name of a listed member.")
    for name in listed:
        if name != DATA and name.removeprefix(FILES) not in files:
            raise BackupRefused(f"{archive}: member {name} is neither {DATA} nor a listed file. Nothing was changed.")
    return manifest


READ_ERRORS = (tarfile.TarError, EOFError, OSError, zlib.error)


def _members(archive: Path) -> Iterator[tuple[tarfile.TarInfo, Callable[..., bytes]]]:
    """Each member of the archive, with a function reading it. A damaged archive (not gzip, cut
    short, not a tar) is refused; errors of the caller's own work are not taken for damage."""

    def unreadable(error: Exception) -> BackupRefused:
        return BackupRefused(f"{archive}: not a readable .tar.gz ({error}). Nothing was changed.")

    def guarded(read):
        def read_guarded(*size):
            try:
                return read(*size)
            except READ_ERRORS as error:
                raise unreadable(error) from error

        return read_guarded

    try:
        tar = tarfile.open(archive, mode="r:gz")  # noqa: SIM115 - closed below, after the last member
    except READ_ERRORS as error:
        raise unreadable(error) from error
    names = set()
    with tar:
        while True:
            try:
                info = tar.next()
            except READ_ERRORS as error:
                raise unreadable(error) from error
            if info is None:
                return
            if not info.isfile():
                raise BackupRefused(f"{archive}: member {info.name} is not a plain file. Nothing was changed.")
            if info.name in names:
                raise BackupRefused(f"{archive}: member {info.name} appears twice. Nothing was changed.")
            names.add(info.name)
            yield info, guarded(tar.extractfile(info).read)


def _chunks(read) -> Iterator[bytes]:
    return iter(lambda: read(CHUNK), b"")


def _safe_name(name: str) -> bool:
    normal = posixpath.normpath(name)
    return bool(name) and normal == name and not name.startswith(("/", "../")) and name != ".." and "\\" not in name


def migration_state_check(*, manifest: dict, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Refuse an archive taken at a migration this code does not know, or one the database has not
    applied yet; return the apps the archive is older for (its records are loaded into the newer
    tables: fields added since take their defaults)."""
    loader = MigrationLoader(connections[using])
    applied = set(loader.applied_migrations)
    older = []
    for app_label, names in sorted(manifest.get("migrations", {}).items()):
        for name in names:
            key = (app_label, name)
            if key not in loader.graph.nodes:
                raise BackupRefused(
                    f"the archive was taken at migration {app_label}.{name}, which this code does not have: "
                    f"it is newer (commit {manifest.get('git_commit') or 'unknown'}). Deploy that code, or newer, "
                    "and migrate, then restore. Nothing was changed."
                )
            if key not in applied:
                raise BackupRefused(
                    f"the database has not applied migration {app_label}.{name}: run `manage.py migrate` first. "
                    "Nothing was changed."
                )
            later = [
                node
                for node in applied
                if node[0] == app_label and node != key and key in loader.graph.forwards_plan(node)
            ]
            if later:
                older.append(f"{app_label} (archive at {name}, database at {max(later)[1]})")
    return older


# Restoring an archive


def backup_restore(*, archive: Path, manifest: dict, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Replace the database's records with the archive's and put its files back in storage, in one
    transaction; then clear the shared cache, so no page from before is served.

    `manifest` comes from `backup_verify` (members are checked again while read). Every model
    table is emptied first, sessions and the task queue included. Files are written before the
    commit; if anything fails, the transaction is rolled back and the files written are removed
    (a file that stood under the same name with other content is put back).
    """
    archive = Path(archive)
    older = migration_state_check(manifest=manifest, using=using)
    connection = connections[using]
    written: list[tuple[object, str, Path | None]] = []  # storage, name, the displaced file's copy
    unchanged = 0
    with tempfile.TemporaryDirectory(prefix="ccm-restore-") as staging_dir:
        staging = Path(staging_dir)
        try:
            with transaction.atomic(using=using):
                _empty_tables(connection)
                for info, read in _members(archive):
                    if info.name == MANIFEST:
                        continue
                    expected = manifest["members"].get(info.name)
                    if expected is None:
                        raise BackupRefused(f"member {info.name} is not listed in the manifest.")
                    target = staging / "member"
                    _stage_checked(read, target, name=info.name, expected=expected)
                    if info.name == DATA:
                        data = staging / DATA
                        target.rename(data)
                        _load(data, using=using, ignorenonexistent=bool(older))
                        continue
                    name = info.name.removeprefix(FILES)
                    storage = _storage_of(manifest["files"][name]["fields"])
                    if _put_back(storage, name, target, expected, staging, written):
                        unchanged += 1
                cleared = _clear_missing_files(manifest, using=using)
                _reset_sequences(connection)
        except BaseException:
            _remove_written(written)
            raise
    removed = public_area_sweep(older_than=datetime.timedelta(0))
    cache.clear()
    return RestoreResult(
        records=sum(manifest.get("records", {}).values()),
        files=len(manifest.get("files", {})),
        files_unchanged=unchanged,
        older_migrations=older,
        files_cleared=cleared,
        public_files_removed=removed,
    )


def _clear_missing_files(manifest: dict, *, using: str) -> int:
    """Records naming a file the archive lacks are left without a file rather than with a dangling
    name: a generated PDF is then rendered again (`rebuild_pdfs --missing`), and no page links a file
    that is not there."""
    cleared = 0
    for entry in manifest.get("missing_files", []):
        for label in entry["fields"]:
            app_label, model_name, field_name = label.split(".")
            model = apps.get_model(app_label, model_name)
            cleared += model._base_manager.using(using).filter(**{field_name: entry["name"]}).update(**{field_name: ""})
    return cleared


def _empty_tables(connection) -> None:
    """Empty every model's table (what `flush` does) but content types' and permissions': migrate
    made them for this code, the archive names them by natural key, and running processes keep
    their ids in memory (ContentType's cache), so they stay as they are."""
    kept = {apps.get_model(label)._meta.db_table for label in KEPT_MODELS}
    tables = [
        table
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False)
        if table not in kept
    ]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, reset_sequences=True))


def _load(data: Path, *, using: str, ignorenonexistent: bool) -> None:
    """What `loaddata` does, except for many-to-many rows: those are inserted as rows, so no handler
    of `m2m_changed` (simple_history's, which would write a history entry the archive already
    holds) acts on them. Records are saved raw: no save() override runs, signals say raw=True."""
    connection = connections[using]
    deferred = []
    with data.open(encoding="utf-8") as stream, connection.constraint_checks_disabled():
        for record in serializers.deserialize(
            "json", stream, using=using, ignorenonexistent=ignorenonexistent, handle_forward_references=True
        ):
            record.save = partial(_save_raw, record, using=using)
            record.save()
            if record.deferred_fields:
                deferred.append(record)
        for record in deferred:
            record.save_deferred_fields(using=using)  # calls record.save(): _save_raw again
    connection.check_constraints(table_names=[model._meta.db_table for model in backed_up_models()])


def _save_raw(record, *, using: str) -> None:
    many_to_many = record.m2m_data or {}
    record.m2m_data = None
    models.Model.save_base(record.object, using=using, raw=True)
    instance = record.object
    for name, pks in many_to_many.items():
        relation = instance._meta.get_field(name)
        through = relation.remote_field.through
        source = through._meta.get_field(relation.m2m_field_name()).attname
        target = through._meta.get_field(relation.m2m_reverse_field_name()).attname
        through._base_manager.using(using).bulk_create([through(**{source: instance.pk, target: pk}) for pk in pks])


def _stage_checked(read, target: Path, *, name: str, expected: dict) -> None:
    digest, size = hashlib.sha256(), 0
    with target.open("wb") as copy:
        for chunk in _chunks(read):
            digest.update(chunk)
            size += len(chunk)
            copy.write(chunk)
    if digest.hexdigest() != expected["sha256"] or size != expected["size"]:
        raise BackupRefused(f"member {name} changed while it was restored (SHA-256 differs); nothing was restored.")


def _put_back(storage, name: str, staged: Path, expected: dict, staging: Path, written: list) -> bool:
    """Store the file under its exact name; True when storage already held the same content."""
    displaced = None
    if storage.exists(name):
        copy = staging / f"displaced-{len(written)}"
        _copy_from_storage(storage, name, copy)
        if file_description(copy) == {"sha256": expected["sha256"], "size": expected["size"]}:
            copy.unlink()
            return True
        displaced = copy
        storage.delete(name)
    written.append((storage, name, displaced))
    with staged.open("rb") as content:
        stored = storage.save(name, File(content, name=posixpath.basename(name)))
    if stored != name:
        raise BackupRefused(f"storage stored {name} as {stored}; the name must stay the same.")
    staged.unlink()
    return False


def _remove_written(written: list) -> None:
    """Undo `_put_back`: remove what was written, put back what stood there before."""
    for storage, name, displaced in reversed(written):
        try:
            storage.delete(name)
            if displaced is not None:
                with displaced.open("rb") as content:
                    storage.save(name, File(content, name=posixpath.basename(name)))
        except Exception:
            # Undo as much as possible; the error that stopped the restore is the one raised.
            logger.exception("Could not undo the restore of %s", name)


def _reset_sequences(connection) -> None:
    """Move the id sequences past the restored ids (loaddata does it for the models it loaded;
    this covers every table, emptied or not)."""
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
