//! The files of a backup folder: private folders and new files (0700, 0600), synced, a
//! copy put in place under a temporary name, the SHA-256 of each file and the relative paths
//! a manifest may name.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use sha2::{Digest, Sha256};

use super::backup::MANIFEST;

pub(crate) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A new folder (mode 0700), or an existing empty one.
pub(super) fn prepare_backup_dir(dir: &Path) -> Result<()> {
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!("{} is not empty: a backup goes into a new or empty folder", dir.display());
            }
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
                .with_context(|| format!("making {} private", dir.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_private_dir(dir),
        Err(e) => Err(e).with_context(|| format!("reading {}", dir.display())),
    }
}

pub(super) fn create_private_dir(dir: &Path) -> Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("creating folder {}", dir.display()))
}

/// Writes a new file (mode 0600) and syncs it.
pub(super) fn write_new_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = create_new_file(path)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

/// A new file (never an existing one), mode 0600.
pub(super) fn create_new_file(path: &Path) -> Result<fs::File> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))
}

/// Copies `from` to `to` through a temporary name (mode 0600), synced, then renamed, so a
/// crash never leaves half a database under the real name.
pub(super) fn copy_into_place(from: &Path, to: &Path) -> Result<()> {
    let tmp = sidecar(to, ".restoring");
    let mut out = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .with_context(|| format!("creating {}", tmp.display()))?;
    std::io::copy(&mut fs::File::open(from)?, &mut out).with_context(|| format!("writing {}", tmp.display()))?;
    out.sync_all()?;
    drop(out);
    fs::rename(&tmp, to).with_context(|| format!("moving the database to {}", to.display()))?;
    if let Some(parent) = to.parent().filter(|p| !p.as_os_str().is_empty()) {
        sync_dir(parent)?;
    }
    Ok(())
}

pub(super) fn sync_dir(dir: &Path) -> Result<()> {
    fs::File::open(dir)?.sync_all()?;
    Ok(())
}

pub(super) fn sha256_file(path: &Path) -> Result<(u64, String)> {
    let mut file = fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut file, &mut hasher)?;
    Ok((size, hex::encode(hasher.finalize())))
}

/// Every file under `root` but the manifest, as `/`-separated relative paths, sorted.
pub(super) fn files_under(root: &Path) -> Result<Vec<String>> {
    fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) -> Result<()> {
        for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let entry = entry?;
            let name = entry.file_name().into_string().map_err(|n| anyhow!("a file name that is not UTF-8: {n:?}"))?;
            let path = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            let kind = entry.file_type()?;
            if kind.is_dir() {
                walk(&entry.path(), &path, out)?;
            } else if path != MANIFEST {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(root, "", &mut out)?;
    out.sort();
    Ok(out)
}

/// A relative path that stays inside the folder it is joined to.
pub(super) fn safe_relative(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains(['\\', '\0'])
        && rel.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_stay_inside() {
        for ok in ["zeri.db", "evidence/evidence/0a1b", "a.b/c"] {
            assert!(safe_relative(ok), "{ok}");
        }
        for bad in ["", "/etc/passwd", "../x", "evidence/../../x", "a//b", "./a", "a\\b"] {
            assert!(!safe_relative(bad), "{bad}");
        }
    }
}
