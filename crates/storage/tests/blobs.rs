//! The evidence store: one story, run on a local folder and on an S3-compatible server
//! (moto, started by `scripts/s3.sh`; CI must run it).

use zeri_storage::{BlobError, Blobs};

async fn story(blobs: &Blobs) {
    let key = format!("evidence/{}", uuid::Uuid::new_v4().simple());
    let bytes: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    blobs.ping().await.unwrap();
    assert!(matches!(blobs.get(&key).await, Err(BlobError::NotFound)));
    blobs.put(&key, bytes.clone()).await.unwrap();
    assert_eq!(blobs.get(&key).await.unwrap(), bytes, "read back exactly");
    let other = format!("{key}-other");
    blobs.put(&other, b"second".to_vec()).await.unwrap();
    assert_eq!(blobs.get(&other).await.unwrap(), b"second");
    // A bucket's prefix may be shared by other tests: both keys are listed, by their key.
    let listed = blobs.list().await.unwrap();
    assert!(listed.contains(&key) && listed.contains(&other), "{listed:?}");
    blobs.delete(&key).await.unwrap();
    assert!(matches!(blobs.get(&key).await, Err(BlobError::NotFound)), "deleted");
    blobs.delete(&key).await.unwrap();
    assert_eq!(blobs.get(&other).await.unwrap(), b"second", "the other blob is untouched");
}

#[tokio::test]
async fn blobs_in_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = Blobs::open(&dir.path().join("evidence").display().to_string()).unwrap();
    story(&blobs).await;
    assert_eq!(blobs.list().await.unwrap().len(), 1, "the deleted blob is not listed");
    let files = std::fs::read_dir(dir.path().join("evidence/evidence")).unwrap().count();
    assert_eq!(files, 1, "keys with a folder part land in that folder");
}

#[tokio::test]
async fn blobs_in_an_s3_bucket() {
    let Ok(url) = std::env::var("ZERI_TEST_S3") else {
        assert!(std::env::var("CI").is_err(), "CI must run the S3 tests: eval \"$(bash scripts/s3.sh)\"");
        eprintln!("ZERI_TEST_S3 not set: S3 story skipped (run scripts/s3.sh)");
        return;
    };
    story(&Blobs::open(&url).unwrap()).await;
    // A bucket that does not exist does not answer as if it were empty.
    let missing = format!("s3://zeri-missing-{}", uuid::Uuid::new_v4().simple());
    assert!(Blobs::open(&missing).unwrap().ping().await.is_err(), "a missing bucket fails the ping");
}

#[tokio::test]
async fn a_folder_that_is_not_one_fails_the_ping() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evidence");
    let blobs = Blobs::open(&path.display().to_string()).unwrap();
    blobs.ping().await.unwrap();
    std::fs::remove_dir_all(&path).unwrap();
    std::fs::write(&path, b"not a folder").unwrap();
    assert!(blobs.ping().await.is_err());
}

#[tokio::test]
async fn a_bad_location_is_a_clear_error() {
    assert!(matches!(Blobs::open("s3://"), Err(BlobError::Config(_))));
}
