//! Store behaviour: transactions, deltas, stats, durability of entities and provenance.

use chokepoint_model::{Entity, Prop, Schema};
use chokepoint_store::{DeltaKind, ImportMeta, Store, StoreError};
use std::fmt;

#[derive(Debug)]
struct ReadFailed;
impl fmt::Display for ReadFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("list.csv:line 3: field `name`: broken")
    }
}
impl std::error::Error for ReadFailed {}

fn company(list: &str, id: &str, name: &str, country: &str) -> Entity {
    let mut e = Entity::from_record(Schema::Company, list, id, Some("2024-05-03"));
    e.add(Prop::Name, name);
    e.add(Prop::Country, country);
    e.add(Prop::Program, "RUSSIA-EO14024");
    e
}

fn meta(list: &str) -> ImportMeta {
    ImportMeta {
        list: list.into(),
        format: "test".into(),
        published: Some("2024-05-03".into()),
        files: vec!["t.csv".into()],
    }
}

fn import(
    store: &mut Store,
    list: &str,
    items: Vec<Result<Entity, ReadFailed>>,
) -> Result<chokepoint_store::ImportReport, StoreError> {
    let mut tx = store.begin_import()?;
    let report = tx.import(&meta(list), items, |_| {}, &|| 0)?;
    tx.commit()?;
    Ok(report)
}

#[test]
fn import_stores_entities_with_provenance_and_stats() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("c.db")).unwrap();
    let r = import(
        &mut store,
        "ofac-sdn",
        vec![
            Ok(company("ofac-sdn", "1", "ALFA LLC", "ru")),
            Ok(company("ofac-sdn", "2", "BETA JSC", "cn")),
        ],
    )
    .unwrap();
    assert_eq!((r.entities, r.added, r.changed, r.removed), (2, 2, 0, 0));
    let back = store.entity("ofac-sdn-1").unwrap().unwrap();
    assert_eq!(back.caption(), "ALFA LLC");
    assert_eq!(
        back.values(Prop::Name)[0].provenance.published.as_deref(),
        Some("2024-05-03")
    );
    let stats = store.stats().unwrap();
    assert_eq!(stats.lists[0].0, "ofac-sdn");
    assert_eq!(stats.lists[0].1, 2);
    assert_eq!(
        stats.schemata,
        vec![("ofac-sdn".into(), "Company".into(), 2)]
    );
    assert!(stats.countries.contains(&("ru".into(), 1)));
    assert_eq!(
        stats.programs,
        vec![("ofac-sdn".into(), "RUSSIA-EO14024".into(), 2)]
    );
    // The file is a real SQLite database in WAL mode that a second connection can read.
    drop(store);
    let again = Store::open(&dir.path().join("c.db")).unwrap();
    assert_eq!(again.entity_count().unwrap(), 2);
    let mode: String = again
        .connection()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn failed_import_leaves_the_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("c.db")).unwrap();
    import(
        &mut store,
        "ofac-sdn",
        vec![Ok(company("ofac-sdn", "1", "ALFA LLC", "ru"))],
    )
    .unwrap();
    let err = import(
        &mut store,
        "ofac-sdn",
        vec![
            Ok(company("ofac-sdn", "1", "ALFA CHANGED", "ru")),
            Ok(company("ofac-sdn", "9", "NEW", "ru")),
            Err(ReadFailed),
        ],
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("list.csv:line 3: field `name`"),
        "{err}"
    );
    assert_eq!(store.entity_count().unwrap(), 1);
    assert_eq!(
        store.entity("ofac-sdn-1").unwrap().unwrap().caption(),
        "ALFA LLC"
    );
    assert_eq!(
        store.imports().unwrap().len(),
        1,
        "the failed import leaves no history row"
    );
    // A duplicate id inside one publication is refused, also atomically.
    let err = import(
        &mut store,
        "un",
        vec![
            Ok(company("un", "A", "X", "ir")),
            Ok(company("un", "A", "Y", "ir")),
        ],
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::Duplicate { .. }), "{err}");
    assert_eq!(store.entities(Some("un")).unwrap().len(), 0);
}

