//! The frontline-worker survey: a definition in Albanian and English, the validation of a
//! definition and of a response, the results as percentages with their n under the
//! small-number rule, and a ready template.
//!
//! Responses are anonymous: this module never sees who answered, and the results say
//! nothing about a group smaller than the threshold (at least
//! [`statistics::MIN_THRESHOLD`]). Free text is counted here but never published: the web
//! layer keeps it sealed and shows it only to administrators (see [`free_text_for_admins`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::report::{choice_enum, FieldError, FieldErrors};
use crate::statistics::{self, Cell, MIN_THRESHOLD};

/// Limits of a definition and of an answer, in characters or items.
pub mod limits {
    pub const TITLE: usize = 200;
    pub const INTRO: usize = 3000;
    pub const PROMPT: usize = 500;
    pub const HINT: usize = 500;
    pub const OPTION: usize = 200;
    pub const QUESTIONS: usize = 50;
    pub const OPTIONS: usize = 20;
    pub const MIN_OPTIONS: usize = 2;
    /// Points of a rating scale (1 to 5).
    pub const RATING_POINTS: usize = 5;
    /// A free-text answer.
    pub const ANSWER: usize = 4000;
    /// The highest threshold a survey may set (a higher one would hide everything).
    pub const MAX_THRESHOLD: u64 = 100;
    pub const ID: usize = 16;
}

choice_enum!(
    /// What kind of answer a question takes.
    QuestionKind {
        /// One of the options (radio buttons).
        Single = "single",
        /// Any of the options (check boxes); an option may exclude the others ("none").
        Multiple = "multiple",
        /// A point from 1 to 5, each point with its label.
        Rating = "rating",
        /// Free text: sealed at rest, never published, shown only to administrators.
        Text = "text",
    }
);

choice_enum!(
    /// Where a survey is in its life. Only a draft can be changed; once opened, the
    /// questions are frozen so every answer means what it meant when it was given.
    SurveyStatus {
        Draft = "draft",
        Open = "open",
        Closed = "closed",
    }
);

impl SurveyStatus {
    /// Draft → open → closed, and a closed survey may be opened again. Never back to draft.
    pub fn can_become(self, to: SurveyStatus) -> bool {
        use SurveyStatus::*;
        matches!((self, to), (Draft, Open) | (Open, Closed) | (Closed, Open))
    }
}

/// A text in both languages, Albanian first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Text {
    pub sq: String,
    pub en: String,
}

impl Text {
    pub fn new(sq: &str, en: &str) -> Self {
        Self { sq: sq.to_owned(), en: en.to_owned() }
    }

    /// The text in the language with this code (`sq` or `en`); Albanian for any other.
    pub fn get(&self, lang: &str) -> &str {
        if lang == "en" {
            &self.en
        } else {
            &self.sq
        }
    }

    pub fn is_empty(&self) -> bool {
        self.sq.is_empty() && self.en.is_empty()
    }
}

/// An option of a single- or multiple-choice question, or a point of a rating scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub label: Text,
    /// Multiple choice only: choosing this option excludes the others ("none of these").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable within the survey (`q1`, `q2`…): answers refer to it.
    pub id: String,
    pub kind: QuestionKind,
    pub prompt: Text,
    /// A line of help under the question (may be empty in both languages).
    #[serde(default)]
    pub hint: Text,
    #[serde(default)]
    pub required: bool,
    /// The options (single, multiple) or the five labelled points `1`…`5` (rating);
    /// none for free text.
    #[serde(default)]
    pub options: Vec<Choice>,
}

fn default_threshold() -> u64 {
    MIN_THRESHOLD
}

/// A survey as administrators write it and respondents see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Survey {
    pub title: Text,
    #[serde(default)]
    pub intro: Text,
    /// Counts below this are not published. At least [`MIN_THRESHOLD`]: it can be raised,
    /// never lowered.
    #[serde(default = "default_threshold")]
    pub threshold: u64,
    pub questions: Vec<Question>,
}

/// Errors of a whole definition or of a response, by field: `title_sq`, `q3.options_en`,
/// or a question id for an answer. The web layer shows `field-error-<code>`.
pub type SurveyErrors = BTreeMap<String, FieldError>;

/// Trims `value` and checks it: required (or not), at most `limit` characters, printable.
/// Line breaks are kept (as `\n`) only where `multiline`.
fn clean(value: &str, required: bool, limit: usize, multiline: bool) -> Result<String, FieldError> {
    let v = value.trim().replace("\r\n", "\n");
    if v.is_empty() {
        return if required { Err(FieldError::new("required")) } else { Ok(v) };
    }
    if v.chars().count() > limit {
        return Err(FieldError::too_long(limit));
    }
    let allowed = |c: char| !c.is_control() || (multiline && (c == '\n' || c == '\t'));
    if !v.chars().all(allowed) {
        return Err(FieldError::new("invalid-characters"));
    }
    Ok(v)
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= limits::ID
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl Question {
    /// What is wrong with this question, by form field (`prompt_sq`, `options_en`…).
    pub fn check(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if !valid_id(&self.id) {
            errors.insert("id", FieldError::new("invalid-id"));
        }
        let mut text = |field: &'static str, v: &str, required: bool, limit: usize| {
            if let Err(e) = clean(v, required, limit, true) {
                errors.entry(field).or_insert(e);
            }
        };
        text("prompt_sq", &self.prompt.sq, true, limits::PROMPT);
        text("prompt_en", &self.prompt.en, true, limits::PROMPT);
        // A hint is optional, but if there is one it is in both languages.
        let hint_given = !self.hint.sq.trim().is_empty() || !self.hint.en.trim().is_empty();
        text("hint_sq", &self.hint.sq, hint_given, limits::HINT);
        text("hint_en", &self.hint.en, hint_given, limits::HINT);
        for o in &self.options {
            text("options_sq", &o.label.sq, true, limits::OPTION);
            text("options_en", &o.label.en, true, limits::OPTION);
        }
        let n = self.options.len();
        let count_error = match self.kind {
            QuestionKind::Text if n > 0 => Some(FieldError::new("unexpected-options")),
            QuestionKind::Text => None,
            QuestionKind::Rating => {
                let points = self.options.iter().enumerate().all(|(i, o)| o.id == (i + 1).to_string());
                (n != limits::RATING_POINTS || !points)
                    .then(|| FieldError::new("rating-five").with_limit(limits::RATING_POINTS))
            }
            QuestionKind::Single | QuestionKind::Multiple if n < limits::MIN_OPTIONS => {
                Some(FieldError::new("too-few-options").with_limit(limits::MIN_OPTIONS))
            }
            QuestionKind::Single | QuestionKind::Multiple if n > limits::OPTIONS => {
                Some(FieldError::new("too-many-options").with_limit(limits::OPTIONS))
            }
            _ => None,
        };
        if let Some(e) = count_error {
            errors.insert("options_sq", e);
        }
        let mut ids = BTreeSet::new();
        if !self.options.iter().all(|o| valid_id(&o.id) && ids.insert(o.id.as_str())) {
            errors.entry("options_sq").or_insert(FieldError::new("duplicate-id"));
        }
        if self.kind != QuestionKind::Multiple && self.options.iter().any(|o| o.exclusive) {
            errors.entry("options_sq").or_insert(FieldError::new("unexpected-exclusive"));
        }
        errors
    }
}

