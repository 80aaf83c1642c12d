//! The text of a notice-and-take-down e-mail to a host: what the hotline found where, in
//! Albanian and in English, so that whoever sends it only sends it.
//!
//! The wording is here rather than in the web layer's Fluent files because it goes to a
//! third party in both languages at once and is a template to review as a whole; a test
//! pins its parts. What a notice may say is fixed by [`NoticeFacts`]: the item's reference,
//! its URL, its classification, when it was found, the host and the hotline. There is no
//! field for anything about the person who reported it, so no notice can carry it.

use time::OffsetDateTime;

/// The hotline that sends the notice, as it signs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotlineContact<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub phone: Option<&'a str>,
    pub website: Option<&'a str>,
}

/// Everything a notice says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeFacts<'a> {
    /// The item's reference, which the host quotes in its answer.
    pub item_ref: &'a str,
    /// The address of the material, as reported and assessed.
    pub url: &'a str,
    /// The assessment in words (e.g. "baseline (INTERPOL)"); `None` leaves a placeholder
    /// for the analyst to fill in before sending.
    pub classification: Option<&'a str>,
    /// When the hotline found it there (milliseconds since 1970, UTC).
    pub found_at: i64,
    /// The host's name, as in the hosts table.
    pub host_name: &'a str,
    pub hotline: HotlineContact<'a>,
}

/// A notice ready to send: one subject, a body in Albanian and one in English.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Notice {
    pub subject: String,
    pub body_sq: String,
    pub body_en: String,
}

/// What stands in the notice while the classification is not given.
pub const CLASSIFICATION_PLACEHOLDER_SQ: &str = "[KLASIFIKIMI: plotësohet nga analisti]";
pub const CLASSIFICATION_PLACEHOLDER_EN: &str = "[CLASSIFICATION: to be filled in by the analyst]";

impl Notice {
    /// The e-mail's body: Albanian first, then English.
    pub fn body(&self) -> String {
        format!("{}\n\n----- English -----\n\n{}", self.body_sq, self.body_en)
    }
}

/// One line of text as it may stand in an e-mail: control characters (line breaks that
/// could start a new header or paragraph) become spaces.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().trim().to_owned()
}

