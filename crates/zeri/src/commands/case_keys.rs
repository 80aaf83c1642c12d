//! The case keys kept apart from every backup: one file beside the master key, written by
//! `zeri backup` (all of today's case keys, wrapped by the master key) and read by `zeri
//! restore`; an erasure takes the erased cases out of it, so that no copy outlives it.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};

use crate::DataArgs;

const HEADER: &str = "zeri-case-keys-v1";

pub(crate) fn path(data: &DataArgs, given: &Option<PathBuf>) -> PathBuf {
    given.clone().unwrap_or_else(|| super::backup_files::sidecar(&data.key_path(), ".case-keys"))
}

/// Case ids and their wrapped keys, one per line in hex.
pub(crate) fn write(path: &Path, keys: &[(String, Vec<u8>)]) -> Result<()> {
    let mut text = format!("{HEADER}\n");
    for (id, wrapped) in keys {
        text.push_str(&format!("{id} {}\n", hex::encode(wrapped)));
    }
    crate::keys::write_key_file(path, &text)
}

/// Removes erased cases from the case-key file, if there is one: the copy kept with the
/// master key must not outlive the erasure.
pub(crate) fn forget(data: &DataArgs, erased: &[String]) -> Result<()> {
    let path = path(data, &None);
    if erased.is_empty() || !path.exists() {
        return Ok(());
    }
    let all = read(&path)?;
    let before = all.len();
    let keep: Vec<(String, Vec<u8>)> = all.into_iter().filter(|(id, _)| !erased.contains(id)).collect();
    // Told again by another instance, or of a case made after the copy: nothing to write.
    if keep.len() == before {
        return Ok(());
    }
    write(&path, &keep)
}

pub(crate) fn read(path: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let text = fs::read_to_string(path).with_context(|| {
        format!(
            "reading the case keys {} (written by `zeri backup` beside the master key): without them no case \
             in the backup can be read; give --case-keys",
            path.display()
        )
    })?;
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        bail!("{} is not a Zëri case-key file", path.display());
    }
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (id, hex_key) = l.split_once(' ').ok_or_else(|| anyhow!("{}: a damaged line", path.display()))?;
            Ok((id.to_owned(), hex::decode(hex_key.trim()).map_err(|_| anyhow!("{}: a damaged key", path.display()))?))
        })
        .collect()
}
