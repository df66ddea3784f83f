//! What the provider's staff do from the command line: create a customer organization with its
//! built-in groups, activate its services, invite people, read the outbox, load the demo.
//! Server only, on the operator's own handle; no page calls it.

#[cfg(feature = "ssr")]
pub mod ssr;
