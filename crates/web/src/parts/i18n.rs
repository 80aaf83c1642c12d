//! Albanian first, English complete: Fluent bundles compiled into the binary.
//!
//! Every user-facing string is a Fluent message under `locales/{sq,en}/`. A missing
//! message renders as `⟦key⟧`, which the page tests look for.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Serialize;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Lang {
    #[serde(rename = "sq")]
    Sq,
    #[serde(rename = "en")]
    En,
}

const SOURCES: [(Lang, &[&str]); 2] = [
    (
        Lang::Sq,
        &[
            include_str!("../../locales/sq/main.ftl"),
            include_str!("../../locales/sq/stages.ftl"),
            include_str!("../../locales/sq/casework.ftl"),
            include_str!("../../locales/sq/awareness.ftl"),
            include_str!("../../locales/sq/directory.ftl"),
            include_str!("../../locales/sq/evidence.ftl"),
            include_str!("../../locales/sq/statistics.ftl"),
            include_str!("../../locales/sq/survey.ftl"),
            include_str!("../../locales/sq/chat.ftl"),
            include_str!("../../locales/sq/hosting.ftl"),
            include_str!("../../locales/sq/wellbeing.ftl"),
            include_str!("../../locales/sq/hotline.ftl"),
            include_str!("../../locales/sq/exchange.ftl"),
            include_str!("../../locales/sq/child.ftl"),
            include_str!("../../locales/sq/supervision.ftl"),
        ],
    ),
    (
        Lang::En,
        &[
            include_str!("../../locales/en/main.ftl"),
            include_str!("../../locales/en/stages.ftl"),
            include_str!("../../locales/en/casework.ftl"),
            include_str!("../../locales/en/awareness.ftl"),
            include_str!("../../locales/en/directory.ftl"),
            include_str!("../../locales/en/evidence.ftl"),
            include_str!("../../locales/en/statistics.ftl"),
            include_str!("../../locales/en/survey.ftl"),
            include_str!("../../locales/en/chat.ftl"),
            include_str!("../../locales/en/hosting.ftl"),
            include_str!("../../locales/en/wellbeing.ftl"),
            include_str!("../../locales/en/hotline.ftl"),
            include_str!("../../locales/en/exchange.ftl"),
            include_str!("../../locales/en/child.ftl"),
            include_str!("../../locales/en/supervision.ftl"),
        ],
    ),
];

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Sq, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Sq => "sq",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "sq" => Some(Lang::Sq),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of a page path (`/sq/…`, `/en/…`).
    pub fn from_path(path: &str) -> Option<Self> {
        path.split('/').nth(1).and_then(Lang::from_code)
    }

    /// The other language, for the language switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Sq => Lang::En,
            Lang::En => Lang::Sq,
        }
    }

    /// The first of our languages named in an `Accept-Language` header; Albanian otherwise.
    pub fn from_accept_language(header: Option<&str>) -> Lang {
        header
            .into_iter()
            .flat_map(|h| h.split(','))
            .filter_map(|part| part.split(';').next())
            .filter_map(|tag| Lang::from_code(tag.trim().split('-').next().unwrap_or("").to_ascii_lowercase().as_str()))
            .next()
            .unwrap_or(Lang::Sq)
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        static BUNDLES: OnceLock<[FluentBundle<FluentResource>; 2]> = OnceLock::new();
        let bundles = BUNDLES.get_or_init(|| SOURCES.map(|(lang, sources)| build(lang, sources)));
        &bundles[self as usize]
    }

    /// Whether the message `key` exists in this language.
    pub fn has(self, key: &str) -> bool {
        self.bundle().has_message(key)
    }

    /// The message `key`.
    pub fn t(self, key: &str) -> String {
        self.format(key, None)
    }

    /// The message `key` with arguments.
    pub fn t_args(self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            fa.set(*k, v.clone());
        }
        self.format(key, Some(&fa))
    }

    fn format(self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let bundle = self.bundle();
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::error!(key, lang = self.code(), "missing translation");
            return format!("⟦{key}⟧");
        };
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, args, &mut errors).into_owned();
        if !errors.is_empty() {
            tracing::error!(key, lang = self.code(), "translation formatting failed");
        }
        out
    }

    /// Every message id of this language, for the completeness tests.
    pub fn message_ids(self) -> Vec<String> {
        let sources = SOURCES.iter().find(|(l, _)| *l == self).map(|(_, s)| *s).unwrap_or_default();
        let mut ids = Vec::new();
        for src in sources {
            let res = FluentResource::try_new(src.to_string()).unwrap_or_else(|(r, _)| r);
            for entry in res.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    ids.push(m.id.name.to_string());
                }
            }
        }
        ids.sort();
        ids
    }
}

fn build(lang: Lang, sources: &[&str]) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.code().parse().expect("valid language id");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: they would end up in HTML and e-mails.
    bundle.set_use_isolating(false);
    for src in sources {
        let res = FluentResource::try_new(src.to_string()).expect("locale files are valid Fluent (checked by tests)");
        bundle.add_resource(res).expect("no message is defined twice (checked by tests)");
    }
    bundle
}

pub fn label(lang: Lang, prefix: &str, value: &str) -> String {
    lang.t(&format!("{prefix}-{}", value.replace('_', "-")))
}

/// An organisation's name as shown: Child Protection Units by their municipality in the
/// page's language, demonstration organisations marked as such.
pub fn org_name(lang: Lang, org: &zeri_storage::OrgRow) -> String {
    let name = match (org.kind, &org.municipality) {
        (zeri_domain::permission::OrgKind::ChildProtectionUnit, Some(m)) => {
            lang.t_args("org-cpu", &[("municipality", m.clone().into())])
        }
        _ => org.name.clone(),
    };
    if org.demo {
        format!("{name} ({})", lang.t("demo-marker"))
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_files_parse_without_errors() {
        for (lang, sources) in SOURCES {
            for src in sources {
                if let Err((_, errors)) = FluentResource::try_new(src.to_string()) {
                    panic!("{lang:?}: {errors:?}");
                }
            }
        }
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        let sq = Lang::Sq.message_ids();
        let en = Lang::En.message_ids();
        let only_sq: Vec<_> = sq.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !sq.contains(k)).collect();
        assert!(only_sq.is_empty() && only_en.is_empty(), "only in sq: {only_sq:?}; only in en: {only_en:?}");
        let mut dedup = sq.clone();
        dedup.dedup();
        assert_eq!(dedup.len(), sq.len(), "a message is defined twice");
    }

    #[test]
    fn every_stage_has_its_texts() {
        for lang in Lang::ALL {
            for stage in zeri_domain::Stage::ALL {
                for key in [stage.name_key(), stage.staff_name_key(), stage.next_key(), stage.rights_key()] {
                    assert!(!lang.t(&key).starts_with('⟦'), "{lang:?} lacks {key}");
                }
            }
        }
    }

    #[test]
    fn accept_language() {
        assert_eq!(Lang::from_accept_language(Some("en-GB,en;q=0.9")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("de, sq;q=0.5")), Lang::Sq);
        assert_eq!(Lang::from_accept_language(Some("de")), Lang::Sq);
        assert_eq!(Lang::from_accept_language(None), Lang::Sq);
    }

    #[test]
    fn arguments_are_not_isolated() {
        let s = Lang::En.t_args("field-error-too-long", &[("limit", 80.into())]);
        assert!(s.contains("80") && !s.contains('\u{2068}'), "{s}");
    }
}
