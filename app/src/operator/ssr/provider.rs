//! What the provider keeps up to date for its customers: portal orders (imported from its order
//! system as CSV), each organization's Customer Success Manager, and who is on which mailing list.

use crate::domain::{Email, PersonName, PhoneNumber};
use crate::error::AppError;
use crate::platform::ssr::{new_id, OperatorDb};

/// The columns an orders CSV has, in this order, with a header line.
pub const ORDER_COLUMNS: [&str; 9] = ["reference", "date", "ordered_by", "customer_flow", "type", "domain", "resource", "action", "quantity"];

/// A person on a mailing list, as the subscribers CSV lists them.
#[derive(sqlx::FromRow)]
pub struct Subscriber {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub email_language: String,
}

/// `2026-11-23` (noon UTC) or RFC 3339.
fn parse_when(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp());
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?.and_hms_opt(12, 0, 0).map(|t| t.and_utc().timestamp())
}

fn required<'a>(line: usize, name: &str, v: &'a str) -> Result<&'a str, String> {
    let v = v.trim();
    if v.is_empty() || v.len() > 200 || v.contains(['\r', '\n']) {
        return Err(format!("line {line}: {name} must be 1 to 200 characters on one line"));
    }
    Ok(v)
}

impl OperatorDb {
    /// Imports orders for an organization from CSV (see [`ORDER_COLUMNS`]). `ordered_by` is the
    /// e-mail of someone of the organization, or a name for someone who is not in the portal.
    /// Every line is checked before anything is written; a reference already imported is
    /// skipped. Returns (imported, skipped).
    pub async fn import_orders(&self, organization_id: &str, csv_text: &str) -> Result<(usize, usize), String> {
        let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(csv_text.as_bytes());
        let header: Vec<String> = reader.headers().map_err(|e| e.to_string())?.iter().map(str::to_lowercase).collect();
        if header != ORDER_COLUMNS {
            return Err(format!("the header must be: {}", ORDER_COLUMNS.join(",")));
        }
        let mut rows = vec![];
        for (i, record) in reader.records().enumerate() {
            let line = i + 2;
            let r = record.map_err(|e| format!("line {line}: {e}"))?;
            let field = |n: usize| r.get(n).unwrap_or("");
            let at = parse_when(field(1)).ok_or_else(|| format!("line {line}: date must be YYYY-MM-DD or RFC 3339"))?;
            let quantity: i64 = field(8).trim().parse().ok().filter(|q| *q > 0).ok_or_else(|| format!("line {line}: quantity must be a positive whole number"))?;
            let texts: Vec<String> = [(0, "reference"), (2, "ordered_by"), (3, "customer_flow"), (4, "type"), (5, "domain"), (6, "resource"), (7, "action")]
                .iter()
                .map(|(n, name)| required(line, name, field(*n)).map(str::to_string))
                .collect::<Result<_, _>>()?;
            rows.push((texts, at, quantity));
        }
        let fail = |e: sqlx::Error| e.to_string();
        let mut tx = self.begin().await.map_err(fail)?;
        let (mut imported, mut skipped) = (0, 0);
        for (t, at, quantity) in rows {
            let by: Option<(String, String, String)> = match Email::parse(&t[1]) {
                Ok(email) => self
                    .query_as("SELECT id, first_name, last_name FROM profiles WHERE organization_id = $1 AND email = $2")
                    .bind(organization_id.to_string())
                    .bind(email.as_str().to_string())
                    .fetch_optional_in(&mut tx)
                    .await
                    .map_err(fail)?,
                Err(_) => None,
            };
            let (by_id, by_name) = match by {
                Some((id, first, last)) => (Some(id), format!("{first} {last}")),
                None => (None, t[1].clone()),
            };
            let [reference, _, customer_flow, order_type, domain, resource, action]: [String; 7] = t.try_into().map_err(|_| "seven texts per line".to_string())?;
            let done = self
                .insert("orders")
                .value("id", new_id())
                .value("organization_id", organization_id.to_string())
                .value("external_ref", reference)
                .value("ordered_by", by_id)
                .value("ordered_by_name", by_name)
                .value("customer_flow", customer_flow)
                .value("order_type", order_type)
                .value("domain", domain)
                .value("ordered_at", at)
                .value("resource", resource)
                .value("action", action)
                .value("quantity", quantity)
                .unless_exists("organization_id, external_ref")
                .execute_in(&mut tx)
                .await
                .map_err(fail)?;
            if done.rows_affected() == 1 { imported += 1 } else { skipped += 1 }
        }
        tx.commit().await.map_err(fail)?;
        Ok((imported, skipped))
    }