#[test]
fn reimport_records_added_changed_removed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("c.db")).unwrap();
    import(
        &mut store,
        "ofac-sdn",
        vec![
            Ok(company("ofac-sdn", "1", "ALFA", "ru")),
            Ok(company("ofac-sdn", "2", "BETA", "ru")),
            Ok(company("ofac-sdn", "3", "GAMMA", "ru")),
        ],
    )
    .unwrap();
    import(
        &mut store,
        "un",
        vec![Ok(company("un", "QDe.1", "OTHER LIST", "af"))],
    )
    .unwrap();
    // Same publication again: nothing changes.
    let same = import(
        &mut store,
        "ofac-sdn",
        vec![
            Ok(company("ofac-sdn", "1", "ALFA", "ru")),
            Ok(company("ofac-sdn", "2", "BETA", "ru")),
            Ok(company("ofac-sdn", "3", "GAMMA", "ru")),
        ],
    )
    .unwrap();
    assert_eq!((same.added, same.changed, same.removed), (0, 0, 0));
    // Newer publication: 1 unchanged, 2 changed, 3 removed, 4 added; the other list untouched.
    let r = import(
        &mut store,
        "ofac-sdn",
        vec![
            Ok(company("ofac-sdn", "1", "ALFA", "ru")),
            Ok(company("ofac-sdn", "2", "BETA", "cn")),
            Ok(company("ofac-sdn", "4", "DELTA", "ru")),
        ],
    )
    .unwrap();
    assert_eq!((r.entities, r.added, r.changed, r.removed), (3, 1, 1, 1));
    let delta = store.delta(None, Some("ofac-sdn")).unwrap();
    let got: Vec<(&str, DeltaKind)> = delta
        .iter()
        .map(|d| (d.entity_id.as_str(), d.kind))
        .collect();
    assert_eq!(
        got,
        vec![
            ("ofac-sdn-4", DeltaKind::Added),
            ("ofac-sdn-2", DeltaKind::Changed),
            ("ofac-sdn-3", DeltaKind::Removed)
        ]
    );
    assert_eq!(
        delta
            .iter()
            .find(|d| d.kind == DeltaKind::Removed)
            .unwrap()
            .caption,
        "GAMMA"
    );
    assert!(store.entity("ofac-sdn-3").unwrap().is_none());
    assert_eq!(store.entities(Some("un")).unwrap().len(), 1);
    assert_eq!(store.imports().unwrap().len(), 4);
}

#[test]
fn documents_are_replaced_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.document("traces").unwrap(), None);
    store.put_document("traces", "{\"a\":1}").unwrap();
    store.put_document("traces", "{\"a\":2}").unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.document("traces").unwrap().as_deref(),
        Some("{\"a\":2}")
    );
    let v: i64 = store
        .connection()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 2);
}

#[test]
fn a_new_store_uses_16k_pages_and_an_old_one_keeps_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.db");
    let store = Store::open(&fresh).unwrap();
    let size: i64 = store
        .connection()
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    assert_eq!(size, 16384);
    let mode: String = store
        .connection()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");

    // A file created elsewhere with 4 KiB pages keeps them.
    let old = dir.path().join("old.db");
    {
        let c = rusqlite::Connection::open(&old).unwrap();
        c.execute_batch("PRAGMA page_size = 4096; CREATE TABLE t (x)")
            .unwrap();
    }
    let store = Store::open(&old).unwrap();
    let size: i64 = store
        .connection()
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    assert_eq!(size, 4096);
}

#[test]
fn bulk_mode_is_entered_only_when_alone_and_left_for_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bulk.db");
    let store = Store::open(&path).unwrap();
    let mode = |s: &Store| -> String {
        s.connection()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap()
    };
    // Alone: bulk mode (rollback journal), then back to WAL.
    assert!(store.set_bulk_mode(true).unwrap());
    assert_eq!(mode(&store), "delete");
    assert!(!store.set_bulk_mode(false).unwrap());
    assert_eq!(mode(&store), "wal");
    // With a reader holding the store open: no switch, no error, WAL stays.
    let reader = Store::open(&path).unwrap();
    assert!(!store.set_bulk_mode(true).unwrap());
    assert_eq!(mode(&store), "wal");
    drop(reader);
    // A transaction rolled back in bulk mode leaves nothing behind.
    let mut store = store;
    assert!(store.set_bulk_mode(true).unwrap());
    {
        let tx = store.connection_mut().transaction().unwrap();
        tx.execute_batch("CREATE TABLE big (x); INSERT INTO big VALUES (1), (2);")
            .unwrap();
    }
    assert!(!store.set_bulk_mode(false).unwrap());
    let n: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'big'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn opening_waits_for_a_bulk_import_in_progress() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("busy.db");
    let mut importer = Store::open(&path).unwrap();
    assert!(importer.set_bulk_mode(true).unwrap());
    let tx = importer.connection_mut().transaction().unwrap();
    tx.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    // Hold the file exclusively, as a bulk import does once it spills pages.
    tx.execute_batch("PRAGMA main.user_version = 7").unwrap();
    let (send, recv) = std::sync::mpsc::channel();
    let p = path.clone();
    let opener = std::thread::spawn(move || {
        send.send(()).unwrap();
        let t = std::time::Instant::now();
        let store = Store::open(&p).map_err(|e| e.to_string());
        (store.map(|_| ()), t.elapsed())
    });
    recv.recv().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    tx.commit().unwrap();
    assert!(!importer.set_bulk_mode(false).unwrap());
    let (opened, waited) = opener.join().unwrap();
    assert!(
        opened.is_ok(),
        "the second store opened after the import: {opened:?}"
    );
    assert!(
        waited >= std::time::Duration::from_millis(300),
        "{waited:?}"
    );
}
