//! The Orders tab on the server: portal orders, newest first, paged by keyset. People with the
//! View orders role see their organization's; everyone else the ones they placed.

use super::super::{OrderLine, OrdersView};
use crate::error::AppError;
use crate::platform::ssr::activity::Cursor;
use crate::platform::ssr::{reply, require_user, time};
use crate::platform::PortalRole;

const PAGE: i64 = 25;

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    ordered_by_name: String,
    customer_flow: String,
    order_type: String,
    domain: String,
    ordered_at: i64,
    resource: String,
    action: String,
    quantity: i64,
}

pub async fn my_orders(before: Option<String>) -> Result<OrdersView, AppError> {
    reply(
        async {
            let who = require_user()?;
            let all = who.has(PortalRole::ViewOrders);
            let org = who.org();
            let before = before.filter(|b| !b.is_empty()).map(|b| Cursor::parse(&b)).transpose()?;
            let (at, id) = before.as_ref().map_or((i64::MAX, String::new()), |c| (c.at, c.id.clone()));
            // One statement for both: `$2` is the caller, and only counts without the role.
            let mut rows: Vec<Row> = org
                .query_as(
                    "SELECT id, ordered_by_name, customer_flow, order_type, domain, ordered_at, resource, action, quantity \
                     FROM orders WHERE organization_id = $1 AND ($3 = 1 OR ordered_by = $2) \
                       AND (ordered_at < $4 OR (ordered_at = $4 AND id < $5)) \
                     ORDER BY ordered_at DESC, id DESC LIMIT $6",
                )
                .bind(org.profile_id().to_string())
                .bind(i64::from(all))
                .bind(at)
                .bind(id)
                .bind(PAGE + 1)
                .fetch_all()
                .await?;
            let more = rows.len() as i64 > PAGE;
            rows.truncate(PAGE as usize);
            let older = more.then(|| rows.last().map(|r| Cursor { at: r.ordered_at, id: r.id.clone() }.text())).flatten();
            let tz = org.time_zone();
            Ok(OrdersView {
                all_of_organization: all,
                paged: before.is_some(),
                older,
                lines: rows
                    .into_iter()
                    .map(|r| OrderLine {
                        customer_flow: r.customer_flow,
                        order_type: r.order_type,
                        domain: r.domain,
                        ordered_by: r.ordered_by_name,
                        date: time::day_text(time::day_of(tz, r.ordered_at)),
                        resource: r.resource,
                        action: r.action,
                        quantity: r.quantity,
                    })
                    .collect(),
            })
        }
        .await,
    )
}