/// `at` as `2026-11-27 14:05 UTC`.
fn utc(at: i64) -> String {
    match OffsetDateTime::from_unix_timestamp(at.div_euclid(1000)) {
        Ok(t) => {
            format!("{:04}-{:02}-{:02} {:02}:{:02} UTC", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
        }
        Err(_) => "—".to_owned(),
    }
}

fn signature(h: &HotlineContact) -> String {
    let mut lines = vec![one_line(h.name), one_line(h.email)];
    lines.extend(h.phone.map(one_line));
    lines.extend(h.website.map(one_line));
    lines.join("\n")
}

/// The notice to the host of `f.url`.
pub fn takedown_notice(f: &NoticeFacts) -> Notice {
    let item = one_line(f.item_ref);
    let url = one_line(f.url);
    let host = one_line(f.host_name);
    let hotline = one_line(f.hotline.name);
    let found = utc(f.found_at);
    let class_sq = f.classification.map(one_line).unwrap_or_else(|| CLASSIFICATION_PLACEHOLDER_SQ.to_owned());
    let class_en = f.classification.map(one_line).unwrap_or_else(|| CLASSIFICATION_PLACEHOLDER_EN.to_owned());
    let sign = signature(&f.hotline);
    let subject = format!("Njoftim për heqje / Notice and take-down: {item}");
    let body_sq = format!(
        "Përshëndetje, {host},\n\n\
         {hotline} është linja e raportimit (hotline) për materialet e abuzimit seksual me fëmijë në \
         internet. Na u raportua materiali në adresën më poshtë; analistët tanë e vlerësuan dhe, sipas \
         kontrollit tonë, ai ndodhet në shërbimin tuaj.\n\n\
         Referenca: {item}\n\
         Adresa (URL): {url}\n\
         Vlerësimi: {class_sq}\n\
         Gjetur më: {found}\n\n\
         Ju lutemi ta hiqni këtë material sa më shpejt, ta bëni të paarritshëm dhe të ruani të dhënat \
         përkatëse për organet e ligjit. Mos e shpërndani dhe mos e shkarkoni përveç sa nevojitet për \
         heqjen. Kur ta keni hequr, ju lutemi të na përgjigjeni këtij mesazhi duke përmendur referencën \
         {item}.\n\n\
         Me respekt,\n{sign}\n"
    );
    let body_en = format!(
        "Dear {host},\n\n\
         {hotline} is the hotline for reporting child sexual abuse material online. The material at the \
         address below was reported to us; our analysts assessed it and, as far as we can tell, it is \
         held on your service.\n\n\
         Reference: {item}\n\
         Address (URL): {url}\n\
         Assessment: {class_en}\n\
         Found: {found}\n\n\
         Please remove it or make it inaccessible as soon as possible, and preserve the related records \
         for law enforcement. Do not share or download it beyond what removal requires. Once it is \
         removed, please reply to this message quoting the reference {item}.\n\n\
         Kind regards,\n{sign}\n"
    );
    Notice { subject, body_sq, body_en }
}

/// A reminder of the notice `n` sent at `sent_at`, which had no answer: the notice again,
/// with a first paragraph that says so.
pub fn reminder(n: &Notice, sent_at: i64) -> Notice {
    let sent = utc(sent_at);
    Notice {
        subject: format!("Kujtesë / Reminder: {}", n.subject),
        body_sq: format!(
            "KUJTESË: ju shkruam më {sent} për materialin më poshtë dhe nuk kemi marrë ende përgjigje. \
             Sipas kontrollit tonë të fundit, ai ndodhet ende në shërbimin tuaj.\n\n{}",
            n.body_sq
        ),
        body_en: format!(
            "REMINDER: we wrote to you on {sent} about the material below and have not had an answer yet. \
             As far as our latest check shows, it is still held on your service.\n\n{}",
            n.body_en
        ),
    }
}

/// The referral of an item to the police's cybercrime unit: what was found where, that a
/// notice went to the host (`f.host_name`), and who to ask. Nothing about the reporter,
/// as for the notice.
pub fn police_referral(f: &NoticeFacts) -> Notice {
    let item = one_line(f.item_ref);
    let url = one_line(f.url);
    let host = one_line(f.host_name);
    let found = utc(f.found_at);
    let class_sq = f.classification.map(one_line).unwrap_or_else(|| CLASSIFICATION_PLACEHOLDER_SQ.to_owned());
    let class_en = f.classification.map(one_line).unwrap_or_else(|| CLASSIFICATION_PLACEHOLDER_EN.to_owned());
    let sign = signature(&f.hotline);
    Notice {
        subject: format!("Referim / Referral: {item}"),
        body_sq: format!(
            "Për Njësinë e Krimit Kibernetik,\n\n\
             Ju referojmë materialin më poshtë, të vlerësuar nga analistët tanë, që ndodhet në Shqipëri \
             te {host}. Hostit i dërguam njoftim për heqje.\n\n\
             Referenca: {item}\nAdresa (URL): {url}\nVlerësimi: {class_sq}\nGjetur më: {found}\n\n\
             Me respekt,\n{sign}\n"
        ),
        body_en: format!(
            "To the Cybercrime Unit,\n\n\
             We refer to you the material below, assessed by our analysts, which is held in Albania by \
             {host}. A notice and take-down was sent to the host.\n\n\
             Reference: {item}\nAddress (URL): {url}\nAssessment: {class_en}\nFound: {found}\n\n\
             Kind regards,\n{sign}\n"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(classification: Option<&'static str>) -> NoticeFacts<'static> {
        NoticeFacts {
            item_ref: "ISG-2026-0042",
            url: "https://images.example.com/g/123.jpg",
            classification,
            found_at: 1_795_788_300_000,
            host_name: "Shqiponja Hosting",
            hotline: HotlineContact {
                name: "ISIGURT.al",
                email: "raporto@isigurt.al",
                phone: Some("+355 4 000 0000"),
                website: Some("https://isigurt.al"),
            },
        }
    }

    #[test]
    fn a_notice_says_what_where_when_and_who_sends_it_in_both_languages() {
        let n = takedown_notice(&facts(Some("baseline (INTERPOL)")));
        assert_eq!(n.subject, "Njoftim për heqje / Notice and take-down: ISG-2026-0042");
        for body in [&n.body_sq, &n.body_en] {
            for part in [
                "ISG-2026-0042",
                "https://images.example.com/g/123.jpg",
                "baseline (INTERPOL)",
                "2026-11-27 14:05 UTC",
                "Shqiponja Hosting",
                "raporto@isigurt.al",
                "+355 4 000 0000",
            ] {
                assert!(body.contains(part), "{part} missing from\n{body}");
            }
        }
        assert!(n.body_sq.contains("Ju lutemi ta hiqni"), "{}", n.body_sq);
        assert!(n.body_en.contains("Please remove it"), "{}", n.body_en);
        assert!(n.body().starts_with(&n.body_sq) && n.body().ends_with(&n.body_en));
    }

    #[test]
    fn a_reminder_says_when_the_notice_went_and_repeats_it() {
        let f = facts(Some("baseline (INTERPOL)"));
        let r = reminder(&takedown_notice(&f), 1_795_788_300_000 + 2 * 86_400_000);
        assert!(r.subject.starts_with("Kujtesë / Reminder: Njoftim për heqje"), "{}", r.subject);
        assert!(r.body_sq.starts_with("KUJTESË: ju shkruam më 2026-11-29 14:05 UTC"), "{}", r.body_sq);
        assert!(r.body_en.contains("have not had an answer yet") && r.body_en.contains("ISG-2026-0042"));
        let p = police_referral(&f);
        assert_eq!(p.subject, "Referim / Referral: ISG-2026-0042");
        for part in ["https://images.example.com/g/123.jpg", "Shqiponja Hosting", "baseline (INTERPOL)"] {
            assert!(p.body_sq.contains(part) && p.body_en.contains(part), "{part}");
        }
    }

    #[test]
    fn without_a_classification_the_analyst_sees_where_it_goes() {
        let n = takedown_notice(&facts(None));
        assert!(n.body_sq.contains(CLASSIFICATION_PLACEHOLDER_SQ));
        assert!(n.body_en.contains(CLASSIFICATION_PLACEHOLDER_EN));
    }

    #[test]
    fn no_input_can_start_a_new_line_or_header() {
        let mut f = facts(Some("baseline\r\nBcc: someone@example.com"));
        f.item_ref = "ISG-1\nX-Injected: yes";
        let n = takedown_notice(&f);
        assert!(!n.subject.contains('\n') && !n.subject.contains('\r'));
        assert!(n.body_en.lines().all(|l| !l.starts_with("Bcc:") && !l.starts_with("X-Injected")), "{}", n.body_en);
    }
}
