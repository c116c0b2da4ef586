//! The API's error body `{code, message, details?}` and the request-body checks that produce
//! `details.issues`, so every route reports bad input the same way the real server does.

use crate::http::Response;
use serde_json::{json, Map, Value};

#[derive(Debug)]
pub struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    pub details: Option<Value>,
}

impl ApiError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            details: None,
        }
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(
            401,
            "UNAUTHORIZED",
            "a valid Bearer access token is required",
        )
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(409, code, message)
    }

    pub fn into_response(self) -> Response {
        let mut body = json!({"code": self.code, "message": self.message});
        if let Some(details) = self.details {
            body["details"] = details;
        }
        Response::json(self.status, &body)
    }
}

pub struct Issue {
    code: &'static str,
    message: String,
    path: Vec<Value>,
}

fn validation(issues: Vec<Issue>) -> ApiError {
    let message = issues
        .iter()
        .map(|i| i.message.clone())
        .collect::<Vec<_>>()
        .join("; ");
    let issues: Vec<Value> = issues
        .into_iter()
        .map(|i| json!({"code": i.code, "message": i.message, "path": i.path}))
        .collect();
    ApiError {
        status: 400,
        code: "VALIDATION_ERROR",
        message,
        details: Some(json!({ "issues": issues })),
    }
}

/// A JSON object body, checked field by field; issues are collected rather than failing on
/// the first, as the real server's schema validation reports them all.
pub struct Fields {
    map: Map<String, Value>,
    issues: Vec<Issue>,
}

impl Fields {
    /// An empty body counts as `{}`: the SDKs send nothing when every field is optional.
    pub fn parse(body: &[u8]) -> Result<Fields, ApiError> {
        if body.iter().all(|b| b.is_ascii_whitespace()) {
            return Ok(Fields {
                map: Map::new(),
                issues: Vec::new(),
            });
        }
        let value: Value = serde_json::from_slice(body).map_err(|e| {
            validation(vec![Issue {
                code: "invalid_json",
                message: format!("the body is not valid JSON: {e}"),
                path: vec![],
            }])
        })?;
        match value {
            Value::Object(map) => Ok(Fields {
                map,
                issues: Vec::new(),
            }),
            other => Err(validation(vec![Issue {
                code: "invalid_type",
                message: format!("expected an object, received {}", type_name(&other)),
                path: vec![],
            }])),
        }
    }

    fn issue(&mut self, code: &'static str, field: &str, message: String) {
        self.issues.push(Issue {
            code,
            message,
            path: vec![Value::String(field.to_string())],
        });
    }

    pub fn optional_str(&mut self, field: &str) -> Option<String> {
        match self.map.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                let got = type_name(other);
                self.issue(
                    "invalid_type",
                    field,
                    format!("{field}: expected string, received {got}"),
                );
                None
            }
        }
    }

    pub fn required_str(&mut self, field: &str) -> String {
        if matches!(self.map.get(field), None | Some(Value::Null)) {
            self.issue(
                "invalid_type",
                field,
                format!("{field}: required, expected string"),
            );
            return String::new();
        }
        self.optional_str(field).unwrap_or_default()
    }

    pub fn non_empty_str(&mut self, field: &str) -> String {
        let present = matches!(self.map.get(field), Some(Value::String(_)));
        let s = self.required_str(field);
        if present && s.is_empty() {
            self.issue(
                "too_small",
                field,
                format!("{field}: must contain at least 1 character"),
            );
        }
        s
    }

    /// Email addresses only need to look like one; the code proves the rest.
    pub fn email(&mut self, field: &str) -> String {
        let present = matches!(self.map.get(field), Some(Value::String(s)) if !s.is_empty());
        let s = self.non_empty_str(field);
        if present && !s.trim().contains('@') {
            self.issue(
                "invalid_string",
                field,
                format!("{field}: must be an email address"),
            );
        }
        s
    }

    pub fn literal_true(&mut self, field: &str) {
        match self.map.get(field) {
            Some(Value::Bool(true)) => {}
            None | Some(Value::Null) => self.issue(
                "invalid_type",
                field,
                format!("{field}: required, expected true"),
            ),
            Some(_) => self.issue("invalid_literal", field, format!("{field}: expected true")),
        }
    }

    pub fn optional_enum(&mut self, field: &str, allowed: &[&str]) -> Option<String> {
        let v = self.optional_str(field)?;
        if allowed.contains(&v.as_str()) {
            Some(v)
        } else {
            self.issue(
                "invalid_enum_value",
                field,
                format!("{field}: expected one of {}", allowed.join(", ")),
            );
            None
        }
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.issues.is_empty() {
            Ok(())
        } else {
            Err(validation(self.issues))
        }
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
