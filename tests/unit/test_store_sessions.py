"""Migration 6: users.session_version on both backends; sign-out and a password change bump it."""

from __future__ import annotations

from learning_map.store import LATEST_VERSION
from learning_map.store import admin as store_admin


def test_a_version_5_store_upgrades_and_keeps_its_users(store_target, monkeypatch):
    import learning_map.store.migrations as migrations

    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:5])
        old = store_target.open()
        assert old.schema_versions() == [1, 2, 3, 4, 5]
        store_admin.add_user(old, "boss", "hash-1", "city_admin", None)
        old.close()
    store = store_target.open()
    assert store.applied_migrations == list(range(6, LATEST_VERSION + 1))
    user = store_admin.get_user(store, "boss")
    assert (user["password_hash"], user["session_version"]) == ("hash-1", 0)


def test_sign_out_and_password_change_bump_the_version(store_target, tmp_path):
    store = store_target.open()
    store_admin.add_user(store, "boss", "hash-1", "city_admin", None)
    store_admin.add_user(store, "other", "hash-o", "city_admin", None)
    assert store_admin.get_user(store, "boss")["session_version"] == 0
    assert store_admin.end_sessions(store, "boss") == 1
    store_admin.set_password(store, "boss", "hash-2")
    boss = store_admin.get_user(store, "boss")
    assert (boss["password_hash"], boss["session_version"]) == ("hash-2", 2)
    assert store_admin.get_user(store, "other")["session_version"] == 0  # nobody else's
    # A dump carries the version, and restores it.
    dump = store.dump(tmp_path / "d.jsonl")
    store_admin.end_sessions(store, "boss")
    store.restore(dump, replace=True)
    assert store_admin.get_user(store, "boss")["session_version"] == 2
