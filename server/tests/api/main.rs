//! Server integration tests: one binary, the real router over HTTP.
// A failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod account;
mod foundation;
mod groups;
mod groundwork;
mod helpers;
mod history;
mod org_activity;
mod preferences;
mod profile;
mod users;