impl Survey {
    /// A draft may be saved with what is wrong here fixed; it may have no question yet.
    pub fn check_draft(&self) -> SurveyErrors {
        let mut errors = SurveyErrors::new();
        let head = HeadForm::from_survey(self).apply(self).err().unwrap_or_default();
        errors.extend(head.into_iter().map(|(k, v)| (k.to_owned(), v)));
        if self.questions.len() > limits::QUESTIONS {
            errors.insert("questions".into(), FieldError::new("too-many-questions").with_limit(limits::QUESTIONS));
        }
        let mut ids = BTreeSet::new();
        for q in &self.questions {
            if !ids.insert(q.id.as_str()) {
                errors.insert(format!("{}.id", q.id), FieldError::new("duplicate-id"));
            }
            errors.extend(q.check().into_iter().map(|(k, v)| (format!("{}.{k}", q.id), v)));
        }
        errors
    }

    /// A survey is ready to open when its draft is valid and it has at least one question.
    pub fn validate(&self) -> Result<(), SurveyErrors> {
        let mut errors = self.check_draft();
        if self.questions.is_empty() {
            errors.insert("questions".into(), FieldError::new("no-questions"));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// An id for a new question: `q` and one more than the highest number used.
    pub fn next_question_id(&self) -> String {
        let max = self.questions.iter().filter_map(|q| q.id.strip_prefix('q')?.parse::<u32>().ok()).max();
        format!("q{}", max.unwrap_or(0) + 1)
    }

    /// Replaces the question with the same id; `false` when there is none.
    pub fn replace_question(&mut self, question: Question) -> bool {
        match self.questions.iter_mut().find(|q| q.id == question.id) {
            Some(q) => {
                *q = question;
                true
            }
            None => false,
        }
    }

    pub fn remove_question(&mut self, id: &str) -> bool {
        let before = self.questions.len();
        self.questions.retain(|q| q.id != id);
        self.questions.len() != before
    }

    /// Moves a question one place up or down; `false` when it cannot move.
    pub fn move_question(&mut self, id: &str, up: bool) -> bool {
        let Some(i) = self.questions.iter().position(|q| q.id == id) else { return false };
        let j = if up { i.checked_sub(1) } else { Some(i + 1).filter(|j| *j < self.questions.len()) };
        match j {
            Some(j) => {
                self.questions.swap(i, j);
                true
            }
            None => false,
        }
    }
}

/// The title, introduction and threshold as the edit form sends them.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct HeadForm {
    pub title_sq: Option<String>,
    pub title_en: Option<String>,
    pub intro_sq: Option<String>,
    pub intro_en: Option<String>,
    pub threshold: Option<String>,
}

impl HeadForm {
    pub fn from_survey(s: &Survey) -> Self {
        Self {
            title_sq: Some(s.title.sq.clone()),
            title_en: Some(s.title.en.clone()),
            intro_sq: Some(s.intro.sq.clone()),
            intro_en: Some(s.intro.en.clone()),
            threshold: Some(s.threshold.to_string()),
        }
    }

    /// `survey` with this title, introduction and threshold, or the errors by form field.
    pub fn apply(&self, survey: &Survey) -> Result<Survey, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut field = |name: &'static str, v: &Option<String>, required: bool, limit: usize, multiline: bool| {
            clean(v.as_deref().unwrap_or(""), required, limit, multiline).unwrap_or_else(|e| {
                errors.insert(name, e);
                String::new()
            })
        };
        let title = Text {
            sq: field("title_sq", &self.title_sq, true, limits::TITLE, false),
            en: field("title_en", &self.title_en, true, limits::TITLE, false),
        };
        let intro_given =
            [&self.intro_sq, &self.intro_en].iter().any(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty()));
        let intro = Text {
            sq: field("intro_sq", &self.intro_sq, intro_given, limits::INTRO, true),
            en: field("intro_en", &self.intro_en, intro_given, limits::INTRO, true),
        };
        let threshold = match self.threshold.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => survey.threshold.max(MIN_THRESHOLD),
            Some(t) => match t.parse::<u64>() {
                Ok(t) if (MIN_THRESHOLD..=limits::MAX_THRESHOLD).contains(&t) => t,
                _ => {
                    errors.insert("threshold", FieldError::new("invalid-threshold").with_limit(MIN_THRESHOLD as usize));
                    survey.threshold
                }
            },
        };
        if errors.is_empty() {
            Ok(Survey { title, intro, threshold, ..survey.clone() })
        } else {
            Err(errors)
        }
    }
}

/// A question as the edit form sends it: the options one per line, the Albanian and the
/// English lines in the same order.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct QuestionForm {
    pub kind: Option<String>,
    pub prompt_sq: Option<String>,
    pub prompt_en: Option<String>,
    pub hint_sq: Option<String>,
    pub hint_en: Option<String>,
    pub required: Option<String>,
    pub options_sq: Option<String>,
    pub options_en: Option<String>,
    /// Multiple choice: the last option ("none of these") excludes the others.
    pub last_exclusive: Option<String>,
}

fn checked(v: &Option<String>) -> bool {
    matches!(v.as_deref(), Some("true" | "on" | "yes" | "1"))
}

impl QuestionForm {
    pub fn from_question(q: &Question) -> Self {
        let lines = |f: fn(&Choice) -> &str| q.options.iter().map(f).collect::<Vec<_>>().join("\n");
        Self {
            kind: Some(q.kind.as_str().to_owned()),
            prompt_sq: Some(q.prompt.sq.clone()),
            prompt_en: Some(q.prompt.en.clone()),
            hint_sq: Some(q.hint.sq.clone()),
            hint_en: Some(q.hint.en.clone()),
            required: Some(q.required.to_string()),
            options_sq: Some(lines(|c| &c.label.sq)),
            options_en: Some(lines(|c| &c.label.en)),
            last_exclusive: Some(q.options.last().is_some_and(|c| c.exclusive).to_string()),
        }
    }

