//! Every contact recorded, in the categories of the Child Helpline International (CHI)
//! data framework, which ALO 116 111 reports to every year.
//!
//! Source of the categories: Child Helpline International, "Voices of Children & Young
//! People Around the World: Global Child Helpline Data from 2023" (and the 2020 edition),
//! which count contacts by main reason for contact (abuse and violence, mental health,
//! family relationships, peer relationships, sexuality and sexual awareness, physical
//! health, education and school, legal matters and children's rights, basic needs,
//! discrimination, substance use, commercial exploitation, other) with sub-categories,
//! and count non-data contacts (silent, hang-up, prank, abusive, thank-you, test, wrong
//! number) apart; CHI's Glossary of Child Helpline Terms defines them. Only the
//! sub-categories that matter to Zëri are listed; anything else is "other" of its main
//! category.
//!
//! Zëri keeps its own child-friendly categories ([`Category`]) in the report form;
//! [`from_report`] maps each to its CHI sub-category (pure, tested for every category).

use crate::report::{choice_enum, Category};

choice_enum!(
    /// How a contact ended, recorded by the counsellor: a data contact (someone asked for
    /// help and it is counted by category) or one of CHI's non-data contacts.
    Disposition {
        Data = "data",
        Silent = "silent",
        HangUp = "hang_up",
        Prank = "prank",
        Abusive = "abusive",
        ThankYou = "thank_you",
        Test = "test",
        WrongNumber = "wrong_number",
    }
);

impl Disposition {
    /// Only a data contact carries categories.
    pub fn is_data(self) -> bool {
        self == Disposition::Data
    }
}

choice_enum!(
    /// CHI's main reasons for contact.
    ChiCategory {
        AbuseViolence = "abuse_violence",
        MentalHealth = "mental_health",
        FamilyRelationships = "family_relationships",
        PeerRelationships = "peer_relationships",
        Sexuality = "sexuality",
        PhysicalHealth = "physical_health",
        School = "school",
        LegalRights = "legal_rights",
        BasicNeeds = "basic_needs",
        Discrimination = "discrimination",
        SubstanceUse = "substance_use",
        CommercialExploitation = "commercial_exploitation",
        Other = "other",
    }
);

choice_enum!(
    /// CHI's sub-categories that matter here, each under one main category ([`Sub::main`]).
    Sub {
        SexualAbuse = "sexual_abuse",
        OnlineSexualAbuse = "online_sexual_abuse",
        OnlineSexualExploitation = "online_sexual_exploitation",
        SexualExtortion = "sexual_extortion",
        PhysicalViolence = "physical_violence",
        EmotionalViolence = "emotional_violence",
        Neglect = "neglect",
        Bullying = "bullying",
        Cyberbullying = "cyberbullying",
        HarmfulOnlineContent = "harmful_online_content",
        AnxietyDepression = "anxiety_depression",
        SelfHarmSuicide = "self_harm_suicide",
        ParentChild = "parent_child",
        Divorce = "divorce",
        Friends = "friends",
        Romantic = "romantic",
        SexualIdentity = "sexual_identity",
        SexualHealth = "sexual_health",
        Illness = "illness",
        SchoolProblems = "school_problems",
        Rights = "rights",
        Homelessness = "homelessness",
        Poverty = "poverty",
        Discriminated = "discriminated",
        Alcohol = "alcohol",
        Drugs = "drugs",
        Trafficking = "trafficking",
        ChildLabour = "child_labour",
        CommercialSexual = "commercial_sexual",
        OtherReason = "other_reason",
    }
);

impl Sub {
    /// The main category a sub-category belongs to.
    pub fn main(self) -> ChiCategory {
        use ChiCategory as C;
        use Sub::*;
        match self {
            SexualAbuse
            | OnlineSexualAbuse
            | OnlineSexualExploitation
            | SexualExtortion
            | PhysicalViolence
            | EmotionalViolence
            | Neglect
            | Bullying
            | Cyberbullying
            | HarmfulOnlineContent => C::AbuseViolence,
            AnxietyDepression | SelfHarmSuicide => C::MentalHealth,
            ParentChild | Divorce => C::FamilyRelationships,
            Friends | Romantic => C::PeerRelationships,
            SexualIdentity | SexualHealth => C::Sexuality,
            Illness => C::PhysicalHealth,
            SchoolProblems => C::School,
            Rights => C::LegalRights,
            Homelessness | Poverty => C::BasicNeeds,
            Discriminated => C::Discrimination,
            Alcohol | Drugs => C::SubstanceUse,
            Trafficking | ChildLabour | CommercialSexual => C::CommercialExploitation,
            OtherReason => C::Other,
        }
    }
}

