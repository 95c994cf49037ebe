//! API errors as yente shapes them: a status code and `{"detail": "…"}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// An error answered to the client.
#[derive(Debug, thiserror::Error)]
#[error("{status}: {detail}")]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, for the client.
    pub detail: String,
}

impl ApiError {
    /// A 400 Bad Request.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            detail: detail.into(),
        }
    }

    /// A 404 Not Found.
    pub fn not_found(detail: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            detail: detail.into(),
        }
    }

    /// A 422 Unprocessable Entity (well-formed JSON of the wrong shape).
    pub fn unprocessable(detail: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            detail: detail.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(serde_json::json!({ "detail": self.detail })),
        )
            .into_response()
    }
}

/// Declares an extractor over axum's `$inner` extractor that answers its rejection like every
/// other client error — a 400 with `{"detail": "$what: …"}` — where axum answers in plain text.
macro_rules! json_rejecting {
    ($(#[$doc:meta])* $name:ident, $inner:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name<T>(pub T);

        impl<T, S> axum::extract::FromRequestParts<S> for $name<T>
        where
            T: serde::de::DeserializeOwned + Send,
            S: Send + Sync,
        {
            type Rejection = ApiError;

            async fn from_request_parts(
                parts: &mut axum::http::request::Parts,
                state: &S,
            ) -> Result<Self, Self::Rejection> {
                match axum::extract::$inner::<T>::from_request_parts(parts, state).await {
                    Ok(axum::extract::$inner(v)) => Ok($name(v)),
                    Err(e) => Err(ApiError::bad_request(format!(
                        concat!($what, ": {}"),
                        e.body_text()
                    ))),
                }
            }
        }
    };
}

json_rejecting!(
    /// Query-string parameters decoded into `T`; a malformed query string (a letter where a
    /// number goes, a negative count, a repeated parameter) is a JSON 400.
    UrlQuery,
    Query,
    "bad query string"
);

json_rejecting!(
    /// Path parameters decoded into `T`; a bad path (invalid percent-encoding or UTF-8) is a
    /// JSON 400.
    UrlPath,
    Path,
    "bad path"
);
