//! Statistics: equal to the database, never a small number.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::HashMap;
use zeri_domain::Role;
use zeri_storage::NewEvent;

use crate::support::*;

#[tokio::test]
async fn statistics_equal_the_database_and_never_reveal_a_small_number() {
    use zeri_domain::casework::{Outcome, ReferralStatus};
    use zeri_domain::places::Gazetteer;
    use zeri_domain::report::{AgeBand, Category, ContactMethod, ReporterKind};
    use zeri_domain::statistics::{recoverable, Cell, Published};
    use zeri_storage::{NewReportRow, OutcomeRow, ReferralRow};

    let t = TestApp::new().await;
    let g = Gazetteer::albania();
    let mut rng = Lcg(7);
    let day = 86_400_000i64;
    let now = zeri_web::now_ms();
    // 320 reports over the last 300 days, spread over municipalities (some without a place);
    // a few municipalities get many, most get few, so suppression has work to do.
    let staff_id = {
        t.create("helper", Role::Counsellor, Some("helpline")).await;
        t.store().staff_by_username("helper").await.unwrap().unwrap().id
    };
    let mut rows = Vec::new();
    for n in 0..320u32 {
        let municipality = match rng.next(10) {
            0 => None,
            1..=4 => Some("Tiranë".to_owned()),
            5 | 6 => Some("Kukës".to_owned()),
            _ => Some(g.municipalities()[rng.next(g.municipalities().len())].name.clone()),
        };
        rows.push(NewReportRow {
            id: format!("s{n}"),
            case_ref: format!("ZR-S{n:04}"),
            receipt_digest: t.app.keys.lookup_digest("receipt", format!("stat-{n}").as_bytes()),
            created_at: now - (1 + rng.next(300) as i64) * day,
            category: Category::ALL[rng.next(Category::ALL.len())],
            reporter: ReporterKind::ALL[rng.next(ReporterKind::ALL.len())],
            age_band: AgeBand::ALL[rng.next(AgeBand::ALL.len())],
            municipality,
            contact_method: ContactMethod::None,
            consent_cpo: true,
            consent_police: true,
            key_id: t.app.keys.primary_id().to_owned(),
            sealed: t.app.keys.seal(b"{}", format!("report:s{n}:confidential").as_bytes()),
            case_key: None,
            channel: "online",
            org_id: "helpline".into(),
            evidence: Vec::new(),
        });
    }
    t.store().insert_reports(&rows).await.unwrap();
    let orgs = ["police", "prosecution", "cpu-kukes", "svc-test", "barnahus"];
    for (i, r) in rows.iter().enumerate() {
        if rng.next(3) == 0 {
            let m = zeri_storage::NewMessage {
                id: format!("m{i}"),
                report_id: r.id.clone(),
                author: zeri_storage::Author::Staff,
                staff_id: Some(staff_id.clone()),
                created_at: r.created_at + rng.next(40) as i64 * day / 2,
                key_id: t.app.keys.primary_id().to_owned(),
                sealed: vec![1],
            };
            t.store().insert_message(&m).await.unwrap();
        }
        if rng.next(4) == 0 {
            let f = ReferralRow {
                id: format!("f{i}"),
                report_id: r.id.clone(),
                to_org: orgs[rng.next(orgs.len())].to_owned(),
                status: ReferralStatus::ALL[rng.next(ReferralStatus::ALL.len())],
                legal_duty: None,
                created_by: staff_id.clone(),
                created_at: r.created_at,
                updated_at: r.created_at,
                sealed: vec![1],
                answer_sealed: None,
            };
            t.store().insert_referral(&f, &NewEvent { action: "referral-sent", ..NewEvent::default() }).await.unwrap();
        }
        if rng.next(3) == 0 {
            let outcome = Outcome::ALL[rng.next(Outcome::ALL.len())];
            let o = OutcomeRow {
                id: format!("o{i}"),
                report_id: r.id.clone(),
                outcome,
                support_kind: (outcome == Outcome::SupportReceived)
                    .then(|| zeri_domain::casework::SUPPORT_KINDS[rng.next(4)]),
                occurred_on: r.created_at.div_euclid(day) + rng.next(20) as i64,
                recorded_by: staff_id.clone(),
                recorded_at: now,
            };
            t.store().insert_outcome(&o, &NewEvent { action: "outcome", ..NewEvent::default() }).await.unwrap();
        }
    }

    // Only statisticians and administrators see statistics; statisticians see nothing else.
    let stat = t.staff("sara", Role::Statistician).await;
    let empty = TestApp::new().await;
    let nobody = empty.staff("sara", Role::Statistician).await;
    let res = empty.json(Method::GET, "/api/v1/statistics", None, Some(&nobody)).await;
    assert_eq!(res.status, StatusCode::OK, "no reports yet: {}", res.body);
    assert_eq!(res.json()["tables"][0]["total"], 0);
    let counsellor = t.staff("vera", Role::Counsellor).await;
    assert_eq!(t.json(Method::GET, "/api/v1/statistics", None, Some(&counsellor)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.json(Method::GET, "/api/v1/cases", None, Some(&stat)).await.status, StatusCode::FORBIDDEN);
    for path in ["/api/v1/cases/s1", "/api/v1/tasks"] {
        let status = t.json(Method::GET, path, None, Some(&stat)).await.status;
        assert!(matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{path}: {status}");
    }
    let status = t.post("/api/v1/cases/s1/reveal", json!({"reason": "I would like to know who"}), &stat).await.status;
    assert!(matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND));

    let res = t.json(Method::GET, "/api/v1/statistics", None, Some(&stat)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let stats = res.json();
    assert_eq!(stats["threshold"], 5);

    // Direct computation from the database, independent of the code under test.
    let url = format!("sqlite://{}", t.dir.path().join("zeri.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let count = |sql: String| {
        let pool = pool.clone();
        async move {
            let rows: Vec<(String, String, i64)> = sqlx::query_as(&sql).fetch_all(&pool).await.unwrap();
            rows
        }
    };
    let month_category = count(
        "SELECT strftime('%Y-%m', created_at / 1000, 'unixepoch'), category, COUNT(*) FROM reports GROUP BY 1, 2"
            .into(),
    )
    .await;
    let municipality_age =
        count("SELECT COALESCE(municipality, ''), age_band, COUNT(*) FROM reports GROUP BY 1, 2".into()).await;
    let reporter_age = count("SELECT reporter, age_band, COUNT(*) FROM reports GROUP BY 1, 2".into()).await;
    let referrals = count(
        "SELECT o.kind, f.status, COUNT(*) FROM referrals f JOIN organisations o ON o.id = f.to_org GROUP BY 1, 2"
            .into(),
    )
    .await;
    let county = |m: &str| g.municipality(m).map(|m| m.county.clone()).unwrap_or_else(|| "not_stated".into());

    // Each table: its raw counts from SQL, in the table's row and column order (codes).
    let tables = stats["tables"].as_array().unwrap();
    let table = |id: &str| tables.iter().find(|x| x["id"] == id).unwrap().clone();
    let codes = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let categories: Vec<String> = Category::ALL.iter().map(|c| c.as_str().to_owned()).collect();
    let ages: Vec<String> = AgeBand::ALL.iter().map(|c| c.as_str().to_owned()).collect();
    // Every month of the period is a row, with reports or not.
    let months: Vec<String> =
        table("month-category")["rows"].as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_owned()).collect();
    assert!(month_category.iter().all(|(m, _, _)| months.contains(m)), "every month with reports is a row");
    assert!(months.len() >= 12, "a year by default: {months:?}");
    let mut counties: Vec<String> = g.municipalities().iter().map(|m| m.county.clone()).collect();
    counties.sort();
    counties.dedup();
    let mut county_rows = counties.clone();
    county_rows.push("not_stated".into());
    let grid = |rows: &[String], cols: &[String], data: &[(String, String, i64)]| {
        let mut g = vec![vec![0u64; cols.len()]; rows.len()];
        for (r, c, n) in data {
            let (i, j) = (rows.iter().position(|x| x == r).unwrap(), cols.iter().position(|x| x == c).unwrap());
            g[i][j] += *n as u64;
        }
        g
    };
    let by_county: Vec<(String, String, i64)> =
        municipality_age.iter().map(|(m, a, n)| (county(m), a.clone(), *n)).collect();
    // Time to the first answer and the first support, in whole days, bucketed as published.
    let firsts: Vec<(i64, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT r.created_at, (SELECT MIN(m.created_at) FROM messages m WHERE m.report_id = r.id AND m.author = 'staff'), \
         (SELECT MIN(o.occurred_on) FROM outcomes o WHERE o.report_id = r.id AND o.outcome = 'support_received') \
         FROM reports r",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let bucket = |days: Option<i64>| match days {
        None => "not_yet",
        Some(d) if d < 1 => "same_day",
        Some(d) if d <= 3 => "1_3_days",
        Some(d) if d <= 7 => "4_7_days",
        Some(d) if d <= 30 => "8_30_days",
        Some(_) => "over_30_days",
    };
    let mut timing: Vec<(String, String, i64)> = Vec::new();
    for (created, reply, support) in &firsts {
        timing.push(("first_answer".into(), bucket(reply.map(|r| (r - created).div_euclid(day))).into(), 1));
        timing.push(("first_support".into(), bucket(support.map(|s| s - created.div_euclid(day))).into(), 1));
    }
    let outcomes: Vec<(String, Option<String>, i64)> = sqlx::query_as(
        "SELECT outcome, support_kind, COUNT(DISTINCT report_id) FROM outcomes GROUP BY outcome, support_kind",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let outcomes: Vec<(String, String, i64)> = outcomes
        .into_iter()
        .map(|(o, k, n)| (k.map(|k| format!("{o}:{k}")).unwrap_or(o), "reports".to_owned(), n))
        .collect();
    let outcome_rows = codes(&[
        "reported_to_police",
        "investigation_opened",
        "prosecuted",
        "convicted",
        "compensation_applied",
        "compensation_received",
        "closed",
        "support_received:psychological",
        "support_received:social",
        "support_received:legal",
        "support_received:medical",
    ]);
    let expected = [
        (
            "timing",
            grid(
                &codes(&["first_answer", "first_support"]),
                &codes(&["same_day", "1_3_days", "4_7_days", "8_30_days", "over_30_days", "not_yet"]),
                &timing,
            ),
        ),
        ("outcomes", grid(&outcome_rows, &codes(&["reports"]), &outcomes)),
        ("month-category", grid(&months, &categories, &month_category)),
        ("county-age", grid(&county_rows, &ages, &by_county)),
        ("reporter-age", grid(&codes(&["self", "on_behalf", "professional"]), &ages, &reporter_age)),
        (
            "referrals",
            grid(
                &codes(&["police", "prosecution", "cpu", "service", "barnahus"]),
                &codes(&["sent", "accepted", "declined", "completed"]),
                &referrals,
            ),
        ),
    ];
    let to_cell = |v: &Value| match v {
        Value::Number(n) => Cell::Shown(n.as_u64().unwrap()),
        Value::String(s) if s == "<5" => Cell::Hidden { primary: true },
        _ => Cell::Hidden { primary: false },
    };
    let mut hidden_seen = 0;
    for (id, counts) in &expected {
        let tj = table(id);
        let cells: Vec<Vec<Cell>> = tj["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_array().unwrap().iter().map(to_cell).collect())
            .collect();
        assert_eq!(cells.len(), counts.len(), "{id}: rows");
        for (i, row) in cells.iter().enumerate() {
            for (j, c) in row.iter().enumerate() {
                let actual = counts[i][j];
                match c {
                    Cell::Shown(n) => {
                        assert_eq!(*n, actual, "{id} [{i}][{j}] equals the database");
                        assert!(*n == 0 || *n >= 5, "{id} [{i}][{j}]: {n} shown");
                    }
                    Cell::Hidden { primary: true } => assert!((1..5).contains(&actual), "{id} [{i}][{j}] is small"),
                    Cell::Hidden { primary: false } => hidden_seen += 1,
                }
                if matches!(c, Cell::Hidden { .. }) {
                    hidden_seen += 1;
                }
            }
        }
        let margin = |key: &str| tj[key].as_array().unwrap().iter().map(to_cell).collect::<Vec<_>>();
        let published = Published {
            cells,
            row_totals: margin("row_totals"),
            column_totals: margin("column_totals"),
            total: to_cell(&tj["total"]),
        };
        for (i, c) in published.row_totals.iter().enumerate() {
            if let Cell::Shown(n) = c {
                assert_eq!(*n, counts[i].iter().sum::<u64>(), "{id} row total {i}");
            }
        }
        let found = recoverable(counts, &published, 5);
        assert!(found.is_empty(), "{id}: {found:?} can be worked out from {published:?} of {counts:?}");
        if let Cell::Shown(n) = published.total {
            assert_eq!(n, counts.iter().flatten().sum::<u64>(), "{id} total");
        }
    }
    assert!(hidden_seen > 10, "the data has small numbers to hide");
    assert_eq!(table("month-category")["total"], 320);

    // The municipality table: each municipality's count where shown, county totals linked.
    let muni = table("municipality");
    let mut per_municipality: HashMap<String, u64> = HashMap::new();
    for (m, _, n) in &municipality_age {
        *per_municipality.entry(m.clone()).or_default() += *n as u64;
    }
    for (i, name) in muni["rows"].as_array().unwrap().iter().enumerate() {
        let name = name.as_str().unwrap();
        let expected = per_municipality.get(name).copied().unwrap_or(0);
        for c in muni["cells"][i].as_array().unwrap() {
            if let Value::Number(n) = c {
                let n = n.as_u64().unwrap();
                assert!(n == 0 || n == expected, "{name}: {n} vs {expected}");
            }
        }
    }
    let county_age = table("county-age");
    for (j, _) in counties.iter().enumerate() {
        let a = &county_age["row_totals"][j];
        let b = &muni["column_totals"][j];
        assert_eq!(a.is_number(), b.is_number(), "a county total is shown in both tables or hidden in both");
        if a.is_number() {
            assert_eq!(a, b);
        }
    }

    // The page, a CSV, the annual summary in HTML and PDF, and the public release.
    let cookie = t.page_login("sara").await;
    let page = t.page("/en/statistics", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<svg") && page.body.contains("Reports by month and kind of harm"));
    assert!(!page.body.contains('⟦'), "every label translated");
    let csv = t.page("/en/statistics/county-age.csv", Some(&cookie)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.lines().count() == county_rows.len() + 2, "{}", csv.body);
    let summary = t.page("/en/statistics/summary", Some(&cookie)).await;
    assert!(summary.body.contains("Reports received: 320"), "{}", summary.body);
    let pdf = t.page("/en/statistics/summary?format=pdf", Some(&cookie)).await;
    assert!(pdf.body.starts_with("%PDF-1.4"));
    let public = t.json(Method::GET, "/api/v1/statistics/public?epsilon=2", None, Some(&stat)).await.json();
    assert_eq!(public["epsilon"], 2.0);
    assert!(public["method"].as_str().unwrap().contains("ε = 2"));
    assert_eq!(public["tables"].as_array().unwrap().len(), 4);
    let bad = t.json(Method::GET, "/api/v1/statistics?from=2026-13-01", None, Some(&stat)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}
