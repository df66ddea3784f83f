//! Server integration tests: one binary, the real router over HTTP.

mod account;
mod foundation;
mod helpers;
