//! Every contact recorded: when a chat or a call ends, the counsellor records its
//! disposition (a data contact with its CHI sub-category, or a non-data contact such as a
//! silent call or a prank) and, where the child said so, their gender. No text is kept: the
//! categories are in `zeri_domain::chi`. Canned responses are kept here too.

use crate::now_ms;
use crate::service::case::{event, invalid, new_id, permitted, Fail};
use crate::service::chat::staff_chat;
use crate::App;
use zeri_domain::chi::{self, Channel};
use zeri_domain::{authorize, Action, Relation, Role};
use zeri_storage::{CannedRow, ContactRecordRow, NewEvent, StaffRow, StoreError};

/// What the counsellor chose on the form.
pub struct ContactInput<'a> {
    pub disposition: &'a str,
    pub sub: Option<&'a str>,
    pub gender: Option<&'a str>,
}

fn may(user: &StaffRow, action: Action) -> Result<(), Fail> {
    if authorize(user.role, Relation::None, false, action).allowed() {
        Ok(())
    } else {
        Err(Fail::Forbidden)
    }
}

fn checked(input: &ContactInput) -> Result<chi::Record, Fail> {
    chi::record(input.disposition, input.sub, input.gender).map_err(|e| {
        let field = match e {
            chi::RecordError::UnknownDisposition => "disposition",
            chi::RecordError::UnknownGender => "gender",
            _ => "category",
        };
        invalid(field, e.code())
    })
}

fn row(
    user: &StaffRow,
    org_id: String,
    report: Option<&zeri_storage::ReportRow>,
    chat_id: Option<String>,
    channel: Channel,
    r: chi::Record,
) -> ContactRecordRow {
    ContactRecordRow {
        id: new_id(),
        org_id,
        report_id: report.map(|r| r.id.clone()),
        chat_id,
        staff_id: user.id.clone(),
        channel: channel.as_str().to_owned(),
        at: now_ms(),
        disposition: r.disposition.as_str().to_owned(),
        chi_main: r.sub.map(|s| s.main().as_str().to_owned()),
        chi_sub: r.sub.map(|s| s.as_str().to_owned()),
        age_band: match (r.disposition.is_data(), report) {
            (true, Some(rep)) => rep.age_band.as_str().to_owned(),
            _ => zeri_domain::report::AgeBand::Unknown.as_str().to_owned(),
        },
        gender: r.gender.as_str().to_owned(),
    }
}

/// The CHI sub-category suggested for a case: its report category, mapped.
pub fn suggested(report: &zeri_storage::ReportRow) -> chi::Sub {
    chi::from_report(report.category)
}

/// The chat whose contact the counsellor is about to record, with its case.
pub async fn chat_to_record(
    app: &App,
    user: &StaffRow,
    chat_id: &str,
) -> Result<(zeri_storage::ChatRow, crate::service::case::Case, Option<ContactRecordRow>), Fail> {
    may(user, Action::RecordContact)?;
    let (chat, case) = staff_chat(app, user, chat_id).await?;
    if chat.staff_id.as_deref() != Some(user.id.as_str()) {
        return Err(Fail::Forbidden);
    }
    let done = app.store.contact_record_of_chat(&chat.id).await?;
    Ok((chat, case, done))
}

/// Records a chat's contact, once, by the counsellor who answered it.
pub async fn record_chat(
    app: &App,
    user: &StaffRow,
    chat_id: &str,
    input: &ContactInput<'_>,
) -> Result<ContactRecordRow, Fail> {
    let (chat, case, done) = chat_to_record(app, user, chat_id).await?;
    if done.is_some() {
        return Err(Fail::Conflict("sup-already-recorded"));
    }
    let r = checked(input)?;
    let row = row(user, case.report.org_id.clone(), Some(&case.report), Some(chat.id), Channel::Chat, r);
    let e = event(user, &case.report.id, "contact-recorded", Some(&row.disposition));
    match app.store.insert_contact_record(&row, &e).await {
        Ok(()) => Ok(row),
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict("sup-already-recorded")),
        Err(e) => Err(e.into()),
    }
}

