//! Who may do what, decided in one place.
//!
//! The web layer asks [`authorize`] before every action on a case; storage never decides
//! policy. The decision depends on four things only: the user's role, the user's
//! [`Relation`] to the case (worked out by [`relation`] from plain facts), whether consent
//! (or a recorded legal duty) covers the user's organisation for this case, and the
//! [`Action`]. The whole table is rendered to `permission-table.txt` beside this file and
//! compared in a test, so every change of policy shows up as a reviewable diff.
//!
//! The hotline's content items (reported URLs, `crate::hotline`) are not cases: no child
//! is in them. Who works on them is [`authorize_item`], over role × organisation kind ×
//! [`ItemRelation`] × [`ItemAction`], rendered to `permission-items-table.txt` the same way.

use crate::report::choice_enum;

choice_enum!(
    /// What a staff account does. Each role belongs to one kind of organisation
    /// ([`Role::org_kinds`]); administrators and statisticians to any or none.
    Role {
        /// Hotline analyst (ISIGURT.al-type): triages reports, checks links, forwards, refers.
        HotlineAnalyst = "hotline_analyst",
        /// Helpline counsellor (ALO 116 111-type): answers reports and follow-up messages.
        Counsellor = "counsellor",
        /// Child Protection Officer (PMF) of a municipal Child Protection Unit.
        ChildProtectionOfficer = "child_protection_officer",
        /// Psychologist, social worker, lawyer or doctor of a service organisation.
        ServiceProvider = "service_provider",
        PoliceInvestigator = "police_investigator",
        Prosecutor = "prosecutor",
        /// Runs the multi-agency team of a Barnahus.
        BarnahusCoordinator = "barnahus_coordinator",
        /// Supervisor of a helpline or hotline team: watches the chat queue, coaches,
        /// reviews a sample of closed contacts, approves closures; sees the contacts of their
        /// own organisation, never an identity unless assigned (the stated-reason flow).
        Supervisor = "supervisor",
        /// Manages accounts and organisations; reads no case.
        Admin = "admin",
        /// Sees aggregated, suppressed statistics only; never a case.
        Statistician = "statistician",
    }
);

choice_enum!(
    /// The kinds of organisation that work on cases.
    OrgKind {
        /// The child helpline (ALO 116 111); receives new reports.
        Helpline = "helpline",
        /// The online hotline (ISIGURT.al).
        Hotline = "hotline",
        /// A municipal Child Protection Unit (NJMF); one per municipality.
        ChildProtectionUnit = "cpu",
        /// A psychological, social, legal or medical service.
        Service = "service",
        Police = "police",
        Prosecution = "prosecution",
        Barnahus = "barnahus",
    }
);

choice_enum!(
    /// What a service provider does (shown to colleagues, never to the child by name).
    Profession {
        Psychologist = "psychologist",
        SocialWorker = "social_worker",
        Lawyer = "lawyer",
        Doctor = "doctor",
    }
);

impl Role {
    /// Fluent key of the role as shown to a child in the access log (never a person's name).
    pub fn public_name_key(self) -> String {
        format!("role-{}", self.as_str().replace('_', "-"))
    }

    /// Roles that work on cases (everyone but administrators and statisticians).
    pub fn works_on_cases(self) -> bool {
        !matches!(self, Role::Admin | Role::Statistician)
    }

    /// The organisation kinds an account of this role may belong to; empty: any or none.
    pub fn org_kinds(self) -> &'static [OrgKind] {
        match self {
            Role::HotlineAnalyst => &[OrgKind::Hotline],
            Role::Counsellor => &[OrgKind::Helpline],
            Role::ChildProtectionOfficer => &[OrgKind::ChildProtectionUnit],
            Role::ServiceProvider => &[OrgKind::Service, OrgKind::Barnahus],
            Role::PoliceInvestigator => &[OrgKind::Police],
            Role::Prosecutor => &[OrgKind::Prosecution],
            Role::BarnahusCoordinator => &[OrgKind::Barnahus],
            Role::Supervisor => &[OrgKind::Helpline, OrgKind::Hotline],
            Role::Admin | Role::Statistician => &[],
        }
    }

    /// A second factor is required for every role. Those that can reveal a child's identity
    /// or export a case need it for that; administrators because they create such accounts;
    /// statisticians because a stolen password would otherwise read every published table
    /// and spend the period's privacy budget on a public release.
    pub fn needs_second_factor(self) -> bool {
        true
    }
}

