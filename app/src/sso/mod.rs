//! Single sign-on for the Arxus ecosystem: the portal is the OpenID Provider (OpenID Connect Core
//! 1.0 with Discovery) of the provider's applications, and its permission groups decide who
//! enters each one. What a client reads first lives here: the discovery document and the keys
//! the ID tokens are signed with. The authorization code flow (PKCE required), the token and
//! userinfo endpoints and back-channel logout come next.

#[cfg(feature = "ssr")]
pub mod ssr;