/// The CHI sub-category of one of Zëri's child-friendly report categories.
pub fn from_report(category: Category) -> Sub {
    match category {
        Category::Grooming => Sub::OnlineSexualAbuse,
        Category::SexualExtortion => Sub::SexualExtortion,
        Category::ImagesShared => Sub::OnlineSexualExploitation,
        Category::AbuseMaterialSeen => Sub::HarmfulOnlineContent,
        Category::LiveStreaming => Sub::OnlineSexualExploitation,
        Category::UnwantedContent => Sub::HarmfulOnlineContent,
        Category::Harassment => Sub::Cyberbullying,
        Category::Other => Sub::OtherReason,
    }
}

choice_enum!(
    /// How the child describes themselves, where they said it (never asked for).
    Gender {
        Girl = "girl",
        Boy = "boy",
        Other = "other",
        Unknown = "unknown",
    }
);

choice_enum!(
    /// How the contact came.
    Channel {
        Chat = "chat",
        Phone = "phone",
    }
);

/// A contact's record as the counsellor gave it, checked: a data contact has a
/// sub-category; a non-data contact has none (and no age or gender: nobody spoke).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    pub disposition: Disposition,
    pub sub: Option<Sub>,
    pub gender: Gender,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordError {
    UnknownDisposition,
    UnknownCategory,
    /// A data contact needs a category.
    CategoryRequired,
    /// A non-data contact has no category.
    CategoryNotAllowed,
    UnknownGender,
}

impl RecordError {
    pub fn code(self) -> &'static str {
        match self {
            RecordError::UnknownDisposition | RecordError::UnknownCategory | RecordError::UnknownGender => {
                "unknown-choice"
            }
            RecordError::CategoryRequired => "required",
            RecordError::CategoryNotAllowed => "sup-category-not-allowed",
        }
    }
}

/// Checks what the form gave.
pub fn record(disposition: &str, sub: Option<&str>, gender: Option<&str>) -> Result<Record, RecordError> {
    let disposition = Disposition::parse(disposition.trim()).ok_or(RecordError::UnknownDisposition)?;
    let sub = match sub.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(Sub::parse(s).ok_or(RecordError::UnknownCategory)?),
    };
    let gender = match gender.map(str::trim).filter(|s| !s.is_empty()) {
        None => Gender::Unknown,
        Some(g) => Gender::parse(g).ok_or(RecordError::UnknownGender)?,
    };
    match (disposition.is_data(), sub) {
        (true, None) => Err(RecordError::CategoryRequired),
        (false, Some(_)) => Err(RecordError::CategoryNotAllowed),
        (false, None) => Ok(Record { disposition, sub, gender: Gender::Unknown }),
        (true, Some(_)) => Ok(Record { disposition, sub, gender }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_report_category_maps_into_abuse_or_other() {
        for &c in Category::ALL {
            let sub = from_report(c);
            let expected = if c == Category::Other { ChiCategory::Other } else { ChiCategory::AbuseViolence };
            assert_eq!(sub.main(), expected, "{c:?}");
        }
        assert_eq!(from_report(Category::Harassment), Sub::Cyberbullying);
        assert_eq!(from_report(Category::SexualExtortion), Sub::SexualExtortion);
    }

    #[test]
    fn every_main_category_has_a_sub_category() {
        for &m in ChiCategory::ALL {
            assert!(Sub::ALL.iter().any(|s| s.main() == m), "{m:?}");
        }
    }

    #[test]
    fn records_are_checked() {
        assert_eq!(record("data", None, None), Err(RecordError::CategoryRequired));
        assert_eq!(record("silent", Some("bullying"), None), Err(RecordError::CategoryNotAllowed));
        assert_eq!(record("nonsense", None, None), Err(RecordError::UnknownDisposition));
        assert_eq!(record("data", Some("x"), None), Err(RecordError::UnknownCategory));
        assert_eq!(record("data", Some("bullying"), Some("x")), Err(RecordError::UnknownGender));
        let r = record("data", Some("cyberbullying"), Some("girl")).unwrap();
        assert_eq!((r.sub, r.gender), (Some(Sub::Cyberbullying), Gender::Girl));
        let r = record("prank", None, Some("boy")).unwrap();
        assert_eq!((r.disposition, r.sub, r.gender), (Disposition::Prank, None, Gender::Unknown));
    }
}