/// Records a phone contact: about a case (a data contact or not), or about none (a silent
/// call, a prank: the organisation's, with no case).
pub async fn record_phone(
    app: &App,
    user: &StaffRow,
    report_id: Option<&str>,
    input: &ContactInput<'_>,
) -> Result<ContactRecordRow, Fail> {
    may(user, Action::RecordContact)?;
    let org = user.org_id.clone().ok_or(Fail::Forbidden)?;
    let r = checked(input)?;
    let (row, e) = match report_id.filter(|r| !r.trim().is_empty()) {
        Some(id) => {
            let case = permitted(app, user, id.trim(), Action::Reply).await?;
            let row = row(user, case.report.org_id.clone(), Some(&case.report), None, Channel::Phone, r);
            let e = event(user, &case.report.id, "contact-recorded", Some(&row.disposition));
            (row, e)
        }
        None => {
            let row = row(user, org, None, None, Channel::Phone, r);
            let e = NewEvent {
                at: row.at,
                staff_id: Some(user.id.clone()),
                role: Some(user.role),
                org_id: user.org_id.clone(),
                action: "contact-recorded",
                detail: Some(row.disposition.clone()),
                ..NewEvent::default()
            };
            (row, e)
        }
    };
    app.store.insert_contact_record(&row, &e).await?;
    Ok(row)
}

// ----- canned responses -----

/// The longest canned response, in characters (a chat message is at most 2000).
pub const CANNED_MAX: usize = 1000;

/// The canned responses a counsellor may insert, in the page's language: their
/// organisation's and those an administrator keeps for everyone.
pub async fn canned_for(app: &App, user: &StaffRow, lang: &str) -> Result<Vec<CannedRow>, Fail> {
    Ok(app.store.canned_responses(user.org_id.as_deref(), lang).await?)
}

/// Adds a canned response: a supervisor for their organisation, an administrator for all.
pub async fn add_canned(app: &App, user: &StaffRow, lang: &str, title: &str, body: &str) -> Result<(), Fail> {
    may(user, Action::ManageCannedResponses)?;
    if !matches!(lang, "sq" | "en") {
        return Err(invalid("lang", "unknown-choice"));
    }
    let (title, body) = (title.trim(), body.trim());
    if title.is_empty() {
        return Err(invalid("title", "required"));
    }
    if body.is_empty() {
        return Err(invalid("body", "required"));
    }
    if title.chars().count() > 80 {
        return Err(invalid("title", "too-long"));
    }
    if body.chars().count() > CANNED_MAX {
        return Err(invalid("body", "too-long"));
    }
    let org_id = if user.role == Role::Admin { None } else { user.org_id.clone() };
    let row = CannedRow {
        id: new_id(),
        org_id,
        lang: lang.to_owned(),
        title: title.to_owned(),
        body: body.to_owned(),
        updated_at: now_ms(),
        updated_by: user.id.clone(),
    };
    app.store.put_canned_response(&row, &staff_event(user, "canned-response-added")).await?;
    Ok(())
}

pub async fn delete_canned(app: &App, user: &StaffRow, id: &str) -> Result<(), Fail> {
    may(user, Action::ManageCannedResponses)?;
    let org_id = if user.role == Role::Admin { None } else { user.org_id.as_deref() };
    match app.store.delete_canned_response(id, org_id, &staff_event(user, "canned-response-deleted")).await {
        Ok(()) => Ok(()),
        Err(StoreError::NotFound) => Err(Fail::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// An audit entry about no case.
pub(crate) fn staff_event(user: &StaffRow, action: &'static str) -> NewEvent {
    NewEvent {
        at: now_ms(),
        staff_id: Some(user.id.clone()),
        role: Some(user.role),
        org_id: user.org_id.clone(),
        action,
        ..NewEvent::default()
    }
}
