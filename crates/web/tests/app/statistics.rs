//! Statistics: equal to the database, never a small number.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::HashMap;
use zeri_domain::report::{AgeBand, Category, ContactMethod, ReporterKind};
use zeri_domain::statistics::Period;
use zeri_domain::Role;
use zeri_storage::{NewEvent, NewReportRow};

use crate::support::*;

#[tokio::test]
async fn statistics_equal_the_database_and_never_reveal_a_small_number() {
    use zeri_domain::casework::{Outcome, ReferralStatus};
    use zeri_domain::places::Gazetteer;
    use zeri_domain::statistics::{recoverable, Cell, Published};
    use zeri_storage::{OutcomeRow, ReferralRow};

    let t = TestApp::new().await;
    let g = Gazetteer::albania();
    let mut rng = Lcg(7);
    let day = 86_400_000i64;
    let now = zeri_web::now_ms();
    // 320 reports over the last full year, spread over municipalities (some without a
    // place); a few municipalities get many, most get few, so suppression has work to do.
    let year = last_full_year();
    let (first_day, end_day) = year.days();
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
            created_at: first_day * day + rng.next((end_day - first_day) as usize) as i64 * day + 3_600_000,
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
            submission: None,
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
                handled_by: None,
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

    let res = t.json(Method::GET, &format!("/api/v1/statistics?period={year}"), None, Some(&stat)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let stats = res.json();
    assert_eq!(stats["threshold"], 5);
    assert_eq!(stats["period"], year.to_string());

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
    assert_eq!(months.len(), 12, "{months:?}");
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
    assert!(!stats["tables"].to_string().contains("\"<5\""), "a year marks what it hides with \"–\" only");
    // The number of reports: shown as it is, or hidden where one of the year's months hides
    // its own (sparse months hide even their total to protect a small count).
    let total = table("month-category")["total"].clone();
    assert!(total == 320 || total == "–", "{total}");

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

    // Each month of the year shows every figure the year shows, and they add up to it: the
    // year tells nothing its months do not.
    let mut month_tables = Vec::new();
    for month in year.months() {
        let res = t.json(Method::GET, &format!("/api/v1/statistics?period={month}"), None, Some(&stat)).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        month_tables.push(res.json()["tables"].clone());
    }
    assert_whole_is_sum_of_shown_parts(&stats["tables"], &month_tables);

    // The page, a CSV, the annual summary in HTML and PDF.
    let cookie = t.page_login("sara").await;
    let page = t.page(&format!("/en/statistics?period={year}"), Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<svg") && page.body.contains("Reports by month and kind of harm"));
    assert!(!page.body.contains('⟦'), "every label translated");
    assert!(page.body.contains(&format!("<option value=\"{year}\" selected>")), "the period chosen from a list");
    assert!(!page.body.contains("type=\"date\""), "no day to choose");
    assert!(page.body.contains("ε 0 of 1 spent, 1 left"), "the budget on the page");
    let csv = t.page(&format!("/en/statistics/county-age.csv?period={year}"), Some(&cookie)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.lines().count() == county_rows.len() + 2, "{}", csv.body);
    let summary = t.page(&format!("/en/statistics/summary?period={year}"), Some(&cookie)).await;
    assert!(summary
        .body
        .contains(&format!("Reports received: {}", total.as_u64().map_or("–".into(), |n| n.to_string()))));
    let pdf = t.page(&format!("/en/statistics/summary?period={year}&format=pdf"), Some(&cookie)).await;
    assert!(pdf.body.starts_with("%PDF-1.4"));
    let default = t.page("/en/statistics", Some(&cookie)).await;
    assert_eq!(default.status, StatusCode::OK, "the last full month by default");
    let public = t.json(Method::GET, &format!("/api/v1/statistics/public?period={year}"), None, Some(&stat)).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.body);
    let public = public.json();
    assert_eq!(public["epsilon"], 0.5);
    assert!(public["method"].as_str().unwrap().contains("ε = 0.5"));
    assert_eq!(public["tables"].as_array().unwrap().len(), 4);
}

/// Every figure `whole` (a quarter's or a year's tables) shows is shown by each part (its
/// months) that has it, and is their sum.
fn assert_whole_is_sum_of_shown_parts(whole: &Value, parts: &[Value]) {
    let find = |tables: &Value, id: &str| tables.as_array().unwrap().iter().find(|t| t["id"] == id).unwrap().clone();
    for w in whole.as_array().unwrap() {
        let id = w["id"].as_str().unwrap();
        let labels = |t: &Value, key: &str| -> Vec<String> {
            t[key].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
        };
        // (row label or "", column label or "") → figure; "" is the margin.
        let figures = |t: &Value| -> HashMap<(String, String), Value> {
            let (rows, cols) = (labels(t, "rows"), labels(t, "columns"));
            let mut out = HashMap::new();
            for (i, r) in rows.iter().enumerate() {
                for (j, c) in cols.iter().enumerate() {
                    out.insert((r.clone(), c.clone()), t["cells"][i][j].clone());
                }
                out.insert((r.clone(), String::new()), t["row_totals"][i].clone());
            }
            for (j, c) in cols.iter().enumerate() {
                out.insert((String::new(), c.clone()), t["column_totals"][j].clone());
            }
            out.insert((String::new(), String::new()), t["total"].clone());
            out
        };
        let part_figures: Vec<_> = parts.iter().map(|p| figures(&find(p, id))).collect();
        for (key, v) in figures(w) {
            let Some(n) = v.as_u64() else { continue };
            let mut sum = 0;
            for p in &part_figures {
                if let Some(f) = p.get(&key) {
                    sum += f.as_u64().unwrap_or_else(|| panic!("{id} {key:?}: shown as {n} while a part hides it"));
                }
            }
            assert_eq!(sum, n, "{id} {key:?}");
        }
    }
}

/// The last calendar year that has ended.
fn last_full_year() -> Period {
    let today = zeri_web::now_ms().div_euclid(86_400_000);
    Period::recent(today).into_iter().find(|p| matches!(p, Period::Year(_))).unwrap()
}

/// The last calendar quarter that has ended.
fn last_full_quarter() -> Period {
    let today = zeri_web::now_ms().div_euclid(86_400_000);
    Period::recent(today).into_iter().find(|p| matches!(p, Period::Quarter { .. })).unwrap()
}

/// `n` reports of `category` received at `at` (ms), for tests that place reports exactly.
async fn reports_at(t: &TestApp, prefix: &str, n: usize, at: i64, category: Category) {
    let rows: Vec<NewReportRow> = (0..n)
        .map(|k| {
            let id = format!("{prefix}{k}");
            NewReportRow {
                id: id.clone(),
                case_ref: format!("ZR-{prefix}{k:04}"),
                receipt_digest: t.app.keys.lookup_digest("receipt", id.as_bytes()),
                created_at: at,
                category,
                reporter: ReporterKind::Myself,
                age_band: AgeBand::From13To15,
                municipality: Some("Tiranë".into()),
                contact_method: ContactMethod::None,
                consent_cpo: true,
                consent_police: true,
                key_id: t.app.keys.primary_id().to_owned(),
                sealed: t.app.keys.seal(b"{}", format!("report:{id}:confidential").as_bytes()),
                case_key: None,
                channel: "online",
                org_id: "helpline".into(),
                evidence: Vec::new(),
                submission: None,
            }
        })
        .collect();
    t.store().insert_reports(&rows).await.unwrap();
}

/// Issue 16, point 12: "[a, b) against [a, b + 1) isolates one report". No day range is
/// published any more, only whole months, quarters and years that have ended; and a
/// quarter never shows a figure that, less its other months, gives away one month's hidden
/// number.
#[tokio::test]
async fn two_statistics_queries_differing_by_a_day_reveal_nothing_below_the_threshold() {
    let t = TestApp::new().await;
    let stat = t.staff("sara", Role::Statistician).await;
    let quarter = last_full_quarter();
    let months = quarter.months();
    let day = 86_400_000i64;
    let first = |p: Period| p.days().0 * day;
    // 30 reports in the first month, 6 of them of live streaming; one more live-streaming
    // report on the last day of the quarter: the one a difference would isolate.
    reports_at(&t, "a", 24, first(months[0]) + day, Category::Grooming).await;
    reports_at(&t, "b", 6, first(months[0]) + 2 * day, Category::LiveStreaming).await;
    reports_at(&t, "c", 20, first(months[2]) + day, Category::Grooming).await;
    reports_at(&t, "d", 1, quarter.days().1 * day - 3_600_000, Category::LiveStreaming).await;
    let get = |q: String| {
        let (t, stat) = (&t, &stat);
        async move { t.json(Method::GET, &format!("/api/v1/statistics?{q}"), None, Some(stat)).await }
    };

    // Days are refused, whatever they are called, with a message naming the period.
    let (a, b) = quarter.days();
    let ymd = |d: i64| {
        let t = time::OffsetDateTime::from_unix_timestamp(d * 86_400).unwrap();
        format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
    };
    for q in [
        format!("from={}&to={}", ymd(a), ymd(b - 1)),
        format!("from={}&to={}", ymd(a), ymd(b)),
        format!("to={}", ymd(b)),
        format!("period={}&from={}", quarter, ymd(a)),
        format!("year={}", quarter.year()),
    ] {
        let res = get(q.clone()).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{q}: {}", res.body);
        let message = res.json()["error"]["fields"]["period"].as_str().unwrap().to_owned();
        assert!(message.contains("period=2026-11"), "{q}: {message}");
    }
    for bad in [ymd(a), format!("{}/{}", ymd(a), ymd(b)), "2026-1".into(), "2026-W40".into(), "last-30-days".into()] {
        let res = get(format!("period={bad}")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(res.json()["error"]["fields"]["period"].as_str().unwrap().contains("2026-Q4"), "{bad}");
    }
    // Nor is a period that has not ended: the month so far grows a day at a time.
    let today = zeri_web::now_ms().div_euclid(day);
    let this_month = Period::recent(today + 31)[0];
    assert!(!this_month.ended(today));
    let res = get(format!("period={this_month}")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.json()["error"]["fields"]["period"].as_str().unwrap().contains("ended"));
    // The page says why, in the page's language.
    let page = t.page(&format!("/sq/statistics?from={}", ymd(a)), Some(&t.page_login("sara").await)).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("kurrë për një varg ditësh"), "{}", page.body);

    // The quarter and its months: the live-streaming total of the quarter (7) less the first
    // month's (6) would give the last month's single report. The quarter hides it instead.
    let whole = get(format!("period={quarter}")).await.json();
    let mut parts: Vec<Value> = Vec::new();
    for m in &months {
        parts.push(get(format!("period={m}")).await.json());
    }
    let mc = |tables: &Value| tables["tables"][0].clone();
    let column = |t: &Value| {
        t["columns"].as_array().unwrap().iter().position(|c| c == "Live-streamed abuse").expect("the category's column")
    };
    assert_eq!(mc(&parts[0])["column_totals"][column(&mc(&parts[0]))], 6, "shown in the first month");
    assert_eq!(mc(&parts[2])["column_totals"][column(&mc(&parts[2]))], "<5", "hidden in the last month");
    assert_eq!(mc(&whole)["column_totals"][column(&mc(&whole))], "–", "and so in the quarter");
    let tables: Vec<Value> = parts.iter().map(|p| p["tables"].clone()).collect();
    assert_whole_is_sum_of_shown_parts(&whole["tables"], &tables);
}

/// The public release: the same request gets the same figures (the noise is seeded per
/// release and the release recorded), and each new release spends its ε on every month of
/// its period, refused once a month would carry more than the budget of 1.
#[tokio::test]
async fn the_public_release_is_the_same_when_asked_again_and_spends_a_stated_budget() {
    let t = TestApp::new().await;
    let stat = t.staff("sara", Role::Statistician).await;
    let quarter = last_full_quarter();
    let months = quarter.months();
    let day = 86_400_000i64;
    reports_at(&t, "a", 40, months[1].days().0 * day + day, Category::Grooming).await;
    let get = |q: String| {
        let (t, stat) = (&t, &stat);
        async move { t.json(Method::GET, &format!("/api/v1/statistics/public?{q}"), None, Some(stat)).await }
    };
    let first = get(format!("period={quarter}&epsilon=0.3")).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let first = first.json();
    assert_eq!(first["budget"], json!({"total": 1.0, "spent": 0.3, "left": 0.7}));
    // Asked again, with a different threshold too (suppression is applied after the noise):
    // the same noisy figures, nothing more spent.
    for q in [format!("period={quarter}&epsilon=0.3"), format!("period={quarter}&epsilon=0.30&threshold=5")] {
        let again = get(q).await.json();
        assert_eq!(again["tables"], first["tables"], "same request, same noise");
        assert_eq!(again["released_at"], first["released_at"]);
        assert_eq!(again["budget"]["spent"], 0.3);
    }
    // More than is left is refused, saying what is spent and left; then what fits is made.
    let over = get(format!("period={quarter}&epsilon=0.8")).await;
    assert_eq!(over.status, StatusCode::CONFLICT, "{}", over.body);
    let message = over.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(message.contains("0.3") && message.contains("0.7"), "{message}");
    // A month of the quarter carries the quarter's release: 0.3 spent there already.
    let month = get(format!("period={}&epsilon=0.7", months[1])).await;
    assert_eq!(month.status, StatusCode::OK, "{}", month.body);
    assert_eq!(month.json()["budget"]["spent"], 1.0);
    let over = get(format!("period={quarter}&epsilon=0.1")).await;
    assert_eq!(over.status, StatusCode::CONFLICT, "the second month is spent: {}", over.body);
    let other = get(format!("period={}&epsilon=0.1", months[0])).await.json();
    assert_eq!(other["budget"]["spent"], 0.4, "another month carries only the quarter's 0.3");
    // The earlier releases are still served as made.
    assert_eq!(get(format!("period={quarter}&epsilon=0.3")).await.json()["tables"], first["tables"]);
    let bad = get(format!("period={quarter}&epsilon=2")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.json()["error"]["fields"]["epsilon"].is_string());
    // The page states the budget of the period.
    let page = t.page(&format!("/en/statistics?period={}", months[1]), Some(&t.page_login("sara").await)).await;
    assert!(page.body.contains("ε 1 of 1 spent, 0 left"), "{}", page.body);
}
