use crate::*;
use anyhow::{bail, Context, Result};
use std::fs;
use std::io::Write;

pub(crate) fn progress(len: usize, what: &str) -> indicatif::ProgressBar {
    // Drawn on standard error only when it is a terminal; hidden in scripts and logs.
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} ({eta})").expect("valid template"),
    );
    bar.set_message(what.to_owned());
    bar
}

pub(crate) async fn directory_import(args: DirectoryImportArgs) -> Result<()> {
    let bytes = fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let services = match zeri_domain::hsds::import(&bytes) {
        Ok(s) => s,
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            bail!("{} bad record(s) in {}: nothing was imported", errors.len(), args.file.display());
        }
    };
    let store = args.data.store(args.data.keys()?).await?;
    let now = zeri_storage::now_ms();
    let rows: Vec<_> = services.iter().map(|s| zeri_web::directory_row(s, now)).collect();
    let changes: Vec<_> = services
        .iter()
        .map(|s| zeri_storage::ChangeRow {
            id: uuid::Uuid::new_v4().to_string(),
            resource_id: s.id.clone(),
            resource_type: "service".into(),
            last_action_date: now,
            last_action_type: "import".into(),
            field_name: "*".into(),
            previous_value: String::new(),
            replacement_value: s.name.clone(),
            updated_by: "zeri directory import".into(),
        })
        .collect();
    let bar = progress(rows.len(), "importing");
    let tick = |n: usize| bar.set_position(n as u64);
    store.save_services(&rows, &changes, &tick).await?;
    // Running instances reload their directory now (they would within 30 s anyway).
    store.bus().publish_now(zeri_storage::bus::Signal::Directory).await?;
    bar.finish_and_clear();
    println!("imported {} services from {} (in one transaction)", rows.len(), args.file.display());
    Ok(())
}

pub(crate) async fn directory_export(data: DataArgs) -> Result<()> {
    let store = data.store(data.keys()?).await?;
    let rows = store.services().await?;
    let bar = progress(rows.len(), "exporting");
    let mut services = Vec::with_capacity(rows.len());
    for r in rows {
        services.push(
            serde_json::from_str::<zeri_domain::directory::Service>(&r.data)
                .with_context(|| format!("service {}", r.id))?,
        );
        bar.inc(1);
    }
    bar.finish_and_clear();
    let json = serde_json::to_string_pretty(&zeri_domain::hsds::export(&services))?;
    let mut out = std::io::stdout().lock();
    out.write_all(json.as_bytes())?;
    out.write_all(b"\n")?;
    Ok(())
}
