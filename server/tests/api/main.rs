//! Server integration tests: one binary, the real router over HTTP.
// A failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod account;
mod bad_input;
mod contracts;
mod federation;
mod foundation;
mod groups;
mod groundwork;
mod helpers;
mod history;
mod notices;
mod openid;
mod org_activity;
mod preferences;
mod profile;
mod provider_api;
mod reachable;
#[allow(dead_code)] // Restarting the relay is for the process tests.
mod smtp;
mod sso_flow;
mod stale;
mod users;
