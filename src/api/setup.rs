use super::NoParams;
use crate::models::{
    EmailParams, RegisterParams, RegisterResponse, ResponseParams, Session, SignInResponse,
    StartResponse,
};
use crate::{Client, Operation, Result};

/// Sign-in: `client.setup()`.
#[derive(Clone, Copy, Debug)]
pub struct SetupApi<'a>(pub(crate) &'a Client);

impl Client {
    /// Sign-in and the setup state.
    pub fn setup(&self) -> SetupApi<'_> {
        SetupApi(self)
    }
}

impl SetupApi<'_> {
    /// `GET /v1/app/setup`: the setup state. Public before sign-in.
    pub fn retrieve(&self) -> Result<Session> {
        self.0
            .call_typed::<NoParams, _>(Operation::SetupRetrieve, None, None)
    }

    /// `POST /v1/app/setup/start`: a new setup request.
    pub fn start(&self) -> Result<StartResponse> {
        self.0
            .call_typed::<NoParams, _>(Operation::SetupStart, None, None)
    }

    /// `POST /v1/app/setup/email`: emails a sign-in code.
    pub fn email(&self, params: &EmailParams) -> Result<()> {
        self.0.call_typed(Operation::SetupEmail, None, Some(params))
    }

    /// `POST /v1/app/setup/response`: signs in with the emailed code, or says that a new account
    /// must be registered. On success a client without a token adopts the returned one (unless
    /// `adoptAccessToken` is false).
    pub fn response(&self, params: &ResponseParams) -> Result<SignInResponse> {
        self.0
            .call_typed(Operation::SetupResponse, None, Some(params))
    }

    /// `POST /v1/app/setup/register`: creates the account. The token is adopted as for `response`.
    pub fn register(&self, params: &RegisterParams) -> Result<RegisterResponse> {
        self.0
            .call_typed(Operation::SetupRegister, None, Some(params))
    }
}
