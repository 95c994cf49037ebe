//! Canonical merges are data: stored after each list import with their reasons, counted per
//! reason, and undone by an analyst's `not_same` judgement.

use chokepoint_network::judgement::{record_judgement, Verdict};
use chokepoint_pipeline::{ingest_lists, refresh_merges, stored_merges, IngestOptions, Silent};
use std::path::Path;

fn import(store: &mut chokepoint_store::Store, path: &Path, list: &str) {
    let options = IngestOptions {
        format: Some("ftm-json".into()),
        list: Some(list.into()),
        ..IngestOptions::default()
    };
    ingest_lists(store, &[path.to_path_buf()], &options, &Silent).unwrap();
}

#[test]
fn merges_are_stored_after_import_and_a_judgement_splits_one() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ftm.json");
    let b = dir.path().join("b.ftm.json");
    std::fs::write(
        &a,
        r#"{"id":"va-1","schema":"Vessel","properties":{"name":["OCEAN STAR"],"imoNumber":["9074729"]}}
{"id":"va-2","schema":"Vessel","properties":{"name":["SEA BREEZE"],"imoNumber":["9187629"]}}
"#,
    )
    .unwrap();
    std::fs::write(
        &b,
        r#"{"id":"vb-1","schema":"Vessel","properties":{"name":["OKEAN STAR"],"imoNumber":["IMO 9074729"]}}
"#,
    )
    .unwrap();
    let mut store = chokepoint_pipeline::open_store(&dir.path().join("s.db")).unwrap();
    import(&mut store, &a, "list-a");
    assert!(
        stored_merges(&store).unwrap().is_empty(),
        "one list alone: nothing to merge"
    );
    import(&mut store, &b, "list-b");
    let merges = stored_merges(&store).unwrap();
    assert_eq!(merges.len(), 1, "{merges:?}");
    let m = &merges[0];
    assert_eq!(m.reason, "shared_identifier");
    let mut pair = [m.a.as_str(), m.b.as_str()];
    pair.sort_unstable();
    assert_eq!(pair, ["va-1", "vb-1"]);
    assert!(m.detail.contains("9074729"), "{}", m.detail);

    // The analyst says the two records are different vessels: the stored merge goes.
    chokepoint_network::migrate(store.connection()).unwrap();
    record_judgement(
        store.connection(),
        "va-1",
        "vb-1",
        Verdict::NotSame,
        "test",
        "different hulls",
    )
    .unwrap();
    assert_eq!(refresh_merges(&store).unwrap(), (3, 3));
    assert!(stored_merges(&store).unwrap().is_empty());

    // And `same` on another pair merges it, with the judgement as its reason.
    record_judgement(
        store.connection(),
        "va-2",
        "vb-1",
        Verdict::Same,
        "test",
        "renamed",
    )
    .unwrap();
    assert_eq!(refresh_merges(&store).unwrap(), (3, 2));
    let merges = stored_merges(&store).unwrap();
    assert_eq!(merges.len(), 1);
    assert_eq!(merges[0].reason, "judgement");
}
