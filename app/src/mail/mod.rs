//! Outgoing e-mail: written to the outbox first, delivered from there by a background worker.

#[cfg(feature = "ssr")]
pub mod ssr;
