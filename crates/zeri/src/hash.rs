//! `zeri hash FILE…` (being written).

use anyhow::Result;
use clap::Args;

#[derive(Args)]
pub struct HashArgs {
    /// Image files.
    pub files: Vec<std::path::PathBuf>,
}

pub fn run(_args: HashArgs) -> Result<()> {
    anyhow::bail!("not built yet")
}
