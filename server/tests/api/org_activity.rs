//! The Activity tab of Users & Permissions: the organization's log for administrators.

use crate::helpers::*;
use reqwest::StatusCode;

async fn view(app: &TestApp, c: &reqwest::Client, args: &[(&str, &str)]) -> reqwest::Response {
    app.post_fn(c, "org_activity", args).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_see_the_organizations_log_with_who_did_what_to_whom() {
    let app = spawn_app().await;
    assert_eq!(view(&app, &client(), &[]).await.status(), StatusCode::UNAUTHORIZED);
    let thomas = app.signed_in(USER).await;
    assert_eq!(view(&app, &thomas, &[]).await.status(), StatusCode::FORBIDDEN);
    let c = app.signed_in(ADMIN).await;
    let (id,): (String,) = sqlx::query_as("SELECT id FROM profiles WHERE email = $1").bind(USER.0).fetch_one(&app.pool).await.unwrap();
    assert_eq!(app.on_profile(&c, "account_action", &id, &[("action", "disable")]).await.status(), StatusCode::OK);
    let v: serde_json::Value = view(&app, &c, &[]).await.json().await.unwrap();
    let lines = v["lines"].as_array().unwrap();
    assert!(lines.iter().any(|l| l["email"] == USER.0 && l["kind"] == "sign-in"), "Thomas's own sign-in");
    let disabled = lines.iter().find(|l| l["kind"] == "user-disabled").unwrap();
    assert_eq!((disabled["concerns"].as_str(), disabled["by"].as_str()), (Some("Thomas Peeters"), Some("Sophie Claes")));
    // Filters: person and kind.
    let v: serde_json::Value = view(&app, &c, &[("person", "Thomas.Peeters@brightwave.example")]).await.json().await.unwrap();
    assert!(v["lines"].as_array().unwrap().iter().all(|l| l["email"] == USER.0));
    let v: serde_json::Value = view(&app, &c, &[("kind", "user-disabled")]).await.json().await.unwrap();
    assert_eq!(v["lines"].as_array().unwrap().len(), 1);
    assert_eq!(view(&app, &c, &[("kind", "x'; DROP")]).await.status(), StatusCode::BAD_REQUEST);
    let res = view(&app, &c, &[("from", "2026-11-20"), ("to", "2026-11-01")]).await;
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"][0]["message_id"], "error-date-range");
    // Another organization's administrator sees only their own.
    app.second_organization().await;
    let eva = app.signed_in_with(OTHER_ADMIN, OTHER_SECRET).await;
    let v: serde_json::Value = view(&app, &eva, &[]).await.json().await.unwrap();
    assert!(v["lines"].as_array().unwrap().iter().all(|l| l["email"] == OTHER_ADMIN.0));
    let v: serde_json::Value = view(&app, &eva, &[("person", USER.0)]).await.json().await.unwrap();
    assert!(v["lines"].as_array().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csv_is_the_filtered_view_for_administrators_only() {
    let app = spawn_app().await;
    let res = client().get(app.url("/users/activity.csv")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let thomas = app.signed_in(USER).await;
    assert_eq!(thomas.get(app.url("/users/activity.csv")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let c = app.signed_in(ADMIN).await;
    let res = c.get(app.url(&format!("/users/activity.csv?person={}&kind=sign-in", USER.0))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    let mut lines = body.lines();
    assert_eq!(lines.next(), Some(r#""Date & Time","Email","Activity Description","Concerns","Done by""#));
    let rest: Vec<&str> = lines.collect();
    assert_eq!(rest.len(), 1, "{body}");
    assert!(rest[0].contains(r#""Signed in","Thomas Peeters","""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_older_pages_the_organizations_log_by_keyset() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let (org,): (String,) = sqlx::query_as("SELECT organization_id FROM profiles WHERE email = $1").bind(ADMIN.0).fetch_one(&app.pool).await.unwrap();
    let now = app.state.now();
    for i in 0..120_i64 {
        sqlx::query("INSERT INTO activity (id, organization_id, email, kind, created_at) VALUES ($1, $2, 'x@brightwave.example', 'sign-in-failed', $3)")
            .bind(format!("{i:032x}"))
            .bind(org.clone())
            .bind(now - 60 - i / 3)
            .execute(&app.pool)
            .await
            .unwrap();
    }
    let (mut seen, mut before) = (std::collections::HashSet::new(), String::new());
    loop {
        let v: serde_json::Value = view(&app, &c, &[("kind", "sign-in-failed"), ("before", &before)]).await.json().await.unwrap();
        for l in v["lines"].as_array().unwrap() {
            seen.insert(format!("{}{}", l["when"], seen.len()));
        }
        match v["older"].as_str() {
            Some(o) => before = o.to_string(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 120);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_of_a_long_log_are_read_by_walking_their_index() {
    let app = spawn_app().await;
    // Enough entries that reading them all would show (the bench uses a million).
    assert_eq!(app.op.seed_bench_activity(ADMIN.0, 20_000).await.unwrap(), 20_000);
    let plans = app.op.activity_plans(ADMIN.0).await.unwrap();
    assert_eq!(plans.len(), 4, "first and deep page, the organization's and one's own");
    for (name, lines) in plans {
        let index = name.rsplit_once('(').map(|(_, i)| i.trim_end_matches(')')).unwrap();
        assert!(!app::platform::ssr::activity::plan_scans(&lines, index), "{name}:\n{}", lines.join("\n"));
    }
    // The pages themselves: 50 entries, newest first, one's own only about oneself.
    let c = app.signed_in(ADMIN).await;
    let page: serde_json::Value = app.post_fn(&c, "my_activity", &[]).await.json().await.unwrap();
    let lines = page["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 50, "{page}");
    assert!(lines.iter().all(|l| l["email"] == ADMIN.0));
}
