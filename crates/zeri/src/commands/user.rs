use crate::*;
use anyhow::{bail, Context, Result};
use std::fs;
use zeri_crypto::PasswordParams;
use zeri_domain::permission::Profession;
use zeri_domain::Role;
use zeri_storage::NewEvent;
use zeri_web::{NewStaff, StaffError};

pub(crate) fn valid_username(name: &str) -> bool {
    (3..=64).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

pub(crate) async fn user_add(args: UserAddArgs) -> Result<()> {
    if !valid_username(&args.username) {
        bail!("the username must be 3–64 characters of a–z, 0–9, '.', '_' or '-'");
    }
    let role = Role::parse(&args.role).context("unknown role")?;
    let profession = args.profession.as_deref().and_then(Profession::parse);
    let password = match &args.password_file {
        Some(path) => {
            let text = zeroize::Zeroizing::new(
                fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?,
            );
            let first = text.lines().next().unwrap_or("").to_owned();
            if first.chars().count() < 12 {
                bail!("the password must have at least 12 characters");
            }
            Some(zeroize::Zeroizing::new(first))
        }
        None => None,
    };
    let keys = args.data.keys()?;
    let store = args.data.store(keys.clone()).await?;
    let new = NewStaff {
        username: &args.username,
        role,
        org_id: args.org.as_deref(),
        profession,
        password: password.as_deref().map(String::as_str),
        totp: None,
    };
    match zeri_web::create_staff(store.as_ref(), &keys, new, PasswordParams::default(), None).await {
        Ok(row) => {
            println!("created {} account '{}' (id {})", role.as_str(), args.username, row.id);
            if password.is_none() {
                print_setup_link(store.as_ref(), &row.id).await?;
            }
            if role.needs_second_factor() {
                println!("the second factor is set up at the first sign-in, in the web interface");
            }
            Ok(())
        }
        Err(StaffError::Taken) => bail!("an account named '{}' exists already", args.username),
        Err(StaffError::UnknownOrganisation) => bail!("no organisation with the id given by --org"),
        Err(e) => bail!("{e}"),
    }
}

pub(crate) async fn user_list(data: DataArgs) -> Result<()> {
    let store = data.store(data.keys()?).await?;
    for u in store.list_staff().await? {
        println!(
            "{:<20} {:<26} {:<24} {}{}{}",
            u.username,
            u.role.as_str(),
            u.org_id.as_deref().unwrap_or("-"),
            if u.totp_sealed.is_some() { "second factor" } else { "no second factor" },
            if u.password_hash.is_empty() { ", not set up yet" } else { "" },
            if u.disabled { ", disabled" } else { "" },
        );
        if u.confirmed_at.is_none() {
            println!("{:<20} (waits for a second person to confirm it)", "");
        }
    }
    Ok(())
}

pub(crate) async fn user_change(args: UserNameArgs, change: &str) -> Result<()> {
    let store = args.data.store(args.data.keys()?).await?;
    let user = store
        .staff_by_username(&args.username)
        .await?
        .with_context(|| format!("no account named '{}'", args.username))?;
    let event = NewEvent {
        at: zeri_storage::now_ms(),
        action: "staff-changed",
        detail: Some(format!("{}:{change}", user.id)),
        ..NewEvent::default()
    };
    match change {
        "disable" => store.set_staff_disabled(&user.id, true, &event).await?,
        "enable" => store.set_staff_disabled(&user.id, false, &event).await?,
        _ => {
            // No password, no factor, no session: the person sets both up again.
            store.reset_access(&user.id, &event).await?;
            println!("{}: {change} done; every session of the account has ended", args.username);
            return print_setup_link(store.as_ref(), &user.id).await;
        }
    }
    println!("{}: {change} done", args.username);
    Ok(())
}

/// A one-time set-up link (72 hours): the person chooses their password and second factor.
async fn print_setup_link(store: &dyn zeri_storage::Store, staff_id: &str) -> Result<()> {
    let token = zeri_crypto::new_token();
    let now = zeri_storage::now_ms();
    store
        .insert_session(&zeri_storage::SessionRow {
            token_digest: zeri_crypto::token_digest(&token).0,
            kind: zeri_storage::SessionKind::StaffSetup,
            subject: staff_id.to_owned(),
            created_at: now,
            last_seen_at: now,
            expires_at: now + zeri_web::service::access::SETUP_MAX_MS,
        })
        .await?;
    println!(
        "set-up link (shown only now, works once within 72 hours; put your site's address in front): {}",
        zeri_web::service::staff::setup_path(zeri_web::Lang::Sq, &token)
    );
    println!("give it to the person only: they choose their own password, then their second factor");
    Ok(())
}
