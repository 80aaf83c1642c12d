//! What the hotline's pages and API share: an item as JSON, labels of its codes, the
//! query of the queue.

use crate::parts::i18n::{label, Lang};
use crate::service::hotline::item_ref;
use serde::{Deserialize, Serialize};
use zeri_domain::hotline::{Classification, ItemState};
use zeri_storage::ContentItemRow;

/// The queue's filter and page, from the address (codes and numbers only).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueParams {
    /// Only items in this state: new | assessed | confirmed | disputed (default: all,
    /// those waiting for an assessment first).
    pub(crate) state: Option<String>,
    /// The page, from 1 (50 items a page).
    pub(crate) page: Option<i64>,
    /// The page's own note of what was just done (pages only).
    #[param(ignore)]
    pub(crate) done: Option<String>,
}

impl QueueParams {
    /// The state asked for; `Err` for one that does not exist.
    pub(crate) fn state(&self) -> Result<Option<ItemState>, ()> {
        match self.state.as_deref().filter(|s| !s.is_empty() && *s != "all") {
            None => Ok(None),
            Some(s) => ItemState::parse(s).map(Some).ok_or(()),
        }
    }
}

/// A classification as JSON: the codes.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ClassificationJson {
    /// baseline | national | not_illegal
    verdict: String,
    /// image | video | text | other
    content_type: String,
    /// infant_toddler | prepubescent | pubescent | unknown
    age_group: Option<String>,
    /// website | image_host | file_host | forum | social_network | video_platform | chat | blog | other
    site_type: String,
    /// grooming | sextortion | bullying | hate | other_harmful | nothing (material that is not illegal)
    other_harm: Option<String>,
}

impl From<&Classification> for ClassificationJson {
    fn from(c: &Classification) -> Self {
        ClassificationJson {
            verdict: c.verdict.as_str().to_owned(),
            content_type: c.content_type.as_str().to_owned(),
            age_group: c.age_group.map(|a| a.as_str().to_owned()),
            site_type: c.site_type.as_str().to_owned(),
            other_harm: c.other_harm.map(|o| o.as_str().to_owned()),
        }
    }
}

/// An item in the queue (no URL: that is read on the item itself, audited).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ItemSummary {
    id: String,
    /// A short reference to name it aloud.
    reference: String,
    /// new | assessed | confirmed | disputed
    state: String,
    /// public | analyst | case
    source: String,
    /// What the first reporter said it shows.
    shows: Option<String>,
    /// First reported, ms since the epoch.
    created_at: i64,
    last_reported_at: i64,
    times_reported: i64,
    classification: Option<ClassificationJson>,
    /// ISO 3166-1 alpha-2, once it is known where the item is hosted.
    hosting_country: Option<String>,
    removed_at: Option<i64>,
    forwarded_to: Option<String>,
}

impl From<&ContentItemRow> for ItemSummary {
    fn from(i: &ContentItemRow) -> Self {
        ItemSummary {
            id: i.id.clone(),
            reference: item_ref(&i.id),
            state: i.state.as_str().to_owned(),
            source: i.source.as_str().to_owned(),
            shows: i.shows.map(|s| s.as_str().to_owned()),
            created_at: i.created_at,
            last_reported_at: i.last_reported_at,
            times_reported: i.times_reported,
            classification: i.classification.as_ref().map(ClassificationJson::from),
            hosting_country: i.hosting_country.clone(),
            removed_at: i.removed_at,
            forwarded_to: i.forwarded_to.clone(),
        }
    }
}

/// An item's classification in words, for a page.
pub(crate) fn classification_text(lang: Lang, c: &Classification) -> String {
    let mut parts = vec![
        label(lang, "verdict", c.verdict.as_str()),
        label(lang, "content-type", c.content_type.as_str()),
        label(lang, "site-type", c.site_type.as_str()),
    ];
    if let Some(a) = c.age_group {
        parts.push(label(lang, "age-group", a.as_str()));
    }
    if let Some(o) = c.other_harm {
        parts.push(label(lang, "other-harm", o.as_str()));
    }
    parts.join(" · ")
}