    /// The question with id `id`, or the errors by form field. Options get the ids `o1`,
    /// `o2`… in order (only a draft is edited, so no answer refers to them yet); the points
    /// of a rating scale are `1`…`5`.
    pub fn build(&self, id: &str) -> Result<Question, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = self.kind.as_deref().and_then(QuestionKind::parse);
        if kind.is_none() {
            errors.insert("kind", FieldError::new("required-choice"));
        }
        let kind = kind.unwrap_or(QuestionKind::Single);
        let lines = |v: &Option<String>| -> Vec<String> {
            v.as_deref().unwrap_or("").lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
        };
        let (sq, en) = if kind == QuestionKind::Text {
            (Vec::new(), Vec::new())
        } else {
            (lines(&self.options_sq), lines(&self.options_en))
        };
        if sq.len() != en.len() {
            errors.insert("options_en", FieldError::new("options-mismatch").with_limit(sq.len()));
        }
        let exclusive = kind == QuestionKind::Multiple && checked(&self.last_exclusive);
        let count = sq.len().min(en.len());
        let options = sq
            .into_iter()
            .zip(en)
            .enumerate()
            .map(|(i, (sq, en))| Choice {
                id: if kind == QuestionKind::Rating { (i + 1).to_string() } else { format!("o{}", i + 1) },
                label: Text { sq, en },
                exclusive: exclusive && i + 1 == count,
            })
            .collect();
        let q = Question {
            id: id.to_owned(),
            kind,
            prompt: Text {
                sq: self.prompt_sq.as_deref().unwrap_or("").trim().to_owned(),
                en: self.prompt_en.as_deref().unwrap_or("").trim().to_owned(),
            },
            hint: Text {
                sq: self.hint_sq.as_deref().unwrap_or("").trim().to_owned(),
                en: self.hint_en.as_deref().unwrap_or("").trim().to_owned(),
            },
            required: checked(&self.required),
            options,
        };
        for (k, v) in q.check() {
            errors.entry(k).or_insert(v);
        }
        if errors.is_empty() {
            Ok(Question { prompt: trimmed(&q.prompt), hint: trimmed(&q.hint), ..q })
        } else {
            Err(errors)
        }
    }
}

fn trimmed(t: &Text) -> Text {
    Text { sq: t.sq.trim().replace("\r\n", "\n"), en: t.en.trim().replace("\r\n", "\n") }
}

// ----- responses -----

/// One answer. Stored as JSON (`{"choice":"o2"}`, `{"choices":["o1","o3"]}`,
/// `{"rating":4}`); a free-text answer is stored as `"written"` and its text sealed apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Choice(String),
    Choices(Vec<String>),
    Rating(u8),
    /// Free text, in memory only: [`Response::split_text`] takes it out before storing.
    Text(String),
    /// A free-text answer exists; its text is sealed apart.
    Written,
}

/// A valid response: the answers by question id (unanswered questions are absent).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Response {
    pub answers: BTreeMap<String, Answer>,
}

impl Response {
    /// The answers to store in the clear (free text replaced by [`Answer::Written`]) and
    /// the free text to seal, by question id.
    pub fn split_text(self) -> (BTreeMap<String, Answer>, BTreeMap<String, String>) {
        let mut texts = BTreeMap::new();
        let answers = self
            .answers
            .into_iter()
            .map(|(id, a)| match a {
                Answer::Text(t) => {
                    texts.insert(id.clone(), t);
                    (id, Answer::Written)
                }
                a => (id, a),
            })
            .collect();
        (answers, texts)
    }
}

/// Checks a response against its survey. `pairs` are the name/value pairs of the form as
/// sent (a question's id as the name; several values for a multiple choice); empty values
/// count as no answer. Errors are keyed by question id.
pub fn validate_response(survey: &Survey, pairs: &[(String, String)]) -> Result<Response, SurveyErrors> {
    let mut errors = SurveyErrors::new();
    let mut given: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, value) in pairs {
        if survey.question(name).is_none() {
            errors.insert(name.chars().take(64).collect(), FieldError::new("unknown-field"));
            continue;
        }
        let value = value.trim();
        if !value.is_empty() {
            given.entry(name.as_str()).or_default().push(value);
        }
    }
    let mut answers = BTreeMap::new();
    for q in &survey.questions {
        let values = given.remove(q.id.as_str()).unwrap_or_default();
        let is_option = |v: &str| q.options.iter().any(|o| o.id == v);
        let answer = match (q.kind, values.as_slice()) {
            (QuestionKind::Text, []) if q.required => Err(FieldError::new("required")),
            (_, []) if q.required => Err(FieldError::new("required-choice")),
            (_, []) => continue,
            (QuestionKind::Multiple, values) => {
                let chosen: BTreeSet<&str> = values.iter().copied().collect();
                let exclusive = q.options.iter().find(|o| o.exclusive && chosen.contains(o.id.as_str()));
                if !chosen.iter().all(|v| is_option(v)) {
                    Err(FieldError::new("unknown-choice"))
                } else if exclusive.is_some() && chosen.len() > 1 {
                    Err(FieldError::new("exclusive-choice"))
                } else {
                    // In the order of the options, whatever the order they came in.
                    let ids = q.options.iter().filter(|o| chosen.contains(o.id.as_str())).map(|o| o.id.clone());
                    Ok(Answer::Choices(ids.collect()))
                }
            }
            (_, [_, _, ..]) => Err(FieldError::new("one-answer")),
            (QuestionKind::Single, [v]) if is_option(v) => Ok(Answer::Choice((*v).to_owned())),
            (QuestionKind::Rating, [v]) if is_option(v) => match v.parse::<u8>() {
                Ok(r) => Ok(Answer::Rating(r)),
                Err(_) => Err(FieldError::new("unknown-choice")),
            },
            (QuestionKind::Single | QuestionKind::Rating, _) => Err(FieldError::new("unknown-choice")),
            (QuestionKind::Text, [v]) => clean(v, q.required, limits::ANSWER, true).map(Answer::Text),
        };
        match answer {
            Ok(a) => {
                answers.insert(q.id.clone(), a);
            }
            Err(e) => {
                errors.insert(q.id.clone(), e);
            }
        }
    }
    if errors.is_empty() {
        Ok(Response { answers })
    } else {
        Err(errors)
    }
}

// ----- results -----