/// The user's relation to the case in question, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The case is assigned to the user.
    Assigned,
    /// The user is a member of the case's multi-agency (Barnahus) team.
    Team,
    /// The case was referred to the user's organisation, which accepted it.
    Referred,
    /// The case was referred to the user's organisation, which has not answered yet.
    ReferralPending,
    /// The case is held by the user's organisation (a colleague's, or the unassigned intake).
    SameOrg,
    /// No relation, or an action that is not about one case (lists, accounts, statistics).
    None,
}

impl Relation {
    pub const ALL: [Relation; 6] = [
        Relation::Assigned,
        Relation::Team,
        Relation::Referred,
        Relation::ReferralPending,
        Relation::SameOrg,
        Relation::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Assigned => "assigned",
            Relation::Team => "team",
            Relation::Referred => "referred",
            Relation::ReferralPending => "referral_pending",
            Relation::SameOrg => "same_org",
            Relation::None => "none",
        }
    }
}

choice_enum!(
    Action {
        // Not about one case (relation `None`).
        /// See the list of cases the user can open (no free text).
        ListCases = "list_cases",
        ManageStaff = "manage_staff",
        ManageOrganisations = "manage_organisations",
        /// Create, edit, verify and retire services of the directory.
        ManageDirectory = "manage_directory",
        /// The coverage-gap map (no case data).
        ViewCoverage = "view_coverage",
        ViewStatistics = "view_statistics",
        /// Import lists of known hashes to match evidence against.
        ManageHashLists = "manage_hash_lists",
        /// Export the hashes sent from the take-down page, for platforms.
        ExportTakedowns = "export_takedowns",
        /// Review take-down requests before their hashes are shared with platforms.
        ReviewTakedowns = "review_takedowns",
        /// Register platforms that pull shared hashes, and revoke their tokens.
        ManagePlatforms = "manage_platforms",
        /// Create, edit, open and close frontline-worker surveys, and read their free text.
        ManageSurveys = "manage_surveys",
        /// See a survey's results (percentages under the small-number rule, no free text).
        ViewSurveyResults = "view_survey_results",
        /// Find where a reported address is hosted: its name resolved and its addresses
        /// placed in a country (never a connection to it, never the material).
        LocateHosting = "locate_hosting",
        /// Keep the table of hosts and platforms (abuse contacts, trusted-flagger channels).
        ManageHosts = "manage_hosts",
        /// See the live chat queue of one's organisation: who waits how long, who is on
        /// duty, who handles which chat (no message text).
        SuperviseChats = "supervise_chats",
        /// The quality review of a sample of one's organisation's closed contacts.
        ReviewContacts = "review_contacts",
        /// The supervisor's figures of one's organisation (numbers only).
        ViewTeamFigures = "view_team_figures",
        /// Keep the canned responses counsellors insert in chats.
        ManageCannedResponses = "manage_canned_responses",
        /// Record how a contact ended (disposition and CHI category), chat or phone.
        RecordContact = "record_contact",
        // About one case.
        /// Read the case: category, age band, municipality, description, notes, plan.
        ReadCase = "read_case",
        /// Read the conversation with the child.
        ReadMessages = "read_messages",
        /// Write to the child.
        Reply = "reply",
        /// See names, contact, town or village, school: needs a stated reason, is audited
        /// and shown to the child.
        RevealIdentity = "reveal_identity",
        /// Take an unassigned case of one's organisation.
        Take = "take",
        /// Set urgency and category.
        Triage = "triage",
        ChangeStage = "change_stage",
        WriteNote = "write_note",
        ManageTasks = "manage_tasks",
        RecordConsent = "record_consent",
        Refer = "refer",
        /// Accept, decline or complete a referral to one's organisation.
        AnswerReferral = "answer_referral",
        /// Build the multi-agency team and record its planning meetings.
        ManageTeam = "manage_team",
        ReadTestimony = "read_testimony",
        AddTestimony = "add_testimony",
        /// Generate a traceable case package for police or prosecution.
        Export = "export",
        /// Record what became of the case (investigation, prosecution, support, compensation).
        RecordOutcome = "record_outcome",
        /// Open an evidence file (see an image): needs a stated reason, is audited, enters
        /// the chain of custody and is shown to the child. Digests and matches are part of
        /// reading the case.
        ViewEvidence = "view_evidence",
        /// Approve (or return) a counsellor's request to close a case, where the
        /// organisation requires it.
        ApproveClosure = "approve_closure",
        /// Link two cases that belong together (a phone call and an online report of the
        /// same child, a parent's report): one who holds both.
        LinkCases = "link_cases",
        /// Merge two linked cases into one, for good: one who holds both.
        MergeCases = "merge_cases",
        /// Ask another organisation to take the lead on the case (a transfer, not a
        /// referral): one who holds it.
        RequestTransfer = "request_transfer",
        /// Accept or reject a transfer of the lead to one's organisation.
        AnswerTransfer = "answer_transfer",
    }
);

