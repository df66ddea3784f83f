//! The one error type that crosses the wire. It carries Fluent message ids, never internal text.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// An error on one form field: which field, and the Fluent id of the message to show there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No signed-in person.
    #[error("unauthorized")]
    Unauthorized,
    /// Signed in, but without the role this needs.
    #[error("forbidden")]
    Forbidden,
    /// Unknown email or wrong password: one answer for both.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Input that does not pass validation, with the fields concerned.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// An invitation or reset link that is unknown, expired or already used.
    #[error("link invalid")]
    LinkInvalid,
    /// Too many attempts from this address; try again later.
    #[error("rate limited")]
    RateLimited,
    /// Something failed on the server; the cause is in the server log only.
    #[error("internal error")]
    Internal,
    /// The request did not reach a server function or its answer could not be read.
    #[error("transport error")]
    Transport,
    /// The server could not read the request (a malformed body, a missing or repeated argument,
    /// an unknown value): the client's mistake.
    #[error("bad request")]
    BadRequest,
    /// The request's body is larger than the portal accepts.
    #[error("too large")]
    TooLarge,
}

impl AppError {
    pub fn field(field: &str, message_id: &str) -> Self {
        AppError::Validation(vec![FieldError {
            field: field.to_string(),
            message_id: message_id.to_string(),
        }])
    }

    /// The fields a parse refused, each with its message.
    pub fn fields(errors: crate::domain::FieldErrors) -> Self {
        AppError::Validation(errors.into_iter().map(|(field, e)| FieldError { field: field.to_string(), message_id: e.id().to_string() }).collect())
    }

    /// The Fluent id of the message shown for this error.
    pub fn message_id(&self) -> &'static str {
        match self {
            AppError::Unauthorized => "error-unauthorized",
            AppError::Forbidden => "error-forbidden",
            AppError::InvalidCredentials => "error-invalid-credentials",
            AppError::Validation(_) => "error-validation",
            AppError::LinkInvalid => "error-link-invalid",
            AppError::RateLimited => "error-rate-limited",
            AppError::Internal => "error-generic",
            AppError::Transport => "error-network",
            AppError::BadRequest => "error-bad-request",
            AppError::TooLarge => "error-too-large",
        }
    }

    /// The message id to show next to `field`, if this error concerns it.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            AppError::Validation(fields) => fields
                .iter()
                .find(|f| f.field == field)
                .map(|f| f.message_id.clone()),
            _ => None,
        }
    }

    /// The HTTP status that goes with this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::InvalidCredentials => 401,
            AppError::Forbidden => 403,
            AppError::Validation(_) => 422,
            AppError::Transport | AppError::BadRequest => 400,
            AppError::LinkInvalid => 410,
            AppError::TooLarge => 413,
            AppError::RateLimited => 429,
            AppError::Internal => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Transport,
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::BadRequest,
            ServerFnErrorErr::Serialization(_) => AppError::Internal,
            _ => AppError::Internal,
        }
    }
}