/// One published figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// The count and its share of n, in whole percent (rounded half up).
    Shown { count: u64, percent: u64 },
    /// From 1 to threshold − 1: shown as "<5".
    BelowThreshold,
    /// Hidden so that a small count beside it cannot be worked out (complementary): "–".
    Protected,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionResult {
    pub id: String,
    pub figure: Figure,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionResult {
    pub id: String,
    pub kind: QuestionKind,
    /// Respondents who answered this question; `None` when fewer than the threshold, and
    /// then nothing else about the question is published.
    pub n: Option<u64>,
    /// Every option in order (single, multiple, rating); empty for free text and when n is
    /// hidden.
    pub options: Vec<OptionResult>,
    /// Rating: the mean in tenths (34 = 3.4), only when no count is hidden (with the
    /// counts' total, a mean is one more equation and could give a hidden count away).
    pub mean_tenths: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyResults {
    pub respondents: u64,
    /// The threshold applied.
    pub threshold: u64,
    pub questions: Vec<QuestionResult>,
}

/// `part / whole` in whole percent, rounded half up.
pub fn percent(part: u64, whole: u64) -> u64 {
    if whole == 0 {
        0
    } else {
        (200 * part + whole) / (2 * whole)
    }
}

/// The results of `responses` (as stored). `threshold` can only raise the survey's own
/// threshold, which is itself at least [`MIN_THRESHOLD`]. Answers that do not fit the
/// definition (none should) are ignored.
pub fn results(survey: &Survey, responses: &[BTreeMap<String, Answer>], threshold: u64) -> SurveyResults {
    let threshold = threshold.max(survey.threshold).max(MIN_THRESHOLD);
    let questions = survey
        .questions
        .iter()
        .map(|q| {
            let mut counts = vec![0u64; q.options.len()];
            let mut n = 0u64;
            let mut sum = 0u64;
            for r in responses {
                let index = |id: &str| q.options.iter().position(|o| o.id == id);
                let answered = match (q.kind, r.get(&q.id)) {
                    (QuestionKind::Single, Some(Answer::Choice(c))) => index(c).map(|i| counts[i] += 1).is_some(),
                    (QuestionKind::Rating, Some(Answer::Rating(v))) => index(&v.to_string())
                        .map(|i| {
                            counts[i] += 1;
                            sum += u64::from(*v);
                        })
                        .is_some(),
                    (QuestionKind::Multiple, Some(Answer::Choices(cs))) => {
                        let hits: BTreeSet<usize> = cs.iter().filter_map(|c| index(c)).collect();
                        hits.iter().for_each(|i| counts[*i] += 1);
                        !hits.is_empty()
                    }
                    (QuestionKind::Text, Some(Answer::Written | Answer::Text(_))) => true,
                    _ => false,
                };
                n += u64::from(answered);
            }
            if n < threshold {
                return QuestionResult {
                    id: q.id.clone(),
                    kind: q.kind,
                    n: None,
                    options: Vec::new(),
                    mean_tenths: None,
                };
            }
            let figures = match q.kind {
                QuestionKind::Text => Vec::new(),
                // Each respondent gives exactly one answer, so the counts add up to n: a
                // one-row table whose row total is published. `statistics::suppress` does
                // what is needed on it: every count under the threshold hidden, and when a
                // hidden count could be worked out as n minus the others, the next smallest
                // hidden too (checked by linear algebra, with margins). Then `protect_bounds`
                // closes the gap linear algebra leaves: "<5" also tells a reader that the
                // count is 1 to 4 (zeros are shown), so two "<5" whose sum is 2 are both 1.
                QuestionKind::Single | QuestionKind::Rating => {
                    let published = statistics::suppress(std::slice::from_ref(&counts), threshold);
                    let figures: Vec<Figure> = published.cells[0]
                        .iter()
                        .map(|c| match c {
                            Cell::Shown(v) => Figure::Shown { count: *v, percent: percent(*v, n) },
                            Cell::Hidden { primary: true } => Figure::BelowThreshold,
                            Cell::Hidden { primary: false } => Figure::Protected,
                        })
                        .collect();
                    // n hidden cannot happen when n ≥ threshold (a non-zero partner always
                    // exists); checked so that a change there can never publish too much.
                    let figures = matches!(published.row_totals[0], Cell::Shown(_))
                        .then(|| protect_bounds(&counts, figures, threshold))
                        .flatten();
                    match figures {
                        Some(f) => f,
                        None => {
                            return QuestionResult {
                                id: q.id.clone(),
                                kind: q.kind,
                                n: None,
                                options: Vec::new(),
                                mean_tenths: None,
                            }
                        }
                    }
                }
                // A respondent may tick several options, so the counts do not add up to n
                // (nor to anything published): n minus the shown counts says nothing exact
                // about a hidden one. Primary suppression is all that is needed; hiding
                // more would only lose information.
                QuestionKind::Multiple => counts
                    .iter()
                    .map(|&c| {
                        if c > 0 && c < threshold {
                            Figure::BelowThreshold
                        } else {
                            Figure::Shown { count: c, percent: percent(c, n) }
                        }
                    })
                    .collect(),
            };
            let all_shown = figures.iter().all(|f| matches!(f, Figure::Shown { .. }));
            let mean_tenths = (q.kind == QuestionKind::Rating && all_shown).then(|| (20 * sum + n) / (2 * n));
            QuestionResult {
                id: q.id.clone(),
                kind: q.kind,
                n: Some(n),
                options: q
                    .options
                    .iter()
                    .zip(figures)
                    .map(|(o, figure)| OptionResult { id: o.id.clone(), figure })
                    .collect(),
                mean_tenths,
            }
        })
        .collect();
    SurveyResults { respondents: responses.len() as u64, threshold, questions }
}

/// Whether a reader who knows n, the shown counts and what each mark means ("<5": 1 to
/// threshold − 1; "–": not small, so at least the threshold) could pin a hidden count of a
/// one-answer question down to a single value. The hidden counts add up to n minus the
/// shown ones; each lies in an interval, so the values one of them can take are its own
/// interval cut by that sum minus the others' smallest and largest totals.
fn pinned(counts: &[u64], figures: &[Figure], threshold: u64) -> bool {
    let hidden: Vec<usize> = (0..counts.len()).filter(|i| !matches!(figures[*i], Figure::Shown { .. })).collect();
    let sum: u64 = hidden.iter().map(|i| counts[*i]).sum();
    let range = |i: usize| match figures[i] {
        Figure::BelowThreshold => (1, threshold - 1),
        // A hidden zero (never chosen here, but possible in principle) is taken as known.
        _ if counts[i] == 0 => (0, 0),
        _ => (threshold, sum),
    };
    hidden.iter().any(|&h| {
        let (low, high) =
            hidden.iter().filter(|&&o| o != h).map(|&o| range(o)).fold((0, 0), |a, r| (a.0 + r.0, a.1 + r.1));
        let (own_low, own_high) = range(h);
        let lo = own_low.max(sum.saturating_sub(high));
        let hi = own_high.min(sum.saturating_sub(low));
        hi <= lo
    })
}

/// Hides the smallest shown non-zero count until no hidden count is pinned down; `None`
/// when nothing is left to hide (then the question publishes nothing).
fn protect_bounds(counts: &[u64], mut figures: Vec<Figure>, threshold: u64) -> Option<Vec<Figure>> {
    while pinned(counts, &figures, threshold) {
        let next = (0..counts.len())
            .filter(|i| counts[*i] > 0 && matches!(figures[*i], Figure::Shown { .. }))
            .min_by_key(|i| (counts[*i], *i))?;
        figures[next] = Figure::Protected;
    }
    Some(figures)
}

/// The free-text answers to one question as administrators may read them: only when there
/// are at least `threshold` of them (so that no one writing alone is exposed), and sorted,
/// so that their order says nothing about when they came or which other answers came with
/// them.
pub fn free_text_for_admins(mut texts: Vec<String>, threshold: u64) -> Option<Vec<String>> {
    if (texts.len() as u64) < threshold.max(MIN_THRESHOLD) {
        return None;
    }
    texts.sort_by_key(|t| t.to_lowercase());
    Some(texts)
}

// ----- the template -----

fn choices(items: &[(&str, &str)]) -> Vec<Choice> {
    items
        .iter()
        .enumerate()
        .map(|(i, (sq, en))| Choice { id: format!("o{}", i + 1), label: Text::new(sq, en), exclusive: false })
        .collect()
}

fn scale(items: [(&str, &str); 5]) -> Vec<Choice> {
    items
        .iter()
        .enumerate()
        .map(|(i, (sq, en))| Choice { id: (i + 1).to_string(), label: Text::new(sq, en), exclusive: false })
        .collect()
}

fn question(
    id: &str,
    kind: QuestionKind,
    required: bool,
    prompt: (&str, &str),
    hint: (&str, &str),
    options: Vec<Choice>,
) -> Question {
    Question {
        id: id.to_owned(),
        kind,
        prompt: Text::new(prompt.0, prompt.1),
        hint: Text::new(hint.0, hint.1),
        required,
        options,
    }
}

/// A ready survey of frontline workers, with the kinds of questions the Voices of Survivors
/// frontline survey asked: who answers (sector), how aware people are of online child sexual
/// exploitation, the barriers to disclosure, the services available, whether compensation
/// is ever seen, training, and suggestions. Administrators edit it before opening it.
pub fn template() -> Survey {
    use QuestionKind::{Multiple, Rating, Single};
    let all_that_apply = ("Zgjidhni të gjitha përgjigjet që vlejnë.", "Choose all that apply.");
    let none = ("", "");
    let mut services = choices(&[
        ("Mbështetje psikologjike", "Psychological support"),
        ("Shërbime sociale", "Social services"),
        ("Ndihmë juridike", "Legal aid"),
        ("Kujdes mjekësor", "Medical care"),
        ("Asnjë nga këto", "None of these"),
    ]);
    if let Some(last) = services.last_mut() {
        last.exclusive = true;
    }
    Survey {
        title: Text::new(
            "Pyetësor për punonjësit e vijës së parë: shfrytëzimi dhe abuzimi seksual i fëmijëve në internet",
            "Frontline workers survey: online child sexual exploitation and abuse",
        ),
        intro: Text::new(
            "Ky pyetësor është për profesionistët që punojnë drejtpërdrejt me fëmijët dhe familjet: punonjës socialë, \
             psikologë, punonjës për mbrojtjen e fëmijës, policë, mësues, mjekë, juristë dhe punonjës të organizatave. \
             Përgjigjet tuaja na ndihmojnë të kuptojmë çfarë i pengon fëmijët të flasin për shfrytëzimin dhe abuzimin \
             seksual në internet, dhe çfarë ndihme gjejnë.\n\n\
             Pyetësori është anonim: nuk ju duhet llogari dhe nuk ruajmë as adresën IP, as cookies, as orën kur e \
             plotësoni. Ju lutemi, mos shkruani emra ose të dhëna që mund të identifikojnë një fëmijë, një koleg ose \
             veten tuaj. Plotësimi zgjat rreth 5 minuta.",
            "This survey is for professionals who work directly with children and families: social workers, \
             psychologists, child protection workers, police officers, teachers, health workers, lawyers and staff of \
             organisations. Your answers help us understand what keeps children from speaking about online sexual \
             exploitation and abuse, and what help they find.\n\n\
             The survey is anonymous: you need no account, and we keep neither your IP address, nor cookies, nor the \
             time you answered. Please do not write names or details that could identify a child, a colleague or \
             yourself. It takes about 5 minutes.",
        ),
        threshold: MIN_THRESHOLD,
        questions: vec![
            question(
                "q1",
                Single,
                true,
                ("Në cilin sektor punoni?", "In which sector do you work?"),
                none,
                choices(&[
                    ("Shërbimet sociale (p.sh. Njësia për Mbrojtjen e Fëmijës)", "Social services (e.g. a Child Protection Unit)"),
                    ("Organizatë jofitimprurëse", "Non-governmental organisation"),
                    ("Policia", "Police"),
                    ("Drejtësia (prokuroria, gjykata, avokatia)", "Justice (prosecution, courts, lawyers)"),
                    ("Shëndetësia", "Health"),
                    ("Arsimi", "Education"),
                    ("Tjetër", "Other"),
                ]),
            ),
            question(
                "q2",
                Rating,
                true,
                (
                    "Sa e njohin njerëzit në zonën ku punoni shfrytëzimin dhe abuzimin seksual të fëmijëve në internet?",
                    "How aware are people in the area where you work of online child sexual exploitation and abuse?",
                ),
                ("1 do të thotë aspak, 5 do të thotë shumë mirë.", "1 means not at all, 5 means very well."),
                scale([
                    ("Aspak", "Not at all aware"),
                    ("Pak", "Slightly aware"),
                    ("Deri diku", "Somewhat aware"),
                    ("Mjaft mirë", "Quite aware"),
                    ("Shumë mirë", "Very aware"),
                ]),
            ),
            question(
                "q3",
                Single,
                false,
                (
                    "Në 12 muajt e fundit, me sa fëmijë që kanë përjetuar shfrytëzim ose abuzim seksual në internet keni punuar?",
                    "In the past 12 months, how many children who experienced online sexual exploitation or abuse have you worked with?",
                ),
                none,
                choices(&[
                    ("Me asnjë", "None"),
                    ("1–2", "1–2"),
                    ("3–10", "3–10"),
                    ("Më shumë se 10", "More than 10"),
                    ("Nuk e di", "I don't know"),
                ]),
            ),
            question(
                "q4",
                Multiple,
                true,
                (
                    "Sipas përvojës suaj, çfarë i pengon fëmijët të tregojnë ose të raportojnë shfrytëzimin dhe abuzimin seksual në internet?",
                    "From your experience, what keeps children from telling anyone about, or reporting, online sexual exploitation and abuse?",
                ),
                all_that_apply,
                choices(&[
                    ("Stigma dhe paragjykimet", "Stigma"),
                    ("Turpi", "Shame"),
                    ("Frika nga reagimi i të tjerëve (familja, shokët, komuniteti)", "Fear of how others will react (family, friends, community)"),
                    ("Frika se do të fajësohen ose do të ndëshkohen (p.sh. do t'u merret telefoni)", "Fear of being blamed or punished (e.g. having their phone taken away)"),
                    ("Nuk dinë ku dhe si të raportojnë", "Not knowing where or how to report"),
                    ("Mosbesimi te policia ose te drejtësia", "Distrust of the police or the justice system"),
                    ("Frika nga abuzuesi ose nga hakmarrja e tij", "Fear of the offender or of retaliation"),
                    ("Varësia nga abuzuesi (familjare, ekonomike ose emocionale)", "Dependence on the offender (family, financial or emotional)"),
                    ("Nuk e kuptojnë se ajo që u ndodhi është abuzim", "Not recognising what happened as abuse"),
                    ("Frika se çfarë tregojnë nuk do të mbahet konfidenciale", "Fear that what they tell will not be kept confidential"),
                    ("Tjetër", "Other"),
                ]),
            ),
            question(
                "q5",
                Multiple,
                true,
                (
                    "Cilat shërbime janë në dispozicion për këta fëmijë në zonën ku punoni?",
                    "Which services are available to these children in the area where you work?",
                ),
                all_that_apply,
                services,
            ),
            question(
                "q6",
                Single,
                true,
                (
                    "A dini për ndonjë fëmijë që ka marrë dëmshpërblim për shfrytëzimin ose abuzimin seksual në internet?",
                    "Do you know of a child who received compensation for online sexual exploitation or abuse?",
                ),
                none,
                choices(&[("Po", "Yes"), ("Jo", "No"), ("Nuk e di", "I don't know")]),
            ),
            question(
                "q7",
                Single,
                true,
                (
                    "A keni marrë trajnim për shfrytëzimin dhe abuzimin seksual të fëmijëve në internet?",
                    "Have you received training on online child sexual exploitation and abuse?",
                ),
                none,
                choices(&[
                    ("Po, në dy vitet e fundit", "Yes, in the past two years"),
                    ("Po, më shumë se dy vjet më parë", "Yes, more than two years ago"),
                    ("Jo", "No"),
                ]),
            ),
            question(
                "q8",
                Rating,
                false,
                (
                    "Sa të përgatitur ndiheni për të ndihmuar një fëmijë që ka përjetuar shfrytëzim ose abuzim seksual në internet?",
                    "How prepared do you feel to help a child who has experienced online sexual exploitation or abuse?",
                ),
                ("1 do të thotë aspak, 5 do të thotë plotësisht.", "1 means not at all, 5 means fully."),
                scale([
                    ("Aspak", "Not at all prepared"),
                    ("Pak", "Slightly prepared"),
                    ("Deri diku", "Somewhat prepared"),
                    ("Mjaftueshëm", "Well prepared"),
                    ("Plotësisht", "Fully prepared"),
                ]),
            ),
            question(
                "q9",
                QuestionKind::Text,
                false,
                (
                    "Çfarë do t'i ndihmonte fëmijët në zonën tuaj të flasin dhe të marrin ndihmë? Keni sugjerime?",
                    "What would help children in your area to speak up and get help? Do you have suggestions?",
                ),
                (
                    "Ju lutemi, mos shkruani emra ose të dhëna që identifikojnë dikë.",
                    "Please do not write names or details that identify anyone.",
                ),
                Vec::new(),
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn full_answer() -> Vec<(String, String)> {
        pairs(&[
            ("q1", "o3"),
            ("q2", "4"),
            ("q3", ""),
            ("q4", "o1"),
            ("q4", "o2"),
            ("q5", "o1"),
            ("q6", "o3"),
            ("q7", "o1"),
            ("q9", "  More school psychologists.  "),
        ])
    }

    #[test]
    fn the_template_is_valid_in_both_languages() {
        let t = template();
        assert_eq!(t.validate(), Ok(()));
        assert!(t.questions.iter().all(|q| !q.prompt.sq.is_empty() && !q.prompt.en.is_empty()));
        let kinds: BTreeSet<QuestionKind> = t.questions.iter().map(|q| q.kind).collect();
        assert_eq!(kinds.len(), QuestionKind::ALL.len(), "every kind of question appears");
        let barriers = t.question("q4").unwrap();
        for word in
            ["Stigma", "Shame", "Fear of how others will react", "Distrust of the police", "Dependence on the offender"]
        {
            assert!(barriers.options.iter().any(|o| o.label.en.starts_with(word)), "{word}");
        }
        assert!(t.question("q5").unwrap().options.last().unwrap().exclusive);
        // A definition survives its JSON form unchanged.
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<Survey>(&json).unwrap(), t);
    }

    #[test]
    fn a_good_response_is_accepted_and_normalised() {
        let t = template();
        let r = validate_response(&t, &full_answer()).unwrap();
        assert_eq!(r.answers["q1"], Answer::Choice("o3".into()));
        assert_eq!(r.answers["q2"], Answer::Rating(4));
        assert!(!r.answers.contains_key("q3"), "an optional question left empty is not an answer");
        assert_eq!(r.answers["q4"], Answer::Choices(vec!["o1".into(), "o2".into()]));
        assert_eq!(r.answers["q9"], Answer::Text("More school psychologists.".into()));
        let (clear, texts) = r.split_text();
        assert_eq!(clear["q9"], Answer::Written);
        assert_eq!(texts["q9"], "More school psychologists.");
        let json = serde_json::to_string(&clear).unwrap();
        assert!(!json.contains("psycholog"), "{json}");
        assert!(json.contains(r#""q2":{"rating":4}"#) && json.contains(r#""q9":"written""#), "{json}");
    }

    #[test]
    fn bad_responses_get_one_code_per_question() {
        let t = template();
        // The changed answers, then the question and the code expected.
        type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
        let cases: Vec<Case> = vec![
            (vec![("q1", "")], "q1", "required-choice"),
            (vec![("q1", "o99")], "q1", "unknown-choice"),
            (vec![("q1", "o1"), ("q1", "o2")], "q1", "one-answer"),
            (vec![("q2", "6")], "q2", "unknown-choice"),
            (vec![("q2", "three")], "q2", "unknown-choice"),
            (vec![("q4", "o1"), ("q4", "nope")], "q4", "unknown-choice"),
            (vec![("q5", "o1"), ("q5", "o5")], "q5", "exclusive-choice"),
            (vec![("q9", "a\u{0}b")], "q9", "invalid-characters"),
            (vec![("colour", "red")], "colour", "unknown-field"),
        ];
        for (change, field, code) in cases {
            let mut answer: Vec<(String, String)> =
                full_answer().into_iter().filter(|(k, _)| !change.iter().any(|(c, _)| c == k)).collect();
            answer.extend(pairs(&change));
            let errors = validate_response(&t, &answer).unwrap_err();
            assert_eq!(errors.get(field).map(|e| e.code), Some(code), "{change:?}: {errors:?}");
            assert_eq!(errors.len(), 1, "{change:?}: {errors:?}");
        }
        let long = "x".repeat(limits::ANSWER + 1);
        let mut answer = full_answer();
        answer.retain(|(k, _)| k != "q9");
        answer.push(("q9".into(), long));
        assert_eq!(validate_response(&t, &answer).unwrap_err()["q9"], FieldError::too_long(limits::ANSWER));
        // "None of these" alone is fine; every required question missing is named.
        let mut answer = full_answer();
        answer.retain(|(k, _)| k != "q5");
        answer.push(("q5".into(), "o5".into()));
        assert!(validate_response(&t, &answer).is_ok());
        let errors = validate_response(&t, &[]).unwrap_err();
        assert_eq!(errors.keys().cloned().collect::<Vec<_>>(), ["q1", "q2", "q4", "q5", "q6", "q7"]);
    }

    #[test]
    fn questions_are_built_from_the_form_and_checked() {
        let form = |kind: &str, sq: &str, en: &str| QuestionForm {
            kind: Some(kind.into()),
            prompt_sq: Some("Pyetja?".into()),
            prompt_en: Some("The question?".into()),
            options_sq: Some(sq.into()),
            options_en: Some(en.into()),
            required: Some("true".into()),
            last_exclusive: Some("on".into()),
            ..QuestionForm::default()
        };
        let q = form("multiple", "Po\n\nJo\r\nAsnjë", "Yes\nNo\nNone").build("q7").unwrap();
        assert_eq!(q.options.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["o1", "o2", "o3"]);
        assert!(q.required && q.options[2].exclusive && !q.options[0].exclusive);
        assert_eq!(QuestionForm::from_question(&q).build("q7").unwrap(), q, "the form round-trips");
        let single = form("single", "Po\nJo", "Yes\nNo").build("q1").unwrap();
        assert!(!single.options.iter().any(|o| o.exclusive), "only multiple choice has an exclusive option");
        let rating = form("rating", "1\n2\n3\n4\n5", "a\nb\nc\nd\ne").build("q2").unwrap();
        assert_eq!(rating.options[4].id, "5");
        let text = form("text", "ignored", "").build("q3").unwrap();
        assert!(text.options.is_empty());

        let code = |f: QuestionForm, field: &str| f.build("q1").unwrap_err().get(field).map(|e| e.code);
        assert_eq!(code(form("single", "Po\nJo", "Yes"), "options_en"), Some("options-mismatch"));
        assert_eq!(code(form("single", "Po", "Yes"), "options_sq"), Some("too-few-options"));
        assert_eq!(code(form("rating", "1\n2\n3", "1\n2\n3"), "options_sq"), Some("rating-five"));
        assert_eq!(code(form("shape", "Po\nJo", "Yes\nNo"), "kind"), Some("required-choice"));
        assert_eq!(
            code(QuestionForm { prompt_en: None, ..form("single", "Po\nJo", "Yes\nNo") }, "prompt_en"),
            Some("required")
        );
        assert_eq!(
            code(QuestionForm { hint_sq: Some("Ndihmë".into()), ..form("single", "Po\nJo", "Yes\nNo") }, "hint_en"),
            Some("required"),
            "a hint in one language only"
        );
        let many = (0..=limits::OPTIONS).map(|i| i.to_string()).collect::<Vec<_>>().join("\n");
        assert_eq!(code(form("single", &many, &many), "options_sq"), Some("too-many-options"));
        let long = "x".repeat(limits::OPTION + 1);
        assert_eq!(code(form("single", &format!("a\n{long}"), "a\nb"), "options_sq"), Some("too-long"));
    }

    #[test]
    fn definitions_are_checked_as_a_whole() {
        let mut s = template();
        s.title.en.clear();
        s.questions[1].options.pop();
        s.questions.push(s.questions[0].clone());
        let errors = s.validate().unwrap_err();
        assert_eq!(errors["title_en"].code, "required");
        assert_eq!(errors["q2.options_sq"].code, "rating-five");
        assert_eq!(errors["q1.id"].code, "duplicate-id");
        let blank = Survey { questions: Vec::new(), ..template() };
        assert!(blank.check_draft().is_empty(), "a draft may have no question yet");
        assert_eq!(blank.validate().unwrap_err()["questions"].code, "no-questions");
    }

    #[test]
    fn the_threshold_can_only_be_raised() {
        let s = template();
        let head = |t: &str| HeadForm { threshold: Some(t.into()), ..HeadForm::from_survey(&s) };
        assert_eq!(head("4").apply(&s).unwrap_err()["threshold"].code, "invalid-threshold");
        assert_eq!(head("lots").apply(&s).unwrap_err()["threshold"].code, "invalid-threshold");
        assert_eq!(head("10").apply(&s).unwrap().threshold, 10);
        // Asking for results with a lower threshold than the survey's changes nothing.
        let raised = Survey { threshold: 10, ..s.clone() };
        assert_eq!(results(&raised, &[], 2).threshold, 10);
        assert_eq!(results(&s, &[], 0).threshold, MIN_THRESHOLD);
        assert_eq!(results(&s, &[], 7).threshold, 7);
    }

    #[test]
    fn editing_moves_removes_and_numbers_questions() {
        let mut s = template();
        assert_eq!(s.next_question_id(), "q10");
        assert!(s.move_question("q2", true));
        assert_eq!(s.questions[0].id, "q2");
        assert!(!s.move_question("q2", true), "already first");
        assert!(!s.move_question("q9", false), "already last");
        assert!(s.remove_question("q9"));
        assert!(!s.remove_question("q9"));
        assert_eq!(s.next_question_id(), "q9");
        assert!(SurveyStatus::Draft.can_become(SurveyStatus::Open));
        assert!(SurveyStatus::Closed.can_become(SurveyStatus::Open));
        assert!(!SurveyStatus::Open.can_become(SurveyStatus::Draft));
        assert!(!SurveyStatus::Draft.can_become(SurveyStatus::Closed));
    }

    fn single(id: &str, options: usize) -> Question {
        Question {
            id: id.into(),
            kind: QuestionKind::Single,
            prompt: Text::new("P", "Q"),
            hint: Text::default(),
            required: true,
            options: (1..=options)
                .map(|i| Choice { id: format!("o{i}"), label: Text::new("a", "b"), exclusive: false })
                .collect(),
        }
    }

    fn answers(question: &str, counts: &[u64]) -> Vec<BTreeMap<String, Answer>> {
        counts
            .iter()
            .enumerate()
            .flat_map(|(i, c)| {
                (0..*c).map(move |_| BTreeMap::from([(question.to_owned(), Answer::Choice(format!("o{}", i + 1)))]))
            })
            .collect()
    }

    #[test]
    fn percentages_with_n() {
        assert_eq!(percent(16, 28), 57);
        assert_eq!(percent(1, 8), 13, "halves round up");
        assert_eq!(percent(0, 0), 0);
        let s = Survey { questions: vec![single("q1", 3)], ..template() };
        let r = results(&s, &answers("q1", &[15, 0, 13]), 5);
        let q = &r.questions[0];
        assert_eq!(q.n, Some(28));
        assert_eq!(
            q.options.iter().map(|o| o.figure).collect::<Vec<_>>(),
            [
                Figure::Shown { count: 15, percent: 54 },
                Figure::Shown { count: 0, percent: 0 },
                Figure::Shown { count: 13, percent: 46 }
            ]
        );
        assert_eq!(r.respondents, 28);
    }

    #[test]
    fn a_small_count_is_hidden_with_a_partner_so_n_does_not_give_it_away() {
        let s = Survey { questions: vec![single("q1", 4)], ..template() };
        let r = results(&s, &answers("q1", &[3, 12, 9, 6]), 5);
        let figures: Vec<Figure> = r.questions[0].options.iter().map(|o| o.figure).collect();
        assert_eq!(figures[0], Figure::BelowThreshold);
        assert_eq!(figures[3], Figure::Protected, "the next smallest is hidden too");
        assert_eq!(figures[1], Figure::Shown { count: 12, percent: 40 });
        assert_eq!(r.questions[0].n, Some(30));
        // Two small counts protect each other.
        let r = results(&s, &answers("q1", &[3, 2, 20, 5]), 5);
        let figures: Vec<Figure> = r.questions[0].options.iter().map(|o| o.figure).collect();
        assert_eq!(figures[..2], [Figure::BelowThreshold, Figure::BelowThreshold]);
        assert!(matches!(figures[2..], [Figure::Shown { .. }, Figure::Shown { .. }]));
    }

    #[test]
    fn fewer_answers_than_the_threshold_publish_nothing() {
        let s = Survey { questions: vec![single("q1", 2)], ..template() };
        let r = results(&s, &answers("q1", &[2, 2]), 5);
        assert_eq!(r.questions[0].n, None);
        assert!(r.questions[0].options.is_empty());
        // A raised threshold hides what the default would show.
        let s = Survey { questions: vec![single("q1", 3)], ..template() };
        let r = results(&s, &answers("q1", &[6, 6, 20]), 7);
        assert_eq!(r.questions[0].options[0].figure, Figure::BelowThreshold);
        assert_eq!(r.questions[0].n, Some(32));
    }

    #[test]
    fn multiple_choice_counts_respondents_and_hides_only_small_counts() {
        let mut q = single("q1", 3);
        q.kind = QuestionKind::Multiple;
        let s = Survey { questions: vec![q], ..template() };
        let mut rs = Vec::new();
        for i in 0..20 {
            let mut chosen = vec!["o1".to_owned()];
            if i % 2 == 0 {
                chosen.push("o2".into());
            }
            if i < 3 {
                chosen.push("o3".into());
            }
            rs.push(BTreeMap::from([("q1".to_owned(), Answer::Choices(chosen))]));
        }
        rs.push(BTreeMap::new()); // skipped the question
        let r = results(&s, &rs, 5);
        let q = &r.questions[0];
        assert_eq!(q.n, Some(20), "n counts respondents who answered, not ticks");
        assert_eq!(q.options[0].figure, Figure::Shown { count: 20, percent: 100 });
        assert_eq!(q.options[1].figure, Figure::Shown { count: 10, percent: 50 });
        assert_eq!(q.options[2].figure, Figure::BelowThreshold);
        assert_eq!(r.respondents, 21);
    }

    #[test]
    fn a_rating_mean_only_when_nothing_is_hidden() {
        let mut q = single("q1", 5);
        q.kind = QuestionKind::Rating;
        q.options.iter_mut().enumerate().for_each(|(i, o)| o.id = (i + 1).to_string());
        let s = Survey { questions: vec![q], ..template() };
        let rate = |counts: [u64; 5]| -> Vec<BTreeMap<String, Answer>> {
            counts
                .iter()
                .enumerate()
                .flat_map(|(i, c)| {
                    (0..*c).map(move |_| BTreeMap::from([("q1".to_owned(), Answer::Rating(i as u8 + 1))]))
                })
                .collect()
        };
        let r = results(&s, &rate([5, 0, 10, 0, 5]), 5);
        assert_eq!(r.questions[0].mean_tenths, Some(30));
        let r = results(&s, &rate([1, 5, 10, 6, 8]), 5);
        assert_eq!(r.questions[0].mean_tenths, None);
        assert_eq!(r.questions[0].options[0].figure, Figure::BelowThreshold);
    }

    #[test]
    fn small_counts_are_not_pinned_down_by_their_bounds() {
        let s = Survey { questions: vec![single("q1", 4)], ..template() };
        // Two "<5" adding up to 2 would both be 1: a third count is hidden.
        let r = results(&s, &answers("q1", &[1, 1, 20, 8]), 5);
        let figures: Vec<Figure> = r.questions[0].options.iter().map(|o| o.figure).collect();
        assert_eq!(
            figures,
            [
                Figure::BelowThreshold,
                Figure::BelowThreshold,
                Figure::Shown { count: 20, percent: 67 },
                Figure::Protected
            ]
        );
        // Two "<5" adding up to 8 would both be 4.
        let r = results(&s, &answers("q1", &[4, 4, 20, 0]), 5);
        assert_eq!(r.questions[0].options[2].figure, Figure::Protected);
        // Nothing left to hide behind: the question publishes nothing.
        let r = results(&s, &answers("q1", &[4, 4, 0, 0]), 5);
        assert_eq!(r.questions[0].n, None);
    }

    /// The values each hidden count can take, for a reader who knows n, the shown counts
    /// and the marks ("<5": 1 to 4; "–": 0 or at least 5), by brute force over sums.
    fn possible_values(counts: &[u64], figures: &[Figure]) -> Vec<Vec<u64>> {
        let hidden: Vec<usize> = (0..counts.len()).filter(|i| !matches!(figures[*i], Figure::Shown { .. })).collect();
        let sum: u64 = hidden.iter().map(|i| counts[*i]).sum();
        let allowed = |i: usize, v: u64| match figures[i] {
            Figure::BelowThreshold => (1..5).contains(&v),
            _ => v == 0 || v >= 5,
        };
        hidden
            .iter()
            .map(|&h| {
                // Sums reachable by the other hidden counts.
                let mut reach = vec![false; sum as usize + 1];
                reach[0] = true;
                for &o in hidden.iter().filter(|&&o| o != h) {
                    let mut next = vec![false; reach.len()];
                    for (total, ok) in reach.iter().enumerate() {
                        if *ok {
                            for v in (0..=sum - total as u64).filter(|v| allowed(o, *v)) {
                                next[total + v as usize] = true;
                            }
                        }
                    }
                    reach = next;
                }
                (0..=sum).filter(|v| allowed(h, *v) && reach[(sum - v) as usize]).collect()
            })
            .collect()
    }

    /// Random one-question tables: nothing under the threshold is shown, and no hidden
    /// count of a single-choice question can be worked out from n and the shown counts.
    #[test]
    fn never_recoverable_from_n() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..2000 {
            let k = 2 + (next() % 6) as usize;
            let counts: Vec<u64> = (0..k).map(|_| if next() % 3 == 0 { next() % 5 } else { next() % 30 }).collect();
            let s = Survey { questions: vec![single("q1", k)], ..template() };
            let r = results(&s, &answers("q1", &counts), 5);
            let q = &r.questions[0];
            let Some(n) = q.n else {
                // Too few answers, or nothing left to hide a small count behind.
                assert!(q.options.is_empty());
                let shown_large = counts.iter().filter(|c| **c >= 5).count();
                assert!(counts.iter().sum::<u64>() < 5 || shown_large <= 1, "{counts:?}");
                continue;
            };
            let figures: Vec<Figure> = q.options.iter().map(|o| o.figure).collect();
            for values in possible_values(&counts, &figures) {
                assert!(values.len() >= 2, "a hidden count is pinned down: {counts:?} → {figures:?}");
            }
            let shown: u64 = q
                .options
                .iter()
                .filter_map(|o| if let Figure::Shown { count, .. } = o.figure { Some(count) } else { None })
                .sum();
            assert!(n >= shown);
            for (o, c) in q.options.iter().zip(&counts) {
                match o.figure {
                    Figure::Shown { count, .. } => assert!(count == *c && (count == 0 || count >= 5)),
                    Figure::BelowThreshold => assert!((1..5).contains(c)),
                    Figure::Protected => {}
                }
            }
        }
    }

    #[test]
    fn free_text_only_from_the_threshold_and_sorted() {
        let texts = |n: usize| (0..n).rev().map(|i| format!("answer {i}")).collect::<Vec<_>>();
        assert_eq!(free_text_for_admins(texts(4), 5), None);
        assert_eq!(free_text_for_admins(texts(4), 1), None, "the threshold is at least 5");
        let shown = free_text_for_admins(texts(5), 5).unwrap();
        assert_eq!(shown[0], "answer 0");
    }
}