impl Action {
    /// Actions about one case (as opposed to lists and administration).
    pub fn is_about_a_case(self) -> bool {
        !matches!(
            self,
            Action::ListCases
                | Action::ManageStaff
                | Action::ManageOrganisations
                | Action::ManageDirectory
                | Action::ViewCoverage
                | Action::ViewStatistics
                | Action::ManageHashLists
                | Action::ExportTakedowns
                | Action::ReviewTakedowns
                | Action::ManagePlatforms
                | Action::ManageSurveys
                | Action::ViewSurveyResults
                | Action::LocateHosting
                | Action::ManageHosts
                | Action::SuperviseChats
                | Action::ReviewContacts
                | Action::ViewTeamFigures
                | Action::ManageCannedResponses
                | Action::RecordContact
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny,
}

impl Decision {
    pub fn allowed(self) -> bool {
        self == Decision::Allow
    }
}

/// The single permission decision of Zëri.
///
/// - Administrators and statisticians never touch a case: those accounts are the ones most
///   worth stealing, so they carry no case data.
/// - The organisation holding a case (the helpline for new reports) works on it; colleagues
///   cover each other's shifts, but only the assigned professional sees identities.
/// - Everyone else (a referred organisation, a team member) needs consent on record for
///   their organisation, or a recorded legal duty; withdrawing consent cuts access at once.
/// - A pending referral only lets the receiving organisation answer it.
/// - Police and prosecution never write to the child and never record consent: they are
///   told what the case and consent allow, no more.
pub fn authorize(role: Role, relation: Relation, consent: bool, action: Action) -> Decision {
    use Action::*;
    use Relation as R;
    use Role::*;
    let case_role = role.works_on_cases();
    let holder = matches!(relation, R::Assigned | R::SameOrg);
    let shared = matches!(relation, R::Team | R::Referred) && consent;
    let allow = match action {
        ListCases => case_role && relation == R::None,
        ManageStaff | ManageOrganisations | ManageDirectory => role == Admin && relation == R::None,
        // Any staff member: it shows where help is missing, never a case.
        ViewCoverage => relation == R::None,
        ViewStatistics => matches!(role, Admin | Statistician) && relation == R::None,
        ManageHashLists => role == Admin && relation == R::None,
        ExportTakedowns | ReviewTakedowns => role == HotlineAnalyst && relation == R::None,
        ManagePlatforms => role == Admin && relation == R::None,
        ManageSurveys => role == Admin && relation == R::None,
        ViewSurveyResults => matches!(role, Admin | Statistician) && relation == R::None,
        // The hotline's own work on reported addresses; administrators keep the hosts it
        // sends notices to, and never see what was reported.
        LocateHosting => role == HotlineAnalyst && relation == R::None,
        ManageHosts => role == Admin && relation == R::None,
        SuperviseChats | ReviewContacts | ViewTeamFigures => role == Supervisor && relation == R::None,
        ManageCannedResponses => matches!(role, Supervisor | Admin) && relation == R::None,
        RecordContact => matches!(role, Counsellor | HotlineAnalyst) && relation == R::None,
        _ if !case_role => false,
        // A supervisor reads along in their own organisation and approves closures there;
        // an identity only if the case is assigned to them (then through the stated-reason
        // flow, like anyone); nothing in another organisation, shared or not.
        _ if role == Supervisor => match action {
            ReadCase | ReadMessages | ApproveClosure => holder,
            RevealIdentity => relation == R::Assigned,
            _ => false,
        },
        ApproveClosure => false,
        // Joining cases joins what their readers see: only a holder of the case (and the
        // service checks the other case the same way), never someone it was shared with.
        LinkCases | MergeCases | RequestTransfer => {
            holder && matches!(role, Counsellor | HotlineAnalyst | ChildProtectionOfficer | BarnahusCoordinator)
        }
        // A transfer waiting for the user's organisation (the relation of a pending
        // referral): the roles that lead cases answer it; the service checks it is theirs.
        AnswerTransfer => {
            (relation == R::ReferralPending || (relation == R::Referred && consent))
                && matches!(role, Counsellor | HotlineAnalyst | ChildProtectionOfficer | BarnahusCoordinator)
        }
        ReadCase | WriteNote => holder || shared,
        ReadMessages | Reply => {
            (holder && !matches!(role, PoliceInvestigator | Prosecutor))
                || (relation == R::Referred && consent && matches!(role, ChildProtectionOfficer | ServiceProvider))
        }
        RevealIdentity => relation == R::Assigned || shared,
        Take => relation == R::SameOrg,
        Triage | ChangeStage => holder,
        ManageTasks => holder || shared,
        RecordConsent => {
            (holder && !matches!(role, PoliceInvestigator | Prosecutor))
                || (role == ChildProtectionOfficer && relation == R::Referred && consent)
        }
        Refer => {
            (holder && matches!(role, Counsellor | HotlineAnalyst | ChildProtectionOfficer | BarnahusCoordinator))
                || (role == ChildProtectionOfficer && relation == R::Referred && consent)
        }
        AnswerReferral => matches!(relation, R::ReferralPending | R::Referred),
        ManageTeam => matches!(role, BarnahusCoordinator | ChildProtectionOfficer) && (holder || shared),
        ReadTestimony => (relation == R::Team && consent) || (role == BarnahusCoordinator && (holder || shared)),
        AddTestimony => matches!(role, BarnahusCoordinator | PoliceInvestigator) && (holder || shared),
        Export => role != ServiceProvider && (relation == R::Assigned || shared),
        RecordOutcome => holder || shared,
        // Whoever works the evidence: the holding helpline or hotline, and police and
        // prosecution within consent. Nobody else ever needs to see the images.
        ViewEvidence => {
            (holder && matches!(role, Counsellor | HotlineAnalyst))
                || (shared && matches!(role, HotlineAnalyst | PoliceInvestigator | Prosecutor))
        }
    };
    if allow {
        Decision::Allow
    } else {
        Decision::Deny
    }
}

choice_enum!(
    /// What is done with the hotline's content items (reported URLs; `crate::hotline`).
    /// Content items are not cases: no child is in them, and only the hotline works on them.
    ItemAction {
        /// See the queue of items (codes and dates only).
        ListItems = "list_items",
        /// Add links to the queue, by hand or from the links of a child's report.
        CreateItem = "create_item",
        /// Open an item: its URL (sealed at rest) and its reports, hashes and assessments.
        ReadItem = "read_item",
        /// Record a classification.
        AssessItem = "assess_item",
        /// Confirm or dispute the current assessment: the four-eyes rule.
        ReviewAssessment = "review_assessment",
        /// Notice and take-down: locate where it is hosted, send the notice to the host and
        /// the referral to the police, record answers, re-check, confirm it gone.
        TakeDown = "take_down",
    }
);

/// The user's relation to one content item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemRelation {
    /// The user made the item's current assessment.
    Assessor,
    /// Any other user, or an item without an assessment.
    Other,
    /// Not about one item (the queue, adding links).
    None,
}

impl ItemRelation {
    pub const ALL: [ItemRelation; 3] = [ItemRelation::Assessor, ItemRelation::Other, ItemRelation::None];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemRelation::Assessor => "assessor",
            ItemRelation::Other => "other",
            ItemRelation::None => "none",
        }
    }
}