    /// Sets the organization's Customer Success Manager, shown under "Get help".
    pub async fn set_customer_success_manager(&self, organization_id: &str, name: &str, email: &str, phone: Option<&str>) -> Result<(), AppError> {
        let name = PersonName::parse(name).map_err(|e| AppError::field("name", e.0))?;
        let email = Email::parse(email).map_err(|e| AppError::field("email", e.0))?;
        let phone = phone.map(PhoneNumber::parse).transpose().map_err(|e| AppError::field("phone", e.0))?;
        let done = self
            .query("UPDATE organizations SET csm_name = $1, csm_email = $2, csm_phone = $3 WHERE id = $4")
            .bind(name.as_str().to_string())
            .bind(email.as_str().to_string())
            .bind(phone.map(|p| p.as_str().to_string()))
            .bind(organization_id.to_string())
            .execute()
            .await?;
        if done.rows_affected() == 0 {
            return Err(AppError::field("organization", "error-not-found"));
        }
        Ok(())
    }

    /// Everyone subscribed to a list, across organizations (the provider sends the mailings).
    pub async fn subscribers(&self, list_code: &str) -> Result<Vec<Subscriber>, AppError> {
        let known: Option<(String,)> = self.query_as("SELECT code FROM mailing_lists WHERE code = $1").bind(list_code.to_string()).fetch_optional().await?;
        if known.is_none() {
            return Err(AppError::field("list", "error-list-unknown"));
        }
        Ok(self
            .query_as(
                "SELECT p.email, p.first_name, p.last_name, p.email_language FROM mailing_list_subscriptions s \
                 JOIN profiles p ON p.id = s.profile_id WHERE s.list_code = $1 AND s.subscribed = 1 ORDER BY p.email",
            )
            .bind(list_code.to_string())
            .fetch_all()
            .await?)
    }

    /// Subscribes someone of the organization to a list unless they left it (the demo's starting point).
    pub async fn subscribe(&self, organization_id: &str, email: &str, list_code: &str) -> Result<(), AppError> {
        self.query(
            "INSERT INTO mailing_list_subscriptions (organization_id, profile_id, list_code, subscribed, changed_at) \
             SELECT organization_id, id, $3, 1, $4 FROM profiles WHERE organization_id = $1 AND email = $2 \
             ON CONFLICT (profile_id, list_code) DO NOTHING",
        )
        .bind(organization_id.to_string())
        .bind(email.to_string())
        .bind(list_code.to_string())
        .bind(self.now())
        .execute()
        .await?;
        Ok(())
    }
}

/// A CSV cell for the subscribers list (spreadsheet formulas defused).
pub use crate::platform::ssr::time::csv_cell;

/// Someone the demo fills an organization with.
pub struct CrowdMember {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub job_title: &'static str,
    pub department: &'static str,
    /// `Some("active" | "invited")` for a user, `None` for a contact.
    pub user_status: Option<&'static str>,
    /// A contact type that any person may hold (`watchlist`, `dpo`), or none.
    pub contact_type: Option<&'static str>,
}

impl OperatorDb {
    /// Adds many people at once without e-mailing anyone (the demo's crowd): users go into the
    /// built-in users group. Addresses that exist are skipped.
    pub async fn add_crowd(&self, organization_id: &str, people: &[CrowdMember]) -> Result<usize, AppError> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let (group,): (String,) = self
            .query_as("SELECT id FROM permission_groups WHERE organization_id = $1 AND name = 'users' AND built_in = 1")
            .bind(organization_id.to_string())
            .fetch_one_in(&mut tx)
            .await?;
        let mut added = 0;
        for p in people {
            let id = new_id();
            let done = self
                .insert("profiles")
                .value("id", id.clone())
                .value("organization_id", organization_id.to_string())
                .value("email", p.email.clone())
                .value("first_name", p.first_name.clone())
                .value("last_name", p.last_name.clone())
                .value("job_title", p.job_title.to_string())
                .value("department", p.department.to_string())
                .value("is_user", i64::from(p.user_status.is_some()))
                .value("user_status", p.user_status.map(str::to_string))
                .value("created_at", now)
                .value("updated_at", now)
                .unless_exists("email")
                .execute_in(&mut tx)
                .await?;
            if done.rows_affected() == 0 {
                continue;
            }
            added += 1;
            if p.user_status.is_some() {
                self.insert("permission_group_members")
                    .value("group_id", group.clone())
                    .value("profile_id", id.clone())
                    .value("organization_id", organization_id.to_string())
                    .value("added_at", now)
                    .execute_in(&mut tx)
                    .await?;
            }
            if let Some(t) = p.contact_type {
                self.insert("profile_contact_types")
                    .value("profile_id", id.clone())
                    .value("contact_type_code", t.to_string())
                    .value("organization_id", organization_id.to_string())
                    .execute_in(&mut tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(added)
    }
}
