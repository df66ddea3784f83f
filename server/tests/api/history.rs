//! My Profile: the Activity and Orders tabs, the time zone, and Get help.

use crate::helpers::*;
use reqwest::StatusCode;

async fn ids_of(app: &TestApp, email: &str) -> (String, String) {
    sqlx::query_as("SELECT id, organization_id FROM profiles WHERE email = $1")
        .bind(email.to_string())
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// Writes log lines for `email` at the given moments, as the portal would.
async fn log_at(app: &TestApp, email: &str, times: &[i64]) {
    let (id, org) = ids_of(app, email).await;
    for (n, at) in times.iter().enumerate() {
        sqlx::query(
            "INSERT INTO activity (id, organization_id, actor_profile_id, subject_profile_id, email, kind, ip, created_at) \
             VALUES ($1, $2, $3, $3, $4, 'profile-updated', NULL, $5)",
        )
        .bind(format!("{:032x}", n + 1_000_000 * at.rem_euclid(1000) as usize))
        .bind(org.clone())
        .bind(id.clone())
        .bind(email.to_string())
        .bind(*at)
        .execute(&app.pool)
        .await
        .unwrap();
    }
}

async fn activity(app: &TestApp, c: &reqwest::Client, args: &[(&str, &str)]) -> reqwest::Response {
    app.post_fn(c, "my_activity", args).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_30_days_in_the_viewers_time_zone_by_default() {
    let app = spawn_app().await;
    assert_eq!(activity(&app, &client(), &[]).await.status(), StatusCode::UNAUTHORIZED);
    let c = app.signed_in(ADMIN).await;
    let v: serde_json::Value = activity(&app, &c, &[]).await.json().await.unwrap();
    // The test clock stands at 2026-11-18 (UTC).
    assert_eq!((v["from"].as_str(), v["to"].as_str(), v["time_zone"].as_str()), (Some("2026-10-20"), Some("2026-11-18"), Some("UTC")));
    let kinds: Vec<&str> = v["lines"].as_array().unwrap().iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.first(), Some(&"sign-in"));
    assert!(v["lines"].as_array().unwrap().iter().all(|l| l["email"] == ADMIN.0));
    assert!(v["lines"][0]["when"].as_str().unwrap().ends_with(" UTC"));
    // The browser's zone is saved; times and days follow it.
    assert_eq!(app.post_fn(&c, "time_zone", &[("name", "Mars/Olympus")]).await.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.post_fn(&c, "time_zone", &[("name", "Europe/Brussels")]).await.status(), StatusCode::OK);
    let v: serde_json::Value = activity(&app, &c, &[]).await.json().await.unwrap();
    assert_eq!(v["time_zone"], "Europe/Brussels");
    assert!(v["lines"][0]["when"].as_str().unwrap().ends_with(" CET"), "{}", v["lines"][0]["when"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whole_days_start_at_the_viewers_midnight() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    assert_eq!(app.post_fn(&c, "time_zone", &[("name", "Europe/Brussels")]).await.status(), StatusCode::OK);
    // 2026-11-10 23:00 UTC is midnight of the 11th in Brussels.
    let midnight = 1_794_351_600;
    log_at(&app, ADMIN.0, &[midnight - 1, midnight, midnight + 86_400 - 1, midnight + 86_400]).await;
    let day = [("from", "2026-11-11"), ("to", "2026-11-11")];
    let v: serde_json::Value = activity(&app, &c, &day).await.json().await.unwrap();
    let whens: Vec<&str> = v["lines"].as_array().unwrap().iter().map(|l| l["when"].as_str().unwrap()).collect();
    assert_eq!(whens, ["2026-11-11 23:59 CET", "2026-11-11 00:00 CET"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_ranges_are_field_errors() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    for (args, field, message) in [
        (vec![("from", "2026-02-30")], "from", "error-date-invalid"),
        (vec![("to", "tomorrow")], "to", "error-date-invalid"),
        (vec![("from", "2026-11-10"), ("to", "2026-11-01")], "to", "error-date-range"),
    ] {
        let res = activity(&app, &c, &args).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{args:?}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!((body["Validation"][0]["field"].as_str(), body["Validation"][0]["message_id"].as_str()), (Some(field), Some(message)));
    }
    assert_eq!(activity(&app, &c, &[("before", "12;DROP")]).await.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_older_walks_the_whole_history_once_even_within_one_second() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let now = app.state.now();
    // 130 lines, many sharing a second.
    let times: Vec<i64> = (0..130).map(|i| now - 3600 - (i / 4) * 60).collect();
    log_at(&app, ADMIN.0, &times).await;
    let mut seen: Vec<String> = vec![];
    let mut before = String::new();
    let mut pages = 0;
    loop {
        let v: serde_json::Value = activity(&app, &c, &[("before", &before)]).await.json().await.unwrap();
        pages += 1;
        seen.extend(v["lines"].as_array().unwrap().iter().map(|l| format!("{}{}", l["when"], l["kind"])));
        match v["older"].as_str() {
            Some(next) => before = next.to_string(),
            None => break,
        }
        assert_eq!(v["lines"].as_array().unwrap().len(), 50, "full pages until the last");
    }
    let total: i64 = sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM activity WHERE email = $1")
        .bind(ADMIN.0)
        .fetch_one(&app.pool)
        .await
        .unwrap()
        .0;
    assert_eq!(seen.len() as i64, total);
    assert_eq!(pages, (total + 49) / 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_person_sees_only_their_own_activity() {
    let app = spawn_app().await;
    app.signed_in(ADMIN).await;
    app.second_organization().await;
    let eva = app.signed_in_with(OTHER_ADMIN, OTHER_SECRET).await;
    let v: serde_json::Value = activity(&app, &eva, &[]).await.json().await.unwrap();
    let lines = v["lines"].as_array().unwrap();
    assert!(!lines.is_empty() && lines.iter().all(|l| l["email"] == OTHER_ADMIN.0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csv_holds_the_filtered_range() {
    let app = spawn_app().await;
    let res = client().get(app.url("/profile/activity.csv")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "anonymous: to the sign-in");
    let c = app.signed_in(ADMIN).await;
    let res = c.get(app.url("/profile/activity.csv?from=2026-11-01&to=2026-11-18")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("activity-2026-11-01-2026-11-18.csv"));
    let body = res.text().await.unwrap();
    let mut lines = body.lines();
    assert_eq!(lines.next(), Some(r#""Date & Time","Email","Activity Description""#));
    assert!(lines.next().unwrap().ends_with(&format!(r#","{}","Signed in""#, ADMIN.0)));
    let res = c.get(app.url("/profile/activity.csv?from=nope")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn orders(app: &TestApp, c: &reqwest::Client, before: &str) -> serde_json::Value {
    app.post_fn(c, "my_orders", &[("before", before)]).await.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn orders_page_newest_first_and_follow_the_view_orders_role() {
    let app = spawn_app().await;
    assert_eq!(app.post_fn(&client(), "my_orders", &[]).await.status(), StatusCode::UNAUTHORIZED);
    let c = app.signed_in(ADMIN).await;
    let first = orders(&app, &c, "").await;
    assert_eq!(first["all_of_organization"], true);
    assert_eq!(first["lines"].as_array().unwrap().len(), 25);
    let second = orders(&app, &c, first["older"].as_str().unwrap()).await;
    assert_eq!(second["lines"].as_array().unwrap().len(), 11, "36 demo orders");
    assert!(second["older"].is_null());
    let dates: Vec<&str> = first["lines"].as_array().unwrap().iter().chain(second["lines"].as_array().unwrap()).map(|l| l["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    // Without the View orders role, Thomas sees the orders he placed, and only those.
    let (thomas, _) = ids_of(&app, USER.0).await;
    sqlx::query("DELETE FROM permission_group_members WHERE profile_id = $1").bind(thomas).execute(&app.pool).await.unwrap();
    let t = app.signed_in(USER).await;
    let mine = orders(&app, &t, "").await;
    assert_eq!(mine["all_of_organization"], false);
    assert_eq!(mine["lines"].as_array().unwrap().len(), 12);
    assert!(mine["lines"].as_array().unwrap().iter().all(|l| l["ordered_by"] == "Thomas Peeters"));
    // Another organization sees none of them.
    app.second_organization().await;
    let eva = app.signed_in_with(OTHER_ADMIN, OTHER_SECRET).await;
    assert!(orders(&app, &eva, "").await["lines"].as_array().unwrap().is_empty());
    let (_, _, page) = app.page(&eva, "/profile/orders").await;
    assert!(page.contains("Only products ordered from within the portal are shown. Change requests via the Arxus Service Desk are not included."));
    assert!(page.contains("No orders yet."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_order_import_checks_every_line_and_skips_what_it_has() {
    let app = spawn_app().await;
    let org = app.op.organization_of(ADMIN.0).await.unwrap().unwrap();
    let header = "reference,date,ordered_by,customer_flow,type,domain,resource,action,quantity\n";
    let bad = format!("{header}X-1,2026-11-01,{},Azure,New,a.example,Plan,Add,3\nX-2,someday,Jan,Azure,New,a.example,Plan,Add,3\n", ADMIN.0);
    let err = app.op.import_orders(&org, &bad).await.unwrap_err();
    assert!(err.contains("line 3") && err.contains("date"), "{err}");
    assert!(app.op.import_orders(&org, "ref,when\n").await.unwrap_err().contains("header"));
    let good = format!("{header}X-1,2026-11-01,{},Azure,New,a.example,Plan,Add,3\nX-2,2026-11-17,Jan Janssens,Azure,New,a.example,Plan,Add,1\n", ADMIN.0);
    assert_eq!(app.op.import_orders(&org, &good).await.unwrap(), (2, 0));
    assert_eq!(app.op.import_orders(&org, &good).await.unwrap(), (0, 2));
    let c = app.signed_in(ADMIN).await;
    let first = orders(&app, &c, "").await;
    assert_eq!(first["lines"][0]["ordered_by"], "Jan Janssens", "someone outside the portal keeps their name");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_help_names_the_organizations_manager() {
    let app = spawn_app().await;
    assert_eq!(app.post_fn(&client(), "help", &[]).await.status(), StatusCode::UNAUTHORIZED);
    let c = app.signed_in(ADMIN).await;
    let h: serde_json::Value = app.post_fn(&c, "help", &[]).await.json().await.unwrap();
    assert_eq!(h["manager"]["name"], "Lotte Verhoeven");
    assert!(h["chat_url"].as_str().unwrap().starts_with("https://"));
    let org = app.second_organization().await;
    let eva = app.signed_in_with(OTHER_ADMIN, OTHER_SECRET).await;
    let h: serde_json::Value = app.post_fn(&eva, "help", &[]).await.json().await.unwrap();
    assert!(h["manager"].is_null(), "not Brightwave's manager");
    assert!(app.op.set_customer_success_manager(&org, "Jo", "not-an-address", None).await.is_err());
    app.op.set_customer_success_manager(&org, "Jo Maes", "jo.maes@arxus.example", Some("+32 470 11 22 44")).await.unwrap();
    let h: serde_json::Value = app.post_fn(&eva, "help", &[]).await.json().await.unwrap();
    assert_eq!(h["manager"]["name"], "Jo Maes");
    assert_eq!((h["manager"]["phone"]["shown"].as_str(), h["manager"]["phone"]["tel"].as_str()), (Some("+32 470 11 22 44"), Some("tel:+32470112244")), "read grouped, dialled whole");
    assert_eq!(h["service_desk_phone"]["shown"], "+32 3 500 00 00");
    let (_, _, page) = app.page(&eva, "/help").await;
    assert!(page.contains("Jo Maes") && page.contains("Service Desk"));
    assert!(page.contains(r#"href="tel:+32470112244">+32 470 11 22 44</a>"#), "the manager's number on the page, grouped");
}