/// The permission decision for content items: only hotline analysts of a hotline
/// organisation work on them (anyone else is answered as if nothing were there), and the
/// one who made an assessment never confirms or disputes it: a second pair of eyes is
/// another analyst. Whether an assessment waits for an answer is the item's state
/// (`crate::hotline::ItemState::after`), not a permission.
pub fn authorize_item(role: Role, org: Option<OrgKind>, relation: ItemRelation, action: ItemAction) -> Decision {
    use ItemAction::*;
    let analyst = role == Role::HotlineAnalyst && org == Some(OrgKind::Hotline);
    let allow = analyst
        && match action {
            ListItems | CreateItem => relation == ItemRelation::None,
            ReadItem | AssessItem | TakeDown => relation != ItemRelation::None,
            ReviewAssessment => relation == ItemRelation::Other,
        };
    if allow {
        Decision::Allow
    } else {
        Decision::Deny
    }
}

/// The item table as text: one line per role × organisation kind × relation.
pub fn render_item_table() -> String {
    let mut out = String::from("# role | organisation kind | item relation | allowed item actions\n");
    let orgs: Vec<Option<OrgKind>> = std::iter::once(None).chain(OrgKind::ALL.iter().copied().map(Some)).collect();
    for &role in Role::ALL {
        for org in &orgs {
            for relation in ItemRelation::ALL {
                let allowed: Vec<&str> = ItemAction::ALL
                    .iter()
                    .filter(|a| authorize_item(role, *org, relation, **a).allowed())
                    .map(|a| a.as_str())
                    .collect();
                out.push_str(&format!(
                    "{} | {} | {} | {}\n",
                    role.as_str(),
                    org.map_or("none", OrgKind::as_str),
                    relation.as_str(),
                    if allowed.is_empty() { "-".to_owned() } else { allowed.join(" ") }
                ));
            }
        }
    }
    out
}

