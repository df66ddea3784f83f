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
        let mut tx = self.db().begin().await.map_err(fail)?;
        let (mut imported, mut skipped) = (0, 0);
        for (t, at, quantity) in rows {
            let by: Option<(String, String, String)> = match Email::parse(&t[1]) {
                Ok(email) => sqlx::query_as("SELECT id, first_name, last_name FROM profiles WHERE organization_id = $1 AND email = $2")
                    .bind(organization_id.to_string())
                    .bind(email.as_str().to_string())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(fail)?,
                Err(_) => None,
            };
            let (by_id, by_name) = match by {
                Some((id, first, last)) => (Some(id), format!("{first} {last}")),
                None => (None, t[1].clone()),
            };
            let done = sqlx::query(
                "INSERT INTO orders (id, organization_id, external_ref, ordered_by, ordered_by_name, customer_flow, order_type, domain, \
                 ordered_at, resource, action, quantity) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                 ON CONFLICT (organization_id, external_ref) DO NOTHING",
            )
            .bind(new_id())
            .bind(organization_id.to_string())
            .bind(t[0].clone())
            .bind(by_id)
            .bind(by_name)
            .bind(t[2].clone())
            .bind(t[3].clone())
            .bind(t[4].clone())
            .bind(at)
            .bind(t[5].clone())
            .bind(t[6].clone())
            .bind(quantity)
            .execute(&mut *tx)
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
        let done = sqlx::query("UPDATE organizations SET csm_name = $1, csm_email = $2, csm_phone = $3 WHERE id = $4")
            .bind(name.as_str().to_string())
            .bind(email.as_str().to_string())
            .bind(phone.map(|p| p.as_str().to_string()))
            .bind(organization_id.to_string())
            .execute(self.db())
            .await?;
        if done.rows_affected() == 0 {
            return Err(AppError::field("organization", "error-not-found"));
        }
        Ok(())
    }

    /// Everyone subscribed to a list, across organizations (the provider sends the mailings).
    pub async fn subscribers(&self, list_code: &str) -> Result<Vec<Subscriber>, AppError> {
        let known: Option<(String,)> = sqlx::query_as("SELECT code FROM mailing_lists WHERE code = $1")
            .bind(list_code.to_string())
            .fetch_optional(self.db())
            .await?;
        if known.is_none() {
            return Err(AppError::field("list", "error-list-unknown"));
        }
        Ok(sqlx::query_as(
            "SELECT p.email, p.first_name, p.last_name, p.email_language FROM mailing_list_subscriptions s \
             JOIN profiles p ON p.id = s.profile_id WHERE s.list_code = $1 AND s.subscribed = 1 ORDER BY p.email",
        )
        .bind(list_code.to_string())
        .fetch_all(self.db())
        .await?)
    }

    /// Subscribes someone of the organization to a list unless they left it (the demo's starting point).
    pub async fn subscribe(&self, organization_id: &str, email: &str, list_code: &str) -> Result<(), AppError> {
        sqlx::query(
            "INSERT INTO mailing_list_subscriptions (organization_id, profile_id, list_code, subscribed, changed_at) \
             SELECT organization_id, id, $3, 1, $4 FROM profiles WHERE organization_id = $1 AND email = $2 \
             ON CONFLICT (profile_id, list_code) DO NOTHING",
        )
        .bind(organization_id.to_string())
        .bind(email.to_string())
        .bind(list_code.to_string())
        .bind(self.now())
        .execute(self.db())
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
        let mut tx = self.db().begin().await?;
        let (group,): (String,) = sqlx::query_as("SELECT id FROM permission_groups WHERE organization_id = $1 AND name = 'users' AND built_in = 1")
            .bind(organization_id.to_string())
            .fetch_one(&mut *tx)
            .await?;
        let mut added = 0;
        for p in people {
            let id = new_id();
            let done = sqlx::query(
                "INSERT INTO profiles (id, organization_id, email, first_name, last_name, job_title, department, is_user, user_status, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) ON CONFLICT (email) DO NOTHING",
            )
            .bind(id.clone())
            .bind(organization_id.to_string())
            .bind(p.email.clone())
            .bind(p.first_name.clone())
            .bind(p.last_name.clone())
            .bind(p.job_title.to_string())
            .bind(p.department.to_string())
            .bind(i64::from(p.user_status.is_some()))
            .bind(p.user_status.map(str::to_string))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                continue;
            }
            added += 1;
            if p.user_status.is_some() {
                sqlx::query("INSERT INTO permission_group_members (group_id, profile_id, organization_id, added_at) VALUES ($1, $2, $3, $4)")
                    .bind(group.clone())
                    .bind(id.clone())
                    .bind(organization_id.to_string())
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            if let Some(t) = p.contact_type {
                sqlx::query("INSERT INTO profile_contact_types (profile_id, contact_type_code, organization_id) VALUES ($1, $2, $3)")
                    .bind(id.clone())
                    .bind(t.to_string())
                    .bind(organization_id.to_string())
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(added)
    }
}
