//! Surveys and their responses.

use zeri_storage::*;

/// Surveys: drafts change only at their version, responses come only while open, and a
/// response row holds nothing but its day, its answers and its sealed text.
pub async fn surveys(store: &dyn Store) {
    use zeri_domain::survey::SurveyStatus;
    let admin = NewEvent { action: "survey-created", staff_id: Some("s1".into()), ..NewEvent::default() };
    let s = SurveyRow {
        id: "sv1".into(),
        slug: "slug-one".into(),
        status: SurveyStatus::Draft,
        definition: "{}".into(),
        created_at: 9_000,
        created_by: "s1".into(),
        updated_at: 9_000,
        version: 1,
    };
    store.insert_survey(&s, &admin).await.unwrap();
    let dup = SurveyRow { id: "sv2".into(), ..s.clone() };
    assert!(matches!(store.insert_survey(&dup, &admin).await, Err(StoreError::Conflict { .. })), "slugs are unique");
    assert_eq!(store.survey_by_slug("slug-one").await.unwrap(), Some(s.clone()));
    assert!(store.survey("nope").await.unwrap().is_none());

    let response = |id: &str| SurveyResponseRow {
        id: id.into(),
        survey_id: "sv1".into(),
        submitted_on: 20_500,
        answers: r#"{"q1":{"choice":"o1"}}"#.into(),
        sealed: Some(vec![1, 2, 3]),
    };
    let refused = store.insert_survey_response(&response("a")).await;
    assert!(
        matches!(refused, Err(StoreError::Conflict { ref constraint }) if constraint == SURVEY_NOT_OPEN),
        "{refused:?}"
    );

    // Edits need the version they were made on, and only a draft changes.
    let edit = NewEvent { action: "survey-changed", ..admin.clone() };
    assert_eq!(store.update_survey_definition("sv1", 1, r#"{"x":1}"#, 9_100, &edit).await.unwrap(), 2);
    assert!(matches!(
        store.update_survey_definition("sv1", 1, "{}", 9_200, &edit).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(store.update_survey_definition("none", 1, "{}", 9_200, &edit).await, Err(StoreError::NotFound)));
    let open = NewEvent { action: "survey-opened", ..admin.clone() };
    store.set_survey_status("sv1", SurveyStatus::Draft, SurveyStatus::Open, 9_300, &open).await.unwrap();
    assert!(matches!(
        store.set_survey_status("sv1", SurveyStatus::Draft, SurveyStatus::Open, 9_300, &open).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(
        matches!(store.update_survey_definition("sv1", 3, "{}", 9_400, &edit).await, Err(StoreError::Conflict { .. })),
        "an open survey is frozen"
    );
    assert!(matches!(store.delete_survey_draft("sv1", &admin).await, Err(StoreError::Conflict { .. })));
    let got = store.survey("sv1").await.unwrap().unwrap();
    assert_eq!((got.status, got.version, got.definition.as_str()), (SurveyStatus::Open, 3, r#"{"x":1}"#));

    for id in ["c", "a", "b"] {
        store.insert_survey_response(&response(id)).await.unwrap();
    }
    assert!(store.insert_survey_response(&response("a")).await.is_err(), "ids are unique");
    let stored = store.survey_responses("sv1").await.unwrap();
    assert_eq!(stored.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["a", "b", "c"], "by id, not by arrival");
    assert_eq!(stored[0], response("a"));
    assert_eq!(store.survey_response_counts().await.unwrap(), vec![("sv1".to_owned(), 3)]);

    let close = NewEvent { action: "survey-closed", ..admin.clone() };
    store.set_survey_status("sv1", SurveyStatus::Open, SurveyStatus::Closed, 9_500, &close).await.unwrap();
    assert!(store.insert_survey_response(&response("d")).await.is_err(), "a closed survey takes no answer");
    assert_eq!(store.survey_responses("sv1").await.unwrap().len(), 3);

    // A draft can be deleted; nothing else can.
    let draft = SurveyRow { id: "sv3".into(), slug: "slug-three".into(), ..s };
    store.insert_survey(&draft, &admin).await.unwrap();
    assert_eq!(store.surveys().await.unwrap().len(), 2);
    store.delete_survey_draft("sv3", &NewEvent { action: "survey-deleted", ..admin }).await.unwrap();
    assert_eq!(store.surveys().await.unwrap().iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["sv1"]);
}