/// What [`relation`] needs to know about the user.
pub struct UserFacts<'a> {
    pub id: &'a str,
    pub org_id: Option<&'a str>,
}

/// What [`relation`] needs to know about the case.
pub struct CaseFacts<'a> {
    pub assigned_to: Option<&'a str>,
    pub org_id: &'a str,
    pub team: &'a [String],
    /// Organisations the case was referred to, with whether the referral is accepted
    /// (declined and completed referrals give no access) and who in the organisation
    /// handles it once accepted.
    pub referrals: &'a [(String, ReferralState, Option<String>)],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralState {
    Pending,
    Accepted,
    Over,
}

/// The user's strongest relation to the case.
pub fn relation(user: &UserFacts, case: &CaseFacts) -> Relation {
    if case.assigned_to == Some(user.id) {
        return Relation::Assigned;
    }
    if case.team.iter().any(|m| m == user.id) {
        return Relation::Team;
    }
    let Some(org) = user.org_id else { return Relation::None };
    // Need-to-know down to the person: an accepted referral is the case of whoever handles
    // it; the rest of that organisation keeps what a pending referral shows.
    let mine = |h: &Option<String>| h.as_deref().is_none_or(|h| h == user.id);
    let accepted = |handled: bool| {
        case.referrals.iter().any(|(o, s, h)| o == org && *s == ReferralState::Accepted && mine(h) == handled)
    };
    let pending = case.referrals.iter().any(|(o, s, _)| o == org && *s == ReferralState::Pending);
    if accepted(true) {
        Relation::Referred
    } else if pending || accepted(false) {
        Relation::ReferralPending
    } else if case.org_id == org {
        Relation::SameOrg
    } else {
        Relation::None
    }
}

/// The whole table as text: one line per role × relation × consent with the allowed actions.
pub fn render_table() -> String {
    let mut out = String::from("# role | relation | consent | allowed actions\n");
    for &role in Role::ALL {
        for relation in Relation::ALL {
            for consent in [true, false] {
                let allowed: Vec<&str> = Action::ALL
                    .iter()
                    .filter(|a| authorize(role, relation, consent, **a).allowed())
                    .map(|a| a.as_str())
                    .collect();
                let consent = if consent { "consent" } else { "no-consent" };
                out.push_str(&format!(
                    "{} | {} | {} | {}\n",
                    role.as_str(),
                    relation.as_str(),
                    consent,
                    if allowed.is_empty() { "-".to_owned() } else { allowed.join(" ") }
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every role × relation × consent × action, compared with the reviewed table. To change
    /// policy, change `authorize`, run with `ZERI_BLESS=1`, and review the diff of the file.
    #[test]
    fn full_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/permission-table.txt");
        let table = render_table();
        if std::env::var_os("ZERI_BLESS").is_some() {
            std::fs::write(path, &table).unwrap();
        }
        let expected = std::fs::read_to_string(path).unwrap();
        assert_eq!(table, expected, "the permission table changed; review it and bless it with ZERI_BLESS=1");
        assert_eq!(table.lines().count(), 1 + Role::ALL.len() * Relation::ALL.len() * 2);
    }

    /// The properties the table must keep, whatever else changes.
    #[test]
    fn invariants() {
        for &role in Role::ALL {
            for relation in Relation::ALL {
                for consent in [true, false] {
                    for &action in Action::ALL {
                        let ok = authorize(role, relation, consent, action).allowed();
                        if !ok {
                            continue;
                        }
                        let at = format!("{role:?} {relation:?} {consent} {action:?}");
                        // Lists and administration never come with a case; case actions need one.
                        assert_eq!(action.is_about_a_case(), relation != Relation::None, "{at}");
                        // Administrators and statisticians never touch a case.
                        if action.is_about_a_case() {
                            assert!(role.works_on_cases(), "{at}");
                        }
                        // Outside the holding organisation, nothing is shared without consent
                        // except answering a referral.
                        if matches!(relation, Relation::Team | Relation::Referred) && action != Action::AnswerReferral {
                            assert!(consent, "{at}");
                        }
                        // A pending referral (or transfer) lets the organisation answer it,
                        // nothing else.
                        if relation == Relation::ReferralPending {
                            assert!(matches!(action, Action::AnswerReferral | Action::AnswerTransfer), "{at}");
                        }
                        // Joining cases, and handing a case on, is for its holders only.
                        if matches!(action, Action::LinkCases | Action::MergeCases | Action::RequestTransfer) {
                            assert!(matches!(relation, Relation::Assigned | Relation::SameOrg), "{at}");
                        }
                        // Colleagues may cover a case but only the assigned one sees identities.
                        if action == Action::RevealIdentity {
                            assert_ne!(relation, Relation::SameOrg, "{at}");
                        }
                        // A supervisor works in their own organisation only, never writes to
                        // the child, and sees identities only on a case assigned to them.
                        if role == Role::Supervisor && action.is_about_a_case() {
                            assert!(matches!(relation, Relation::Assigned | Relation::SameOrg), "{at}");
                            assert_ne!(action, Action::Reply, "{at}");
                            if action == Action::RevealIdentity {
                                assert_eq!(relation, Relation::Assigned, "{at}");
                            }
                        }
                        // Only a supervisor approves a closure.
                        if action == Action::ApproveClosure {
                            assert_eq!(role, Role::Supervisor, "{at}");
                        }
                        // Police and prosecutors never write to the child.
                        if matches!(role, Role::PoliceInvestigator | Role::Prosecutor) {
                            assert_ne!(action, Action::Reply, "{at}");
                        }
                    }
                }
            }
        }
    }

    /// The content-item table, compared with the reviewed one (`ZERI_BLESS=1` to change it).
    #[test]
    fn item_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/permission-items-table.txt");
        let table = render_item_table();
        if std::env::var_os("ZERI_BLESS").is_some() {
            std::fs::write(path, &table).unwrap();
        }
        let expected = std::fs::read_to_string(path).unwrap();
        assert_eq!(table, expected, "the item permission table changed; review it and bless it with ZERI_BLESS=1");
        for &role in Role::ALL {
            for org in std::iter::once(None).chain(OrgKind::ALL.iter().copied().map(Some)) {
                for relation in ItemRelation::ALL {
                    for &action in ItemAction::ALL {
                        if !authorize_item(role, org, relation, action).allowed() {
                            continue;
                        }
                        let at = format!("{role:?} {org:?} {relation:?} {action:?}");
                        assert_eq!((role, org), (Role::HotlineAnalyst, Some(OrgKind::Hotline)), "{at}");
                        assert!(
                            !(relation == ItemRelation::Assessor && action == ItemAction::ReviewAssessment),
                            "{at}: nobody confirms their own assessment"
                        );
                    }
                }
            }
        }
        let analyst = |rel, a| authorize_item(Role::HotlineAnalyst, Some(OrgKind::Hotline), rel, a).allowed();
        assert!(analyst(ItemRelation::Other, ItemAction::ReviewAssessment));
        assert!(analyst(ItemRelation::Assessor, ItemAction::AssessItem), "an assessor may assess again");
        assert!(!authorize_item(Role::Counsellor, Some(OrgKind::Helpline), ItemRelation::None, ItemAction::ListItems)
            .allowed());
    }

    #[test]
    fn supervisor() {
        let sup = |rel, a| authorize(Role::Supervisor, rel, true, a).allowed();
        assert!(sup(Relation::SameOrg, Action::ReadMessages), "reads along in the organisation");
        assert!(sup(Relation::SameOrg, Action::ApproveClosure));
        assert!(!sup(Relation::SameOrg, Action::RevealIdentity), "no identity without being assigned");
        assert!(!sup(Relation::SameOrg, Action::Reply), "never writes to the child");
        assert!(!sup(Relation::None, Action::ReadCase), "never another organisation's case");
        assert!(!sup(Relation::Referred, Action::ReadCase), "nor a case shared with it");
        assert!(sup(Relation::None, Action::SuperviseChats) && sup(Relation::None, Action::ReviewContacts));
        assert!(!authorize(Role::Counsellor, Relation::None, true, Action::SuperviseChats).allowed());
        assert!(!authorize(Role::Counsellor, Relation::Assigned, true, Action::ApproveClosure).allowed());
        assert_eq!(Role::Supervisor.org_kinds(), &[OrgKind::Helpline, OrgKind::Hotline]);
    }

    #[test]
    fn second_factor() {
        for &r in Role::ALL {
            assert!(r.needs_second_factor(), "{r:?}");
        }
    }

    #[test]
    fn relations() {
        let team = vec!["t1".to_owned()];
        let referrals = vec![
            ("cpu-kukes".to_owned(), ReferralState::Accepted, Some("x".to_owned())),
            ("police".to_owned(), ReferralState::Pending, None),
            ("svc".to_owned(), ReferralState::Over, None),
        ];
        let case = CaseFacts { assigned_to: Some("a1"), org_id: "helpline", team: &team, referrals: &referrals };
        let rel = |id, org| relation(&UserFacts { id, org_id: org }, &case);
        assert_eq!(rel("a1", Some("helpline")), Relation::Assigned);
        assert_eq!(rel("t1", Some("police")), Relation::Team);
        assert_eq!(rel("x", Some("cpu-kukes")), Relation::Referred);
        assert_eq!(rel("y", Some("cpu-kukes")), Relation::ReferralPending, "a colleague of the one who handles it");
        assert_eq!(rel("x", Some("police")), Relation::ReferralPending);
        assert_eq!(rel("x", Some("svc")), Relation::None);
        assert_eq!(rel("x", Some("helpline")), Relation::SameOrg);
        assert_eq!(rel("x", Some("cpu-tirane")), Relation::None);
        assert_eq!(rel("x", None), Relation::None);
    }

    #[test]
    fn roles_round_trip() {
        for &r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), Option::None);
    }
}
